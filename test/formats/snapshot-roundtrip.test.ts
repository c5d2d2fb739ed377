/**
 * From CloudTrail to a snapshot and back through every output format: the
 * sets a logged batch writes are the snapshot's, whatever the spelling of
 * their names and the order of their values; and each output zone-replay
 * writes (`--format json|route53|bind`) reads back with readZoneExport, as
 * `diff --against` reads it, to the snapshot's sets, with nothing to diff.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withApexPlaceholders } from '../../src/cli/commands/replay.js';
import { terminalSafeJson } from '../../src/cli/terminal-text.js';
import { diffRecordSets } from '../../src/diff/record-diff.js';
import { collectEvents } from '../../src/events/collect.js';
import { printZoneFile } from '../../src/formats/bind/index.js';
import { printSnapshotReport } from '../../src/formats/report-json.js';
import { printListResourceRecordSets } from '../../src/formats/route53-json.js';
import { readZoneExport } from '../../src/formats/zone-export.js';
import { compareRecordSets, type RecordSet } from '../../src/model/record-set.js';
import { replayEvents } from '../../src/replay/replay.js';
import { snapshotAt, snapshotRecordSets, type Snapshot } from '../../src/views/snapshot.js';
import { arbZone, ORIGIN } from '../support/arbitraries.js';
import { asInputs, ctChange, ctChangeBatch, ctCreateZone, ctFromRecordSet } from '../support/cloudtrail.js';

const sorted = (sets: readonly RecordSet[]) => [...sets].sort(compareRecordSets);
const inputs = { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0 };

/** A zone, with a spelling of each set's name and its values in another order. */
const arbCase = arbZone(ORIGIN).chain((zone) => fc.tuple(fc.constant(zone), fc.array(fc.nat(3), { minLength: zone.length, maxLength: zone.length })));

/** The snapshot after a logged creation of the zone and one batch writing every set of `zone`. */
function replayed(zone: readonly RecordSet[], spellings: readonly number[]): Snapshot {
  const changes = zone.map((rs, i) => {
    const written = rs.values !== undefined ? { ...rs, values: [...rs.values].reverse() } : rs;
    // Route 53 made the apex SOA and NS with the zone: they are replaced, the rest created.
    return ctChange(rs.name === ORIGIN && (rs.type === 'SOA' || rs.type === 'NS') ? 'UPSERT' : 'CREATE', ctFromRecordSet(written, spellings[i]));
  });
  const records = [
    ctCreateZone({ id: 'c1', time: '2024-03-01T00:00:00Z', zone: 'Z1', name: 'Example.COM' }),
    ctChangeBatch({ id: 'b1', time: '2024-03-01T00:00:01Z', zone: 'Z1', changes }),
  ];
  const z = replayEvents(collectEvents(asInputs(records)).events).zones.get('Z1')!;
  expect(z.steps.map((s) => s.outcome)).toMatchObject([{ kind: 'applied' }, { kind: 'applied', findings: [] }]);
  return snapshotAt(z, Date.parse('2024-03-02T00:00:00Z'), inputs);
}

describe('CloudTrail → snapshot → output → readZoneExport', () => {
  it('a logged batch writes exactly its sets, however their names are spelled and their values ordered', () => {
    fc.assert(
      fc.property(arbCase, ([zone, spellings]) => {
        expect(snapshotRecordSets(replayed(zone, spellings))).toEqual(sorted(zone));
      }),
      { numRuns: 100 },
    );
  });

  it('every output format reads back as the snapshot (--against), with no problems and no difference', () => {
    fc.assert(
      fc.property(arbCase, ([zone, spellings]) => {
        const snap = replayed(zone, spellings);
        const sets = snapshotRecordSets(snap);
        const outputs = {
          json: terminalSafeJson(printSnapshotReport([snap], '0.0.0-test')),
          route53: terminalSafeJson(printListResourceRecordSets(sets)),
          bind: printZoneFile(withApexPlaceholders(sets, ORIGIN).sets, { origin: ORIGIN, header: ['zone-replay: Z1 at ' + snap.at] }),
        };
        for (const [format, text] of Object.entries(outputs)) {
          const back = readZoneExport(text, `out.${format}`);
          expect(back.problems, format).toEqual([]);
          expect(back.zoneName, format).toBe(ORIGIN);
          expect(back.recordSets, format).toEqual(sets);
          expect(diffRecordSets(sets, back.recordSets, ORIGIN), format).toEqual([]);
        }
      }),
      { numRuns: 80 },
    );
  });
});
