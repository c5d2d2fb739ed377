/**
 * Trails whose digests cannot stand for Route 53's calls. A digest proves
 * that its trail's log files are all here, not that the trail recorded every
 * call: a trail with event selectors that leave out write events, or a data
 * events trail with management events off, delivers complete and verifiable
 * logs that hold none of Route 53's changes. Counting its digests would prove
 * times another trail lost. The evidence is in the logs: a Route 53 event
 * that another file holds, delivered at a time such a trail proves complete,
 * and missing from every file of that trail.
 */
import { mergeSpans, type Span } from './intervals.js';
import { parseKey } from './s3-keys.js';
import type { CoverageRow, VerifyReport } from './types.js';

/** One copy of an event as read: its eventID, and the log file it came from (a local path or S3 key). */
export interface EventSighting {
  readonly eventId: string;
  readonly file: string;
}

/** A trail (one coverage row) shown to leave out events other logs hold. */
export interface PartialTrail {
  readonly account: string;
  readonly region: string;
  readonly trail: string;
  /** Events that other files hold, delivered in times this trail proves complete, and none of its files. */
  readonly missing: number;
  /** One of them, for the report. */
  readonly example: string;
}

/**
 * How far apart two trails may deliver the same event. CloudTrail delivers
 * within about 5 minutes on average, without a guarantee: an event counts
 * against a trail only when the trail proves a whole hour either side of the
 * event's first delivery elsewhere, so that a late file is not taken for a
 * missing one.
 */
export const DELIVERY_SLACK_MS = 60 * 60 * 1000;

const rowId = (r: { account: string; region: string; trail: string }) => `${r.account}\u0000${r.region}\u0000${r.trail}`;

/**
 * The coverage rows of `report` (within `region` when given) that the events
 * seen show to be partial. Events seen in files outside CloudTrail's key
 * layout (lookup-events output, query results) have no delivery time and
 * count for nothing here. Memory is a few map entries per event: a trail can
 * hold millions.
 */
export function partialTrails(report: VerifyReport, sightings: Iterable<EventSighting>, options: { region?: string } = {}): PartialTrail[] {
  const rows = report.coverage.filter((r) => options.region === undefined || r.region === options.region);
  if (rows.length === 0) return [];
  // The trail of each log file a digest lists, by its key from AWSLogs/ on.
  const trailOfKey = new Map<string, string>();
  for (const f of report.logFiles) {
    const digest = f.digest === undefined ? undefined : parseKey(f.digest);
    if (digest !== undefined) trailOfKey.set(f.key, rowId({ account: digest.account, region: digest.region, trail: digest.trail ?? '' }));
  }
  // Each event's first delivery and account (the folder of the files holding it; '' when two accounts
  // hold it, which no trail does), and the events each trail holds.
  const firstDelivery = new Map<string, number>();
  const accountOf = new Map<string, string>();
  const held = new Map<string, Set<string>>();
  // A file holds many of the events: its key is read once.
  const keys = new Map<string, ReturnType<typeof parseKey>>();
  for (const { eventId, file } of sightings) {
    let key = keys.get(file);
    if (!keys.has(file)) keys.set(file, (key = parseKey(file)));
    if (key === undefined || key.kind !== 'log' || key.time === undefined) continue;
    const first = firstDelivery.get(eventId);
    if (first === undefined || key.time < first) firstDelivery.set(eventId, key.time);
    const account = accountOf.get(eventId);
    if (account === undefined) accountOf.set(eventId, key.account);
    else if (account !== key.account) accountOf.set(eventId, '');
    const trail = trailOfKey.get(key.key);
    if (trail === undefined) continue;
    let events = held.get(trail);
    if (events === undefined) held.set(trail, (events = new Set()));
    events.add(eventId);
  }
  const partial: PartialTrail[] = [];
  for (const row of rows) {
    const own = held.get(rowId(row));
    const proved = provedSpans(row);
    let missing = 0;
    let example = '';
    for (const [eventId, first] of firstDelivery) {
      // A trail delivers each account's events under that account's folder (an organization trail has a row
      // per member account): only events of the row's account can be missing from it.
      if (accountOf.get(eventId) !== row.account || own?.has(eventId) === true) continue;
      if (!covers(proved, first - DELIVERY_SLACK_MS, first + DELIVERY_SLACK_MS)) continue;
      if (missing++ === 0) example = eventId;
    }
    if (missing > 0) partial.push({ account: row.account, region: row.region, trail: row.trail, missing, example });
  }
  return partial;
}

function provedSpans(row: CoverageRow): Span[] {
  return mergeSpans(row.proved.map((p) => ({ start: Date.parse(p.start), end: Date.parse(p.end) })));
}

/** True when one of the merged, ordered `spans` holds all of [start, end] (a binary search: no allocation per event). */
function covers(spans: readonly Span[], start: number, end: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  // The last span starting at or before `start`.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (spans[mid]!.start <= start) lo = mid;
    else hi = mid - 1;
  }
  const s = spans[lo];
  return s !== undefined && s.start <= start && s.end >= end;
}
