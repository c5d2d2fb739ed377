import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseZoneFile, printZoneFile } from '../../../src/formats/bind/index.js';
import { compareRecordSets, type RecordSet } from '../../../src/model/index.js';
import { arbZone, ORIGIN } from '../../support/arbitraries.js';

const sorted = (sets: readonly RecordSet[]): RecordSet[] => [...sets].sort(compareRecordSets);

describe('BIND zone file round trip', () => {
  it('parse(print(z)) equals z, with no problems', () => {
    fc.assert(
      fc.property(arbZone(ORIGIN), (zone) => {
        const text = printZoneFile(zone, { origin: ORIGIN, header: ['generated'] });
        const back = parseZoneFile(text, { file: 'gen.zone' });
        expect(back.problems).toEqual([]);
        expect(back.origin).toBe(ORIGIN);
        expect(back.recordSets).toEqual(sorted(zone));
      }),
      { numRuns: 100 },
    );
  });

  it('round trips below another origin, read with the origin given as an option', () => {
    fc.assert(
      fc.property(arbZone('sub.zone-replay.test.'), (zone) => {
        const text = printZoneFile(zone, { origin: 'Sub.Zone-Replay.TEST' });
        const back = parseZoneFile(text, { file: 'gen.zone', origin: 'sub.zone-replay.test' });
        expect(back.problems).toEqual([]);
        expect(back.recordSets).toEqual(sorted(zone));
      }),
      { numRuns: 50 },
    );
  });

  it('prints the same text whatever the order of the input sets', () => {
    fc.assert(
      fc.property(
        arbZone(ORIGIN).chain((zone) => fc.tuple(fc.constant(zone), fc.shuffledSubarray(zone, { minLength: zone.length, maxLength: zone.length }))),
        ([zone, shuffled]) => {
          expect(printZoneFile(shuffled, { origin: ORIGIN })).toBe(printZoneFile(zone, { origin: ORIGIN }));
        },
      ),
      { numRuns: 100 },
    );
  });
});
