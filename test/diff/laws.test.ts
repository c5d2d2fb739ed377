/**
 * Laws of the diff engine: diff(s, s) is empty; applying the differences or
 * the change batch to one side gives the other (through the same Route 53
 * simulator as the replay); the result does not depend on input order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/diff/change-batch.js';
import { applyDifferences, diffRecordSets } from '../../src/diff/record-diff.js';
import { readChangeBatches, whatIf } from '../../src/diff/what-if.js';
import { readZoneExport } from '../../src/formats/zone-export.js';
import { printListResourceRecordSets } from '../../src/formats/route53-json.js';
import { compareRecordSets, stableJson, type RecordSet } from '../../src/model/record-set.js';
import { arbZone, ORIGIN } from '../support/arbitraries.js';

const sorted = (sets: readonly RecordSet[]) => [...sets].sort(compareRecordSets);
const apex = (rs: RecordSet) => rs.name === ORIGIN && (rs.type === 'SOA' || rs.type === 'NS');

/** Two zones with the same apex (Route 53 manages SOA/NS; the planner leaves them alone). */
const arbPair = fc.tuple(arbZone(ORIGIN), arbZone(ORIGIN)).map(([a, b]) => [a, [...a.filter(apex), ...b.filter((rs) => !apex(rs))]] as const);

function shuffle<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('diff laws', () => {
  it('diff(s, s) is empty', () => {
    fc.assert(
      fc.property(arbZone(ORIGIN), (z) => {
        expect(diffRecordSets(z, z, ORIGIN)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('applying diff(a, b) to a gives b', () => {
    fc.assert(
      fc.property(arbZone(ORIGIN), arbZone(ORIGIN), (a, b) => {
        expect(stableJson(applyDifferences(a, diffRecordSets(a, b, ORIGIN)))).toBe(stableJson(sorted(b)));
      }),
      { numRuns: 100 },
    );
  });

  it('does not depend on the order of records in either input', () => {
    fc.assert(
      fc.property(arbZone(ORIGIN), arbZone(ORIGIN), fc.integer(), (a, b, seed) => {
        expect(stableJson(diffRecordSets(shuffle(a, seed), shuffle(b, seed + 1), ORIGIN))).toBe(stableJson(diffRecordSets(a, b, ORIGIN)));
      }),
      { numRuns: 100 },
    );
  });

  it('the restore change batch, run through the simulator, turns the live zone into the snapshot', () => {
    fc.assert(
      fc.property(arbPair, ([snapshot, live]) => {
        const plan = planChanges(diffRecordSets(snapshot, live, ORIGIN), { direction: 'restore', zoneName: ORIGIN, targetSize: live.length, force: true });
        const batches = readChangeBatches(JSON.parse(JSON.stringify(plan.batches)));
        const result = whatIf(ORIGIN, live, batches);
        if (!result.ok) throw new Error(`rejected: ${result.errors.join('; ')}`);
        expect(stableJson(result.recordSets)).toBe(stableJson(sorted(snapshot)));
      }),
      { numRuns: 150 },
    );
  });

  it('the reverse change batch turns the snapshot into the live zone', () => {
    fc.assert(
      fc.property(arbPair, ([snapshot, live]) => {
        const plan = planChanges(diffRecordSets(snapshot, live, ORIGIN), { direction: 'reverse', zoneName: ORIGIN, targetSize: snapshot.length, force: true });
        const result = whatIf(ORIGIN, snapshot, readChangeBatches(JSON.parse(JSON.stringify(plan.batches))));
        if (!result.ok) throw new Error(`rejected: ${result.errors.join('; ')}`);
        expect(stableJson(result.recordSets)).toBe(stableJson(sorted(live)));
      }),
      { numRuns: 150 },
    );
  });

  it('restores a live zone read from a listing in another spelling, its DELETEs repeating the listing\'s sets', () => {
    // Names upper-cased, `\052` as `*`, values in reverse order: how another tool may list the same zone.
    const respell = (text: string) => {
      const doc = JSON.parse(text) as { ResourceRecordSets: { Name: string; ResourceRecords?: { Value: string }[] }[] };
      for (const rs of doc.ResourceRecordSets) {
        rs.Name = rs.Name.replace(/^\\052\./, '*.').replace(/[a-z]/g, (ch) => ch.toUpperCase());
        rs.ResourceRecords?.reverse();
      }
      return JSON.stringify(doc);
    };
    fc.assert(
      fc.property(arbPair, ([snapshot, live]) => {
        const exp = readZoneExport(respell(printListResourceRecordSets(live)), 'live.json');
        expect(exp.problems).toEqual([]);
        expect(exp.recordSets).toEqual(sorted(live));
        const plan = planChanges(diffRecordSets(snapshot, exp.recordSets, ORIGIN), { direction: 'restore', zoneName: ORIGIN, targetSize: live.length, force: true, nativeLive: exp.native });
        const deletes = plan.batches.flatMap((b) => b.Changes).filter((c) => c.Action === 'DELETE');
        for (const d of deletes) expect([...exp.native.values()]).toContainEqual(d.ResourceRecordSet);
        const result = whatIf(ORIGIN, exp.recordSets, readChangeBatches(JSON.parse(JSON.stringify(plan.batches))));
        if (!result.ok) throw new Error(`rejected: ${result.errors.join('; ')}`);
        expect(stableJson(result.recordSets)).toBe(stableJson(sorted(snapshot)));
      }),
      { numRuns: 100 },
    );
  });
});
