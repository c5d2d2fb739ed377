/**
 * Replay laws on trails with gaps (calls that change records the logs do
 * not show), changes of the apex SOA and NS, and several callers, each
 * with its expectation taken from the trail: from what the generated calls
 * meant, and on known trails from a small model of Route 53
 * (test/support/route53-model.ts), never from the replay itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableJson } from '../../src/model/record-set.js';
import type { Outcome } from '../../src/replay/reducer.js';
import type { ZoneState } from '../../src/replay/state.js';
import { snapshotAt } from '../../src/views/snapshot.js';
import { arbTrailOf, RICH, TRAIL_ZONES, type Trail } from '../support/arb-trail.js';
import { modelZone, zonesOf, type ModelEntry, type ModelOutcome } from '../support/route53-model.js';
import { run } from '../support/trail-run.js';

const inputs = { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0 };
const arbKnown = arbTrailOf({ ...RICH, known: true });
const arbRich = arbTrailOf(RICH);

const OUTCOME: Record<ModelOutcome, Outcome['kind']> = { accepted: 'applied', refused: 'rejected', failed: 'failed', gap: 'gap' };

/** A zone's sets as the replay holds them: key, content, the event that set them. */
const replayed = (s: ZoneState) => [...s.rrsets.entries()].map(([k, e]) => [k, stableJson(e.rrset), e.setBy.eventId]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
const modelled = (sets: ReadonlyMap<string, ModelEntry>) => [...sets.entries()].map(([k, e]) => [k, stableJson(e.rrset), e.by.id]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));

const zoneTimeline = (trail: Trail, z: number) => run([trail.records]).zones.get(TRAIL_ZONES[z]!.id);

describe('replay laws on trails with gaps, apex changes and several callers', () => {
  it('takes every call as a model of Route 53 does: the same outcome, then the same sets, each set by the same call', () => {
    fc.assert(
      fc.property(arbKnown, (trail) => {
        const r = run([trail.records]);
        TRAIL_ZONES.forEach((zone, z) => {
          const model = modelZone(trail, z);
          const steps = r.zones.get(zone.id)?.steps ?? [];
          expect(steps.map((s) => `${s.event.provenance.eventId} ${s.outcome.kind}`), zone.name).toEqual(model.map((m) => `${m.call.id} ${OUTCOME[m.outcome]}`));
          steps.forEach((s, i) => expect(replayed(s.state), s.event.provenance.eventId).toEqual(modelled(model[i]!.sets)));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('after a gap, a successful change the logs alone would refuse for a set\'s presence or content (a DELETE of a set not shown, a CREATE of one shown, a DELETE naming other values) is applied, flagged unverifiable and listed; never a rejection', () => {
    fc.assert(
      fc.property(arbKnown, (trail) => {
        TRAIL_ZONES.forEach((zone, z) => {
          const tl = zoneTimeline(trail, z)!;
          const anomalies = snapshotAt(tl, 8.64e15, inputs).completeness.anomalies;
          for (const m of modelZone(trail, z)) {
            for (const u of m.unverified) {
              const step = tl.steps.find((s) => s.event.provenance.eventId === m.call.id);
              const where = `${m.call.id} ${u.action} ${u.key}`;
              expect(step?.outcome.kind, where).toBe('applied');
              const kind = u.action === 'DELETE' ? 'unverifiable-delete' : 'unverifiable-create';
              expect(step?.outcome.kind === 'applied' && step.outcome.findings.some((f) => f.kind === kind && f.key === u.key), where).toBe(true);
              expect(anomalies.some((a) => a.eventId === m.call.id), where).toBe(true);
            }
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  for (const [label, arb] of [
    ['known', arbKnown],
    ['rich', arbRich],
  ] as const) {
    it(`the completeness report at T names every gap that may have changed the zone up to T, in order, and nothing else (${label} trails)`, () => {
      fc.assert(
        fc.property(arb, fc.nat(), fc.integer({ min: -1, max: 1 }), (trail, pick, shift) => {
          if (trail.calls.length === 0) return;
          const at = trail.calls[pick % trail.calls.length]!.timeMs + shift * 500;
          const r = run([trail.records]);
          TRAIL_ZONES.forEach((zone, z) => {
            const tl = r.zones.get(zone.id);
            if (tl === undefined) return;
            // Its own gaps, and those whose zone the trail does not tell.
            const gaps = trail.calls.filter((c) => c.kind === 'gap' && c.timeMs <= at && zonesOf(trail, c).includes(z));
            const report = snapshotAt(tl, at, inputs).completeness.gaps;
            expect(report.map((g) => `${g.eventId} ${g.eventName}`), zone.name).toEqual(gaps.map((c) => `${c.id} ${String(c.record.eventName)}`));
          });
        }),
        { numRuns: 150 },
      );
    });

    it(`keeps exactly one SOA and one NS at the apex while the zone exists, and rejects a batch that deletes either without writing it back, whether or not the logs saw it (${label} trails)`, () => {
      fc.assert(
        fc.property(arb, (trail) => {
          const r = run([trail.records]);
          TRAIL_ZONES.forEach((zone) => {
            const tl = r.zones.get(zone.id);
            if (tl === undefined) return;
            const apexTypes = (s: ZoneState) => [...s.rrsets.values()].filter((e) => e.rrset.name === zone.name && (e.rrset.type === 'SOA' || e.rrset.type === 'NS')).map((e) => e.rrset.type).sort();
            // From the zone's creation in the logs to its deletion (a change logged after that is applied as logged, and noted).
            let exists = false;
            let deleted = false;
            tl.steps.forEach((s) => {
              const id = s.event.provenance.eventId;
              const call = trail.calls.find((c) => c.id === id);
              const wasDeleted = deleted;
              if (call?.kind === 'create-zone' || call?.kind === 'delete-zone') exists = !(deleted = call.kind === 'delete-zone');
              if (exists) expect(apexTypes(s.state), id).toEqual(['NS', 'SOA']);
              // Every zone has its SOA and NS, seen or not: where its apex is known, a batch that takes either away cannot have succeeded.
              if (call?.kind !== 'batch' || call.failed || wasDeleted || tl.nameSource !== 'logged') return;
              const left = call.changes.reduce((held, c) => {
                if (c.rrset.name !== zone.name || (c.rrset.type !== 'SOA' && c.rrset.type !== 'NS')) return held;
                return c.action === 'DELETE' ? held.filter((t) => t !== c.rrset.type) : [...new Set([...held, c.rrset.type])];
              }, ['NS', 'SOA']);
              if (left.length < 2) expect(s.outcome.kind, `${id} leaves ${left.join(',') || 'nothing'} at the apex`).toBe('rejected');
            });
          });
        }),
        { numRuns: 150 },
      );
    });
  }
});
