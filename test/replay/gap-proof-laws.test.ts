/**
 * Sets proved by a DELETE of a set the logs never showed, in a zone older
 * than the logs with gaps: known from the last gap before the DELETE, or —
 * without a gap before it — from before the logs, as before. And the replay
 * laws hold with those gaps carrying their proved sets: folding reduce over
 * the timeline's events gives its states, and rrsetAt what stateAt gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Change, Provenance, Route53Event } from '../../src/events/types.js';
import type { RecordSet } from '../../src/model/record-set.js';
import { reduce } from '../../src/replay/reducer.js';
import { replayZone, rrsetAt, stateAt, type ZoneTimeline } from '../../src/replay/replay.js';
import { keysAt, type ZoneState } from '../../src/replay/state.js';

const ZONE = 'example.com.';
const NAMES = ['www.example.com.', 'api.example.com.', 'mail.example.com.'];

function prov(i: number, second: number, eventName = 'ChangeResourceRecordSets'): Provenance {
  const timeMs = 1e12 + second * 1000;
  return { eventId: `e${String(i).padStart(3, '0')}`, eventTime: new Date(timeMs).toISOString(), timeMs, eventName, identity: {}, file: 'f', index: i };
}

function rrset(name: string, type: string, v: number): RecordSet {
  return { name, type, ttl: 300, values: [type === 'TXT' ? `"v${v}"` : `192.0.2.${v}`] };
}

const arbChange: fc.Arbitrary<Change> = fc
  .record({ action: fc.constantFrom('CREATE', 'DELETE', 'DELETE', 'UPSERT' as const), name: fc.constantFrom(...NAMES), type: fc.constantFrom('A', 'TXT'), v: fc.integer({ min: 1, max: 2 }) })
  .map(({ action, name, type, v }) => ({ action, rrset: rrset(name, type, v) }));

/** A zone older than the logs (no CreateHostedZone): batches, gaps, a failure now and then; one second apart or in the same second. */
const arbOlderZone = fc
  .array(
    fc.record({
      kind: fc.oneof({ weight: 6, arbitrary: fc.constant('batch' as const) }, { weight: 2, arbitrary: fc.constant('gap' as const) }, { weight: 1, arbitrary: fc.constant('failed' as const) }),
      changes: fc.array(arbChange, { minLength: 1, maxLength: 3 }),
      step: fc.integer({ min: 0, max: 2 }),
    }),
    { maxLength: 24 },
  )
  .map((calls) => {
    let second = 0;
    return calls.map(({ kind, changes, step }, i): Route53Event => {
      second += step;
      if (kind === 'gap') return { provenance: prov(i, second, i % 2 === 0 ? 'ChangeResourceRecordSets' : 'CreateTrafficPolicyInstance'), action: { kind: 'gap', zoneId: 'Z', reason: 'no change list' } };
      return { provenance: prov(i, second), action: { kind: 'change-rrsets', zoneId: 'Z', changes }, ...(kind === 'failed' ? { error: { code: 'Throttling' } } : {}) };
    });
  });

/** Everything observable of a state, in iteration order. */
function view(s: ZoneState): unknown {
  return { fields: [s.zoneId, s.zoneName, s.status, s.gapBy?.eventId], rrsets: [...s.rrsets.entries()], byName: [...s.byName.keys()].map((n) => [n, [...keysAt(s.byName, n)]]), frozen: Object.isFrozen(s) };
}

const stateAfter = (z: ZoneTimeline, i: number) => (i < 0 ? z.initial : z.steps[i]!.state);

describe('sets proved by a DELETE of a set not seen, in a zone older than the logs', () => {
  it('are known from the last gap before the DELETE (in every state from it to the DELETE, in none before), or without a gap from before the logs', () => {
    fc.assert(
      fc.property(arbOlderZone, fc.constantFrom(1, 2, 3, 64), (events, every) => {
        const z = replayZone('Z', events, every);
        expect(z.genesis).toBe('before-logs');
        z.steps.forEach((s, d) => {
          if (s.outcome.kind !== 'applied') return;
          for (const c of s.outcome.changes) {
            // A proved set: the DELETE found it in the state, shown on its evidence.
            if (c.action !== 'DELETE' || c.before?.origin !== 'inferred' || c.before.setBy !== s.event.provenance) continue;
            const proved = c.before;
            const where = `${s.event.provenance.eventId} ${c.key}`;
            // The gap it is known from is the zone's last before the DELETE.
            let g = d - 1;
            while (g >= 0 && z.steps[g]!.outcome.kind !== 'gap') g--;
            expect(proved.since?.eventId, where).toBe(g < 0 ? undefined : z.steps[g]!.event.provenance.eventId);
            const named = s.event.action.kind === 'change-rrsets' ? s.event.action.changes : [];
            expect(proved.rrset, where).toEqual(named.find((ch) => ch.action === 'DELETE' && `${ch.rrset.name} ${ch.rrset.type}` === c.key)!.rrset);
            // In every state from the gap (or before the logs) until the DELETE; the gap's step lists it.
            for (let i = g < 0 ? -1 : g; i < d; i++) expect(stateAfter(z, i).rrsets.get(c.key), `${where} after step ${i}`).toBe(proved);
            if (g >= 0) expect(z.steps[g]!.outcome, where).toMatchObject({ kind: 'gap', proved: expect.arrayContaining([proved]) });
            // In none before the gap; nor at an instant before it, when the logs begin earlier.
            for (let i = -1; i < g; i++) expect(stateAfter(z, i).rrsets.get(c.key), `${where} after step ${i}`).not.toBe(proved);
            const gapMs = g < 0 ? -Infinity : z.steps[g]!.event.provenance.timeMs;
            if (g >= 0 && gapMs > z.steps[0]!.event.provenance.timeMs) expect(stateAt(z, gapMs - 1).rrsets.get(c.key), where).not.toBe(proved);
            // At the gap's instant, when the DELETE comes in a later second.
            if (g >= 0 && s.event.provenance.timeMs > gapMs) expect(rrsetAt(z, gapMs, c.key), where).toBe(proved);
          }
        });
        // Every inferred set of every state is one of those: it is deleted by the event that proved it.
        [-1, ...z.steps.keys()].forEach((i) => {
          for (const [key, e] of stateAfter(z, i).rrsets.entries()) {
            if (e.origin !== 'inferred') continue;
            const d = z.steps.findIndex((s) => s.event.provenance === e.setBy);
            expect(d > i, `${key} after step ${i}`).toBe(true);
            const o = z.steps[d]!.outcome;
            expect(o.kind === 'applied' && o.changes.some((c) => c.action === 'DELETE' && c.key === key && c.before === e), key).toBe(true);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('keep the laws of the replay: folding reduce over the timeline\'s events gives its outcomes and states, and rrsetAt what stateAt gives', () => {
    fc.assert(
      fc.property(arbOlderZone, fc.constantFrom(1, 2, 3, 64), (events, every) => {
        const z = replayZone('Z', events, every);
        let s = z.initial;
        z.steps.forEach((step, i) => {
          const r = reduce(s, step.event);
          s = r.state;
          expect(r.outcome, `step ${i}`).toEqual(step.outcome);
          expect(view(step.state), `step ${i}`).toEqual(view(s));
        });
        const keys = new Set(z.steps.flatMap((st) => (st.outcome.kind === 'applied' ? st.outcome.changes.map((c) => c.key) : [])));
        // Backwards, lookups before the state is built: from kept states and the logged edits after them.
        const again = replayZone('Z', events, every);
        for (const t of [...new Set(again.steps.map((st) => st.event.provenance.timeMs))].reverse()) {
          const found = [...keys].map((key) => rrsetAt(again, t, key));
          const state = stateAt(again, t);
          [...keys].forEach((key, k) => expect(found[k], `t ${t}, ${key}`).toBe(state.rrsets.get(key)));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('a zone older than the logs, with a zone name', () => {
  it('shows a proved set from its gap in snapshots by time', () => {
    const del = (i: number, second: number): Route53Event => ({ provenance: prov(i, second), action: { kind: 'change-rrsets', zoneId: 'Z', changes: [{ action: 'DELETE', rrset: rrset(NAMES[0]!, 'A', 1) }] } });
    const gap: Route53Event = { provenance: prov(1, 10, 'CreateTrafficPolicyInstance'), action: { kind: 'gap', zoneId: 'Z', reason: 'traffic policy instance' } };
    const named: Route53Event = { provenance: prov(0, 0, 'GetHostedZone'), action: { kind: 'zone-name', zoneId: 'Z', zoneName: ZONE } };
    const z = replayZone('Z', [named, gap, del(2, 20)]);
    const key = `${NAMES[0]} A`;
    expect([5, 10, 15, 20].map((s) => stateAt(z, 1e12 + s * 1000).rrsets.get(key)?.since?.eventName ?? null)).toEqual([null, 'CreateTrafficPolicyInstance', 'CreateTrafficPolicyInstance', null]);
  });
});
