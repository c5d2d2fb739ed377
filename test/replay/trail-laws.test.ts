/**
 * The replay laws of laws.test.ts on trails of every kind of record set
 * (arbTrailOf: escaped names, TXT with quotes, aliases, routed sets, names
 * spelled several ways, two zones created and deleted, many events in one
 * second), plain and with gaps, apex changes and several callers,
 * compared on everything a snapshot shows but where each record was read:
 * outcomes, every state, origins, actions and provenance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../src/events/collect.js';
import { recordKey, stableJson } from '../../src/model/record-set.js';
import { replayZone, rrsetAt, stateAt, type Replay } from '../../src/replay/replay.js';
import { snapshotAt, type SnapshotEntry } from '../../src/views/snapshot.js';
import type { ZoneState } from '../../src/replay/state.js';
import { arbTrail as arbPlainTrail, arbTrailOf, RICH } from '../support/arb-trail.js';
import { run, shuffle, unplaced } from '../support/trail-run.js';
import { ctDeleteZone, type Json } from '../support/cloudtrail.js';

const inputs = { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0 };

const recordKeyOf = (e: SnapshotEntry) => recordKey(e.rrset);

/** A GetHostedZone record at `timeMs`: it tells a replay the zone's name and changes nothing. */
function nameCall(zoneId: string, zoneName: string, timeMs: number): Json {
  const id = `name-${zoneId}`;
  return {
    ...ctDeleteZone({ id, time: new Date(timeMs).toISOString().replace(/\.\d{3}Z$/, 'Z'), zone: zoneId }),
    eventName: 'GetHostedZone',
    readOnly: true,
    responseElements: { hostedZone: { id: `/hostedzone/${zoneId}`, name: zoneName } },
  };
}
const entries = (s: ZoneState) => [...s.rrsets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Everything a replay shows, but where each record was read. */
function view(r: Replay): string {
  return stableJson(
    unplaced([...r.zones.values()].map((z) => ({
      id: z.zoneId,
      name: z.zoneName,
      nameSource: z.nameSource,
      genesis: z.genesis,
      initial: entries(z.initial),
      steps: z.steps.map((s) => ({ id: s.event.provenance.eventId, outcome: s.outcome, status: s.state.status, sets: entries(s.state) })),
    }))),
  );
}

/** The plain trails, and trails with gaps, apex changes and several callers: every law holds on both. */
const TRAILS = [
  ['plain', arbPlainTrail],
  ['with gaps, apex changes and several callers', arbTrailOf(RICH).map((t) => t.records)],
] as const;

for (const [kind, arbTrail] of TRAILS) {
  describe(`replay laws on rich trails (${kind})`, () => {
    it('does not depend on the order of records nor on how they are split across files', () => {
      fc.assert(
        fc.property(arbTrail, fc.integer({ min: 1, max: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (records, parts, noise) => {
          const files: Json[][] = Array.from({ length: parts }, () => []);
          shuffle(records, noise).forEach((r, i) => files[(noise[i % noise.length] ?? i) % parts]!.push(r));
          expect(view(run(files))).toBe(view(run([records])));
        }),
        { numRuns: 60 },
      );
    });

    it('is unchanged by copies of events, in the same file or delivered by another trail, before or after the original', () => {
      fc.assert(
        fc.property(arbTrail, fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 30 }), (records, picks, noise) => {
          if (records.length === 0) return;
          const same: Json[] = [...records];
          const other: Json[] = [];
          for (const [p, sameFile] of picks) (sameFile ? same : other).push(structuredClone(records[p % records.length]!));
          // Another trail's file name sorts before the original's: its copy is the one kept.
          expect(view(run([shuffle(same, noise), other], ['trail-b/f.json', 'trail-a/f.json']))).toBe(view(run([records])));
        }),
        { numRuns: 60 },
      );
    });

    it('a snapshot at T shows what the events at or before T make, plus only sets a later DELETE proves existed before the logs', () => {
      const shown = (e: SnapshotEntry) => stableJson([e.rrset, e.origin, e.action, e.setBy.eventId]);
      fc.assert(
        fc.property(arbTrail, fc.nat(), fc.integer({ min: -1, max: 1 }), (records, pick, shift) => {
          if (records.length === 0) return;
          const all = run([records]);
          const times = records.map((r) => Date.parse(String(r.eventTime)));
          const at = times[pick % times.length]! + shift * 500;
          // A zone's name is a fact of every instant, which the whole replay may learn from a later event
          // (a CreateHostedZone after a change of its zone, in a garbled log): the prefix is told it too,
          // by a read-only call after T that changes nothing.
          const names = [...all.zones.values()].flatMap((z) => (z.nameSource === 'logged' && z.zoneName !== undefined ? [nameCall(z.zoneId, z.zoneName, at + 1000)] : []));
          const before = run([[...records.filter((_, i) => times[i]! <= at), ...names]]);
          for (const z of all.zones.values()) {
            const whole = snapshotAt(z, at, inputs);
            const p = before.zones.get(z.zoneId);
            const prefix = p === undefined ? undefined : snapshotAt(p, at, inputs);
            expect(whole.status).toBe(prefix?.status ?? 'unknown');
            const inWhole = new Map(whole.recordSets.map((e) => [recordKeyOf(e), e]));
            for (const e of prefix?.recordSets ?? []) expect(inWhole.has(recordKeyOf(e)) ? shown(inWhole.get(recordKeyOf(e))!) : 'missing', recordKeyOf(e)).toBe(shown(e));
            const inPrefix = new Set((prefix?.recordSets ?? []).map(recordKeyOf));
            for (const e of whole.recordSets) {
              if (inPrefix.has(recordKeyOf(e))) continue;
              // Only evidence: a set first named by a later, accepted DELETE.
              expect({ origin: e.origin, action: e.action, later: e.setBy.timeMs > at }, recordKeyOf(e)).toEqual({ origin: 'inferred', action: 'inferred', later: true });
              const step = z.steps.find((s) => s.event.provenance.eventId === e.setBy.eventId)!;
              expect(step.outcome.kind === 'applied' && step.outcome.changes.some((c) => c.action === 'DELETE' && c.key === recordKeyOf(e))).toBe(true);
            }
          }
        }),
        { numRuns: 100 },
      );
    });

    it('rrsetAt answers what stateAt(…).rrsets.get does, with events in one second and sets proved before the logs, whatever the interval', () => {
      fc.assert(
        fc.property(arbTrail, fc.constantFrom(1, 2, 3, 5), (records, every) => {
          const events = collectEvents(records.map((record, index) => ({ record, file: 'f.json', index }))).events;
          for (const zoneId of new Set(events.map((e) => e.action.zoneId))) {
            if (zoneId === undefined) continue;
            const z = replayZone(zoneId, events.filter((e) => e.action.zoneId === zoneId), every);
            const keys = new Set([...z.initial.rrsets.keys(), ...z.steps.flatMap((s) => (s.outcome.kind === 'applied' ? s.outcome.changes.map((c) => c.key) : []))]);
            // Each instant of the timeline (a second may hold several events), one before and between, walked backwards.
            const instants = [...new Set(z.steps.flatMap((s) => [s.event.provenance.timeMs - 1, s.event.provenance.timeMs, s.event.provenance.timeMs + 1]))].sort((a, b) => b - a);
            for (const t of instants) {
              const found = [...keys].map((key) => rrsetAt(z, t, key));
              const state = stateAt(z, t);
              [...keys].forEach((key, k) => expect(found[k], `t ${t}, ${key}`).toBe(state.rrsets.get(key)));
            }
          }
        }),
        { numRuns: 60 },
      );
    });

    it('keeps the same copy of an event whose copies disagree, whatever the order of records and files', () => {
      // Copies that differ where a second trail or a re-delivery might: the caller's details, the time, the batch.
      const perturb = (r: Json, how: number): Json => {
        const c = structuredClone(r);
        if (how === 0) c.userAgent = 'console.amazonaws.com';
        if (how === 1) c.sourceIPAddress = '203.0.113.9';
        if (how === 2) c.eventTime = new Date(Date.parse(String(c.eventTime)) + 1000).toISOString().replace('.000', '');
        if (how === 3) c.requestParameters = { ...(c.requestParameters as Json), changeBatch: { changes: [] } };
        if (how === 4) Object.assign(c, { errorCode: 'Throttling', errorMessage: 'Rate exceeded', responseElements: null });
        return c;
      };
      fc.assert(
        fc.property(arbTrail, fc.array(fc.tuple(fc.nat(), fc.nat(4), fc.boolean()), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (records, picks, noise) => {
          if (records.length === 0) return;
          const a: Json[] = [...records];
          const b: Json[] = [];
          for (const [p, how, sameFile] of picks) (sameFile ? a : b).push(perturb(records[p % records.length]!, how));
          const names = ['a.json', 'b.json'];
          expect(view(run([shuffle(b, noise), shuffle(a, noise)], [names[1]!, names[0]!]))).toBe(view(run([a, b], names)));
        }),
        { numRuns: 100 },
      );
    });

    it('hands out deeply frozen snapshots that nothing done afterwards changes', () => {
      const deepFrozen = (v: unknown): boolean => typeof v !== 'object' || v === null || (Object.isFrozen(v) && Object.values(v).every(deepFrozen));
      fc.assert(
        fc.property(arbTrail, fc.nat(), (records, pick) => {
          if (records.length === 0) return;
          const r = run([records]);
          const at = Date.parse(String(records[pick % records.length]!.eventTime));
          const snaps = [...r.zones.values()].map((z) => snapshotAt(z, at, inputs));
          const before = JSON.stringify(snaps);
          for (const s of snaps) expect(deepFrozen(s)).toBe(true);
          // Later instants and the whole replay again leave them as they were.
          for (const z of r.zones.values()) snapshotAt(z, 8.64e15, inputs);
          run([records, records]);
          expect(JSON.stringify(snaps)).toBe(before);
        }),
        { numRuns: 60 },
      );
    });
  });
}
