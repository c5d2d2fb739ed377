/**
 * Coverage rows: a hole lists why it is one, and a long hole (a day of lost
 * files is 24 hourly digests) names the first reasons and counts the rest.
 */
import { describe, expect, it } from 'vitest';
import { coverageRow } from '../../src/verify/coverage.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 2, 6);
const id = { account: '111122223333', region: 'us-east-1', trail: 'management-events' };

describe('coverage holes', () => {
  it('list up to three reasons, and count the rest past two', () => {
    const digests = (n: number) => Array.from({ length: n }, (_, h) => ({ start: T0 + h * HOUR, end: T0 + (h + 1) * HOUR, unproved: `digest d${h}: 1 log file missing` }));
    for (const [n, reason] of [
      [1, 'digest d0: 1 log file missing'],
      [3, 'digest d0: 1 log file missing; digest d1: 1 log file missing; digest d2: 1 log file missing'],
      [24, "digest d0: 1 log file missing; digest d1: 1 log file missing; and 22 more digests' reasons (the log files' statuses list every file)"],
    ] as const) {
      const row = coverageRow(id, digests(n), [], undefined, undefined);
      expect(row.proved).toEqual([]);
      expect(row.holes).toEqual([{ start: '2024-03-06T00:00:00Z', end: new Date(T0 + n * HOUR).toISOString().replace('.000', ''), reason }]);
    }
  });
});
