/**
 * Record sets whose logged values are redacted or invalid (an empty string,
 * text that does not parse for the type), as the README documents them:
 * kept as logged and reported in the completeness report; written by the
 * JSON outputs as logged (and flagged again when read back), by the zone
 * file only as comments; and never written by the restore planner into a
 * batch Route 53 would refuse.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withApexPlaceholders } from '../../src/cli/commands/replay.js';
import { terminalSafeJson } from '../../src/cli/terminal-text.js';
import { planChanges } from '../../src/diff/change-batch.js';
import { diffRecordSets } from '../../src/diff/record-diff.js';
import { readChangeBatches, whatIf } from '../../src/diff/what-if.js';
import { collectEvents } from '../../src/events/collect.js';
import { printZoneFile } from '../../src/formats/bind/index.js';
import { printSnapshotReport } from '../../src/formats/report-json.js';
import { printListResourceRecordSets } from '../../src/formats/route53-json.js';
import { readZoneExport } from '../../src/formats/zone-export.js';
import { readResourceRecordSet } from '../../src/model/read-rrset.js';
import { compareRecordSets, recordKey, stableJson, type RecordSet } from '../../src/model/record-set.js';
import { replayEvents } from '../../src/replay/replay.js';
import { snapshotAt, snapshotRecordSets, type Snapshot } from '../../src/views/snapshot.js';
import { arbInvalidVariant, arbZone, ORIGIN } from '../support/arbitraries.js';
import { asInputs, ctChange, ctChangeBatch, ctCreateZone, ctFromRecordSet } from '../support/cloudtrail.js';

const inputs = { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0 };
const sorted = (sets: readonly RecordSet[]) => [...sets].sort(compareRecordSets);
const apex = (rs: RecordSet) => rs.name === ORIGIN && (rs.type === 'SOA' || rs.type === 'NS');

/** A zone, some of its sets (not the apex SOA/NS) with invalid values, and which of those the live zone lacks. */
const arbCase = arbZone(ORIGIN)
  .filter((zone) => zone.some((rs) => !apex(rs)))
  .chain((zone) =>
    fc.tuple(
      fc.constant(zone),
      fc.tuple(...zone.map((rs) => (apex(rs) ? fc.constant(undefined) : fc.tuple(fc.boolean(), arbInvalidVariant(rs))))),
      fc.constantFrom(...zone.flatMap((rs, i) => (apex(rs) ? [] : [i]))),
      fc.array(fc.boolean(), { minLength: zone.length, maxLength: zone.length }),
    ),
  )
  .map(([zone, variants, must, missing]) => {
    // At least one set (`must`) holds invalid values.
    const variant = (i: number) => (variants[i] !== undefined && (variants[i]![0] || i === must) ? variants[i]![1] : undefined);
    return {
      zone,
      bad: zone.flatMap((_, i) => (variant(i) === undefined ? [] : [variant(i)!])),
      /** The zone as it lives: without the sets `missing` drops from the invalid ones. */
      live: zone.filter((_, i) => variant(i) === undefined || !missing[i]),
    };
  });

/** The snapshot after a logged creation of `zone`, one batch writing it, and one UPSERTing the invalid variants. */
function replayed(zone: readonly RecordSet[], bad: readonly RecordSet[]): Snapshot {
  const records = [
    ctCreateZone({ id: 'c1', time: '2024-03-01T00:00:00Z', zone: 'Z1', name: ORIGIN }),
    ctChangeBatch({ id: 'b1', time: '2024-03-01T00:00:01Z', zone: 'Z1', changes: zone.map((rs) => ctChange(apex(rs) ? 'UPSERT' : 'CREATE', ctFromRecordSet(rs))) }),
    ctChangeBatch({ id: 'b2', time: '2024-03-01T00:00:02Z', zone: 'Z1', changes: bad.map((rs) => ctChange('UPSERT', ctFromRecordSet(rs))) }),
  ];
  const z = replayEvents(collectEvents(asInputs(records)).events).zones.get('Z1')!;
  expect(z.steps.map((s) => s.outcome.kind)).toEqual(['applied', 'applied', 'applied']);
  return snapshotAt(z, Date.parse('2024-03-02T00:00:00Z'), inputs);
}

/** The set as the replay holds it after the bad sets replaced theirs. */
function expected(zone: readonly RecordSet[], bad: readonly RecordSet[]): RecordSet[] {
  const byKey = new Map(zone.map((rs) => [recordKey(rs), rs]));
  for (const rs of bad) byKey.set(recordKey(rs), rs);
  return sorted([...byKey.values()]);
}

describe('invalid or redacted values', () => {
  it('are kept as logged, and each is reported in the completeness report', () => {
    fc.assert(
      fc.property(arbCase, ({ zone, bad }) => {
        const snap = replayed(zone, bad);
        expect(snapshotRecordSets(snap)).toEqual(expected(zone, bad));
        const reported = snap.completeness.redactedValues.map((r) => stableJson([r.eventId, r.key, r.value, r.reason])).sort();
        const logged = bad.flatMap((rs) => rs.invalidValues!.map((v) => stableJson(['b2', `${rs.name} ${rs.type}`, v.value, v.reason]))).sort();
        expect(reported).toEqual(logged);
      }),
      { numRuns: 40 },
    );
  });

  it('read back from the JSON outputs as logged (and flagged again); from the zone file without them, each left as a comment', () => {
    fc.assert(
      fc.property(arbCase, ({ zone, bad }) => {
        const snap = replayed(zone, bad);
        const sets = snapshotRecordSets(snap);
        const flagged = sets.flatMap((rs) => (rs.invalidValues ?? []).map((v) => v.value));
        for (const [format, text] of Object.entries({
          json: terminalSafeJson(printSnapshotReport([snap], '0.0.0-test')),
          route53: terminalSafeJson(printListResourceRecordSets(sets)),
        })) {
          const back = readZoneExport(text, `out.${format}`);
          expect(back.recordSets, format).toEqual(sets);
          for (const v of flagged) expect(back.problems.some((p) => p.message.includes(`value ${JSON.stringify(v)} cannot be read`)), `${format} ${JSON.stringify(v)}`).toBe(true);
        }
        const zoneFile = printZoneFile(withApexPlaceholders(sets, ORIGIN).sets, { origin: ORIGIN });
        const back = readZoneExport(zoneFile, 'out.bind');
        const readable = sets.flatMap((rs): RecordSet[] => {
          if (rs.invalidValues === undefined) return [rs];
          const { invalidValues, ...clean } = rs;
          const values = rs.values!.filter((v) => !invalidValues.some((b) => b.value === v));
          return values.length === 0 ? [] : [{ ...clean, values }];
        });
        expect(back.recordSets).toEqual(readable);
        for (const rs of bad) for (const v of rs.invalidValues!) expect(zoneFile).toContain(`: ${JSON.stringify(v.value)}`);
      }),
      { numRuns: 40 },
    );
  });

  it('the restore planner leaves them out and says so, either way; what it writes is readable and accepted', () => {
    fc.assert(
      fc.property(arbCase, fc.boolean(), ({ zone, bad, live }, reverse) => {
        const snapshot = snapshotRecordSets(replayed(zone, bad));
        const plan = planChanges(diffRecordSets(snapshot, live, ORIGIN), { direction: reverse ? 'reverse' : 'restore', zoneName: ORIGIN, targetSize: live.length, force: true });
        const written = plan.batches.flatMap((b) => b.Changes);
        for (const c of written) expect(readResourceRecordSet(c.ResourceRecordSet).invalidValues, stableJson(c)).toBeUndefined();
        const badKeys = new Set(bad.map(recordKey));
        const liveKeys = new Set(live.map(recordKey));
        // Restore must write them (they differ from the live sets): left out. Reverse must delete those the live zone lacks: left out too.
        const leftOut = [...badKeys].filter((k) => !reverse || !liveKeys.has(k)).sort();
        expect(plan.skipped.map((s) => s.key).filter((k) => badKeys.has(k)).sort()).toEqual(leftOut);
        for (const s of plan.skipped.filter((x) => badKeys.has(x.key))) expect(s.reason).toMatch(/redacted or invalid/);
        const from = reverse ? snapshot : live;
        const result = whatIf(ORIGIN, from, readChangeBatches(JSON.parse(JSON.stringify(plan.batches))));
        if (!result.ok) throw new Error(`batch ${result.batch} rejected: ${result.errors.join('; ')}`);
      }),
      { numRuns: 40 },
    );
  });
});
