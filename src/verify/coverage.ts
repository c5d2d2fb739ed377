/**
 * Coverage: which delivery times the verified digests prove complete, and the
 * holes between, with reasons.
 */
import type { CoverageRow, TimeInterval, VerifyReport } from './types.js';
import { clipSpan, complementSpans, intersectSpans, isoTime, mergeSpans, overlaps, type Span } from './intervals.js';

/** One judged digest's interval; `unproved` says why it proves nothing. */
export interface JudgedSpan extends Span {
  unproved?: string;
}

/** Identity of a coverage row. */
export interface RowIdentity {
  account: string;
  region: string;
  trail: string;
}

/** Reasons given for one hole; more are summed up. */
const MAX_REASONS = 3;

/**
 * Builds one row. The window is [since, until], each end defaulting to the
 * earliest start / latest end of the judged digests.
 */
export function coverageRow(
  id: RowIdentity,
  judged: readonly JudgedSpan[],
  holeReasons: readonly (Span & { reason: string })[],
  since: number | undefined,
  until: number | undefined,
): CoverageRow {
  // A Date holds ±8.64e15 ms: a wider since/until (checkTrail's callers pass numbers) made isoTime throw.
  const clamp = (ms: number) => Math.min(Math.max(ms, -8.64e15), 8.64e15);
  const window: Span = {
    // reduce, not Math.min(...spans): a row can hold years of hourly digests.
    start: clamp(since ?? judged.reduce((m, j) => Math.min(m, j.start), Infinity)),
    end: clamp(until ?? judged.reduce((m, j) => Math.max(m, j.end), -Infinity)),
  };
  const proved = mergeSpans(
    judged.filter((j) => j.unproved === undefined).flatMap((j) => {
      const c = clipSpan(j, window);
      return c === undefined ? [] : [c];
    }),
  );
  const reasons = [
    ...holeReasons,
    ...judged.flatMap((j) => (j.unproved === undefined ? [] : [{ start: j.start, end: j.end, reason: j.unproved }])),
  ];
  const holes = complementSpans(window, proved).map((piece) => {
    const why = [...new Set(reasons.filter((r) => overlaps(r, piece)).map((r) => r.reason))];
    // A day of lost files is 24 digests' reasons: the first ones say what kind of hole it is, the files say the rest.
    const shown = why.length > MAX_REASONS ? [...why.slice(0, MAX_REASONS - 1), `and ${why.length - MAX_REASONS + 1} more digests' reasons (the log files' statuses list every file)`] : why;
    return { ...interval(piece), reason: shown.length > 0 ? shown.join('; ') : 'no local digest covers this time' };
  });
  return { region: id.region, trail: id.trail, account: id.account, proved: proved.map(interval), holes };
}

function interval(s: Span): TimeInterval {
  return { start: isoTime(s.start), end: isoTime(s.end) };
}

/**
 * For the replay's completeness report: the delivery intervals proved complete,
 * or none. With `region`, the union over that region's trails (Route 53's
 * events are recorded in us-east-1); without, only the times every region in
 * the report proves (the union over trails within a region, intersected
 * across regions) — never more than what was proved. `exclude` leaves out
 * trails whose digests do not stand for every call (partial-trails.ts).
 */
export function provedCoverage(report: VerifyReport, options: { region?: string; exclude?: readonly RowIdentity[] } = {}): TimeInterval[] {
  const excluded = (row: CoverageRow) => options.exclude?.some((x) => x.account === row.account && x.region === row.region && x.trail === row.trail) === true;
  const byRegion = new Map<string, Span[]>();
  for (const row of report.coverage) {
    if (options.region !== undefined && row.region !== options.region) continue;
    if (excluded(row)) continue;
    const list = byRegion.get(row.region) ?? [];
    for (const p of row.proved) list.push({ start: Date.parse(p.start), end: Date.parse(p.end) });
    byRegion.set(row.region, list);
  }
  let result: Span[] | undefined;
  for (const spans of byRegion.values()) result = result === undefined ? mergeSpans(spans) : intersectSpans(result, spans);
  return (result ?? []).map(interval);
}
