/**
 * Partial trails: a trail's digests stand for Route 53's calls only if its
 * logs hold the changes other logs hold, in the times it proves complete.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DELIVERY_SLACK_MS, partialTrails, provedCoverage, type VerifyReport } from '../../src/verify/index.js';

const ACCOUNT = '111122223333';
const HOUR = 3_600_000;
const compact = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const T0 = Date.UTC(2024, 2, 6);

/** A log file's key delivered at `ms`, and a digest key of `trail`. */
const logKey = (ms: number, unique: string) => `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2024/03/06/${ACCOUNT}_CloudTrail_us-east-1_${compact(ms)}_${unique}.json.gz`;
const digestKey = (trail: string) => `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2024/03/06/${ACCOUNT}_CloudTrail-Digest_us-east-1_${trail}_us-east-1_20240306T235959Z.json.gz`;

/** Two trails proving [T0, T0 + 24h] each (or `bProves` for the second), with their log files. */
function report(files: { trail: 'a' | 'b'; key: string }[], bProves: [number, number] = [T0, T0 + 24 * HOUR]): VerifyReport {
  const row = (trail: string, [start, end]: [number, number]) => ({ region: 'us-east-1', trail, account: ACCOUNT, proved: [{ start: iso(start), end: iso(end) }], holes: [] });
  return {
    logFiles: files.map((f) => ({ file: `/logs/${f.trail}/${f.key}`, key: f.key, status: 'ok' as const, digest: digestKey(f.trail) })),
    digests: [],
    coverage: [row('a', [T0, T0 + 24 * HOUR]), row('b', bProves)],
    signed: 'none',
    ok: true,
    problems: [],
  };
}

describe('partialTrails', () => {
  const noon = T0 + 12 * HOUR;
  const aNoon = logKey(noon, 'AAAAAAAAAAAAAAAA');
  const bNoon = logKey(noon + 5 * 60_000, 'BBBBBBBBBBBBBBBB');
  /** Both trails with a file at noon, and e1 in both files. */
  const both = () => report([
    { trail: 'a', key: aNoon },
    { trail: 'b', key: bNoon },
  ]);
  const e1InBoth = [
    { eventId: 'e1', file: `/logs/a/${aNoon}` },
    { eventId: 'e1', file: `/logs/b/${bNoon}` },
  ];

  it('finds none when every trail holds every change', () => {
    expect(partialTrails(both(), e1InBoth, { region: 'us-east-1' })).toEqual([]);
  });

  it('names a trail that proves the time of a change it does not hold, and provedCoverage leaves it out', () => {
    const r = both();
    const seen = [
      ...e1InBoth,
      { eventId: 'e2', file: `/logs/a/${aNoon}` },
      { eventId: 'e3', file: `/logs/a/${aNoon}` },
    ];
    const partial = partialTrails(r, seen, { region: 'us-east-1' });
    expect(partial).toEqual([{ account: ACCOUNT, region: 'us-east-1', trail: 'b', missing: 2, example: 'e2' }]);
    // Trail a proves less than b here: without b, only a's proof is left.
    const r2 = { ...r, coverage: [{ ...r.coverage[0]!, proved: [{ start: iso(T0), end: iso(T0 + 6 * HOUR) }] }, r.coverage[1]!] };
    expect(provedCoverage(r2, { region: 'us-east-1' })).toEqual([{ start: iso(T0), end: iso(T0 + 24 * HOUR) }]);
    expect(provedCoverage(r2, { region: 'us-east-1', exclude: partial })).toEqual([{ start: iso(T0), end: iso(T0 + 6 * HOUR) }]);
  });

  it('gives a trail an hour either side of the first delivery before it counts a change against it', () => {
    const seen = [{ eventId: 'late', file: `/logs/a/${aNoon}` }];
    // b's proof ends just under an hour after the change was delivered: b may deliver it later.
    const short = report([{ trail: 'a', key: aNoon }], [T0, noon + DELIVERY_SLACK_MS - 60_000]);
    expect(partialTrails(short, seen, { region: 'us-east-1' })).toEqual([]);
    const long = report([{ trail: 'a', key: aNoon }], [T0, noon + DELIVERY_SLACK_MS]);
    expect(partialTrails(long, seen, { region: 'us-east-1' }).map((t) => t.trail)).toEqual(['b']);
  });

  it('counts nothing for files outside the S3 layout (their delivery time is unknown), nor for other regions', () => {
    const r = report([{ trail: 'a', key: aNoon }]);
    expect(partialTrails(r, [{ eventId: 'e9', file: '/exports/lookup-events.json' }], { region: 'us-east-1' })).toEqual([]);
    expect(partialTrails(r, [{ eventId: 'e9', file: `/logs/a/${aNoon}` }], { region: 'eu-west-1' })).toEqual([]);
  });

  it('counts a change against a trail exactly when one of its proved intervals holds the hour either side of it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 6 })), { maxLength: 6 }), fc.integer({ min: 60, max: 47 * 60 }), (spans, minute) => {
        const at = T0 + minute * 60_000;
        const proved = spans.map(([h, len]) => ({ start: iso(T0 + h * HOUR), end: iso(T0 + (h + len) * HOUR) }));
        const r = report([{ trail: 'a', key: logKey(at, 'AAAAAAAAAAAAAAAA') }]);
        const withB = { ...r, coverage: [r.coverage[0]!, { ...r.coverage[1]!, proved }] };
        const found = partialTrails(withB, [{ eventId: 'e', file: `/logs/a/${logKey(at, 'AAAAAAAAAAAAAAAA')}` }], { region: 'us-east-1' });
        // Merged as verify merges them (touching intervals are one), then one must hold [at - 1h, at + 1h].
        const merged = [...spans].map(([h, len]) => [T0 + h * HOUR, T0 + (h + len) * HOUR] as const).sort((x, y) => x[0] - y[0]);
        const joined: [number, number][] = [];
        for (const [a, b] of merged) {
          const last = joined[joined.length - 1];
          if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
          else joined.push([a, b]);
        }
        const expected = joined.some(([a, b]) => a <= at - DELIVERY_SLACK_MS && b >= at + DELIVERY_SLACK_MS);
        expect(found.map((t) => t.trail)).toEqual(expected ? ['b'] : []);
      }),
    );
  });

  it("judges a row only by its own account's events (an organization trail has a row per member account)", () => {
    const r = report([{ trail: 'a', key: aNoon }]);
    const other = aNoon.replaceAll(ACCOUNT, '444455556666');
    expect(partialTrails(r, [{ eventId: 'e7', file: `/org/${other}` }], { region: 'us-east-1' })).toEqual([]);
  });

  it('counts against a trail a change read from a log file no digest lists', () => {
    const r = report([{ trail: 'b', key: bNoon }]);
    const unlisted = logKey(noon, 'CCCCCCCCCCCCCCCC');
    const partial = partialTrails(r, [{ eventId: 'e5', file: `/elsewhere/${unlisted}` }], { region: 'us-east-1' });
    expect(partial.map((t) => t.trail)).toEqual(['a', 'b']);
  });
});
