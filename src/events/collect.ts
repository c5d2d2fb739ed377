/**
 * From records to an ordered, de-duplicated event list.
 *
 * CloudTrail can deliver an event twice, and every trail that includes
 * global services delivers the same Route 53 event: events are de-duplicated
 * by eventID across all inputs. Log files are not in order, so events are
 * sorted by eventTime with a stable tiebreak:
 *   1. eventTime (milliseconds);
 *   2. within one instant, CreateHostedZone before other calls and
 *      DeleteHostedZone after them (a zone is born before it is changed and
 *      emptied before it is deleted);
 *   3. Route 53's change id (`/change/C…`), then eventID, as plain strings —
 *      arbitrary but fixed, so the result never depends on input order;
 *   4. for copies of one event, what else they hold (the caller's details,
 *      an error), then the input file and position, so the copy kept is
 *      always the same one, whatever the order the records came in.
 */
import type { JsonObject } from '../model/read-rrset.js';
import { compareStrings, sameJson, stableJson } from '../model/record-set.js';
import { isRoute53Record, normalizeRecord, type EventProblem, type RecordOrigin } from './normalize.js';
import type { Route53Event } from './types.js';

/** The events read from a set of records, and what could not be used. */
export interface EventLog {
  /** Unique events in replay order. */
  readonly events: readonly Route53Event[];
  /** Records that were not Route 53 events or could not be read. */
  readonly problems: readonly EventProblem[];
  /** How many records were dropped as duplicates of an eventID already seen. */
  readonly duplicates: number;
  /** eventIDs seen twice with different content (a contradiction in the inputs). */
  readonly conflictingDuplicates: readonly string[];
  /** The same, with where the copies were read and what differs. */
  readonly contradictoryCopies: readonly ContradictoryCopies[];
}

/**
 * Copies of one event (one eventID) that do not agree. Two trails deliver
 * the same record byte for byte, so a difference means a log file was
 * altered, or two sources disagree: either way the replay chose one copy.
 */
export interface ContradictoryCopies {
  readonly eventId: string;
  /** The replayed copy's time (epoch ms). */
  readonly timeMs: number;
  /** The zones the copies name. */
  readonly zoneIds: readonly string[];
  /** Where the replayed copy was read, `file#index`. */
  readonly replayed: string;
  /** Where every copy was read, `file#index`. */
  readonly copies: readonly string[];
  /** What differs: `eventTime`, `action`, `error`, or a caller's detail (`identity.arn`, `userAgent`, …). */
  readonly differs: readonly string[];
}

/** The caller's details a copy may carry or lack (a source that drops one is not contradicting). */
const CALLER_DETAILS = ['sourceIPAddress', 'userAgent', 'requestId', 'recipientAccountId', 'changeId'] as const;

/** What two copies of one event disagree on (empty when they agree). */
function copyDifferences(a: Route53Event, b: Route53Event): string[] {
  const differs: string[] = [];
  if (a.provenance.eventTime !== b.provenance.eventTime) differs.push('eventTime');
  if (!sameJson(a.action, b.action)) differs.push('action');
  if (!sameJson(a.error, b.error)) differs.push('error');
  const ia = a.provenance.identity as Record<string, unknown>;
  const ib = b.provenance.identity as Record<string, unknown>;
  for (const key of Object.keys(ia)) {
    if (ia[key] !== undefined && ib[key] !== undefined && !sameJson(ia[key], ib[key])) differs.push(`identity.${key}`);
  }
  for (const key of CALLER_DETAILS) {
    const va = a.provenance[key];
    const vb = b.provenance[key];
    if (va !== undefined && vb !== undefined && va !== vb) differs.push(key);
  }
  return differs;
}

/** Where an event was read. */
function readAt(e: Route53Event): string {
  return `${e.provenance.file}#${e.provenance.index}`;
}

function zoneOf(e: Route53Event): string | undefined {
  return 'zoneId' in e.action ? e.action.zoneId : undefined;
}

function phase(e: Route53Event): number {
  if (e.action.kind === 'create-zone') return 0;
  if (e.action.kind === 'delete-zone') return 2;
  return 1;
}

/** The replay order of events. */
export function compareEvents(a: Route53Event, b: Route53Event): number {
  return compareIdentity(a, b) || compareStrings(stableJson(a.action), stableJson(b.action)) || compareCopies(a, b);
}

/** Time, phase, change id, eventID: enough for all but copies of one event. */
function compareIdentity(a: Route53Event, b: Route53Event): number {
  const pa = a.provenance;
  const pb = b.provenance;
  return pa.timeMs - pb.timeMs || phase(a) - phase(b) || compareStrings(pa.changeId ?? '', pb.changeId ?? '') || compareStrings(pa.eventId, pb.eventId);
}

/** Copies of one event (same eventID; when content differs, compareEvents orders by it first): where each was read. */
function compareCopies(a: Route53Event, b: Route53Event): number {
  return compareStrings(a.provenance.file, b.provenance.file) || a.provenance.index - b.provenance.index;
}

/** What a copy holds beside its time and action: provenance but where it was read, error, problems. */
function details(e: Route53Event): unknown {
  const { file: _file, index: _index, ...provenance } = e.provenance;
  return { provenance, error: e.error, problems: e.problems };
}

/**
 * Copies of one event at one time with one action may still differ (a user
 * agent, a failure one copy records): their content picks one, so the choice
 * does not turn on which came first in a file.
 */
function compareDetails(a: Route53Event, b: Route53Event): number {
  const da = details(a);
  const db = details(b);
  return sameJson(da, db) ? 0 : compareStrings(stableJson(da), stableJson(db));
}

/** Normalizes, de-duplicates and orders records. Non-Route 53 records are skipped silently. */
export function collectEvents(records: Iterable<{ readonly record: JsonObject } & RecordOrigin>): EventLog {
  const normalized: (Route53Event | EventProblem)[] = [];
  for (const r of records) if (isRoute53Record(r.record)) normalized.push(normalizeRecord(r.record, { file: r.file, index: r.index }));
  return orderEvents(normalized);
}

/** De-duplicates and orders events already normalized (problems are passed through, in input order). */
export function orderEvents(normalized: Iterable<Route53Event | EventProblem>): EventLog {
  const byId = new Map<string, Route53Event>();
  const problems: EventProblem[] = [];
  // Every copy of the events read more than once: which ones disagree is decided against the copy kept.
  const copiesById = new Map<string, Route53Event[]>();
  let duplicates = 0;
  for (const e of normalized) {
    if (!('provenance' in e)) {
      problems.push(e);
      continue;
    }
    const id = e.provenance.eventId;
    const seen = byId.get(id);
    if (seen === undefined) {
      byId.set(id, e);
      continue;
    }
    duplicates++;
    const copies = copiesById.get(id);
    if (copies === undefined) copiesById.set(id, [seen, e]);
    else copies.push(e);
    const sameAction = sameJson(seen.action, e.action);
    // Keep the copy that sorts first, so the choice does not depend on input order
    // (equal actions compare equal in compareEvents: no need to print them).
    const order = compareIdentity(e, seen) || (sameAction ? 0 : compareStrings(stableJson(e.action), stableJson(seen.action))) || compareDetails(e, seen) || compareCopies(e, seen);
    if (order < 0) byId.set(id, e);
  }
  const events = [...byId.values()].sort(compareEvents);
  const contradictoryCopies = [...copiesById.keys()].sort(compareStrings).flatMap((eventId): ContradictoryCopies[] => {
    const copies = copiesById.get(eventId)!;
    const kept = byId.get(eventId)!;
    const differs = new Set(copies.flatMap((c) => copyDifferences(kept, c)));
    if (differs.size === 0) return [];
    const zoneIds = new Set(copies.map(zoneOf).filter((z) => z !== undefined));
    return [{
      eventId,
      timeMs: kept.provenance.timeMs,
      zoneIds: [...zoneIds].sort(compareStrings),
      replayed: readAt(kept),
      copies: [...new Set(copies.map(readAt))].sort(compareStrings),
      differs: [...differs].sort(compareStrings),
    }];
  });
  return { events, problems, duplicates, conflictingDuplicates: contradictoryCopies.map((c) => c.eventId), contradictoryCopies };
}
