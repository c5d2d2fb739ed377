/**
 * `log`: every change to the matching record sets of one zone, oldest first,
 * with the set before and after, the action, who, when and from where.
 * Rejected and failed attempts are listed too, with the reason. Pure: built
 * from a zone's timeline and its history (views/history).
 */
import { canonicalName } from '../model/name.js';
import { compareRecordSets, type RecordSet } from '../model/record-set.js';
import type { NameSource, ZoneTimeline } from '../replay/replay.js';
import type { SetOrigin } from '../replay/state.js';
import { CLOUDTRAIL_NOTE } from '../views/completeness.js';
import { zoneHistory, type HistoryEntry, type HistoryStatus, type ZoneHistory } from '../views/history.js';
import { eventInfo, type EventInfo } from './event-info.js';

/** Which changes to list. Names and types are canonical (see normalizeLogQuery). */
export interface LogQuery {
  /** Canonical name (`www.example.com.`, `\052.example.com.`). */
  readonly name?: string;
  /** Upper-case type. */
  readonly type?: string;
  /** Inclusive bounds on the event time, epoch milliseconds. */
  readonly sinceMs?: number;
  readonly untilMs?: number;
}

/**
 * The query with the name made canonical (case, trailing dot, `*` vs
 * `\052` do not matter) and the type upper-cased. Throws NameError for a
 * name that cannot be read.
 */
export function normalizeLogQuery(q: { name?: string; type?: string; sinceMs?: number; untilMs?: number }): LogQuery {
  return {
    ...(q.name !== undefined ? { name: canonicalName(q.name) } : {}),
    ...(q.type !== undefined ? { type: q.type.trim().toUpperCase() } : {}),
    ...(q.sinceMs !== undefined ? { sinceMs: q.sinceMs } : {}),
    ...(q.untilMs !== undefined ? { untilMs: q.untilMs } : {}),
  };
}

/**
 * One change (or attempt) to one record set.
 *
 * ```
 * { "key": "www.example.com. A", "name": "www.example.com.", "type": "A", "setIdentifier": null,
 *   "action": "CREATE" | "UPSERT" | "DELETE" | "CreateHostedZone" | "DeleteHostedZone",
 *   "status": "applied" | "rejected" | "failed" | "zone-created" | "zone-deleted",
 *   "before": RecordSet | null, "beforeOrigin": "logged" | "synthesized" | "inferred" | null,
 *   "beforeSince": EventInfo | null,   // when before was known since a gap only (proved by a later DELETE): that gap
 *   "after": RecordSet | null, "requested": RecordSet | null,
 *   "reasons": [string], "comment": string | null, "event": EventInfo }
 * ```
 * `before` is the set as the replay knew it just before the event (null: did
 * not exist, or existed unseen before the logs); `after` is null when the set
 * does not exist after the event — and for rejected or failed attempts, which
 * change nothing; `requested` is the set the request named.
 */
export interface LogEntry {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  readonly setIdentifier: string | null;
  readonly action: HistoryEntry['action'];
  readonly status: HistoryStatus;
  readonly before: RecordSet | null;
  readonly beforeOrigin: SetOrigin | null;
  /** When `before` is known only since a gap (proved by a later DELETE, the gap may have made it): that gap. */
  readonly beforeSince: EventInfo | null;
  readonly after: RecordSet | null;
  readonly requested: RecordSet | null;
  /** Why it was rejected or failed (empty when applied). */
  readonly reasons: readonly string[];
  /** The change batch's comment. */
  readonly comment: string | null;
  readonly event: EventInfo;
}

/** A call in the window that changed records without a readable change list. */
export interface LogGap {
  readonly reason: string;
  readonly event: EventInfo;
}

/**
 * The log of one zone.
 *
 * ```
 * { "zoneId", "zoneName": string | null, "nameSource", "genesis": "in-logs" | "before-logs",
 *   "query": { "name": string | null, "type": string | null, "since": ISO | null, "until": ISO | null },
 *   "entries": [LogEntry], "gaps": [{ "reason", "event": EventInfo }],
 *   "lowerBound": boolean, "note": string }
 * ```
 */
export interface RecordLog {
  readonly zoneId: string;
  readonly zoneName: string | null;
  readonly nameSource: NameSource;
  readonly genesis: ZoneTimeline['genesis'];
  readonly query: { readonly name: string | null; readonly type: string | null; readonly since: string | null; readonly until: string | null };
  readonly entries: readonly LogEntry[];
  /** Gaps in the window: they may have touched the listed sets unseen. */
  readonly gaps: readonly LogGap[];
  /** The zone's creation is not in the logs: changes before the logs are unknown. */
  readonly lowerBound: boolean;
  readonly note: string;
}

/** The set an entry is about (name, type, set identifier). */
function subject(h: HistoryEntry): RecordSet {
  const rs = h.after?.rrset ?? h.requested ?? h.before?.rrset;
  if (rs === undefined) throw new Error(`history entry ${h.key} at step ${h.step} names no record set`);
  return rs;
}

function inWindow(timeMs: number, q: LogQuery): boolean {
  return (q.sinceMs === undefined || timeMs >= q.sinceMs) && (q.untilMs === undefined || timeMs <= q.untilMs);
}

/** True when a history entry is about a set the query selects. */
export function matchesQuery(rs: Pick<RecordSet, 'name' | 'type'>, timeMs: number, q: LogQuery): boolean {
  return (q.name === undefined || rs.name === q.name) && (q.type === undefined || rs.type === q.type) && inWindow(timeMs, q);
}

/** The log of a zone's matching sets, oldest first (ties: Route 53's set order). */
export function recordLog(timeline: ZoneTimeline, query: LogQuery, history: ZoneHistory = zoneHistory(timeline)): RecordLog {
  const picked: { h: HistoryEntry; rs: RecordSet }[] = [];
  for (const list of history.values()) {
    for (const h of list) {
      const rs = subject(h);
      if (matchesQuery(rs, h.provenance.timeMs, query)) picked.push({ h, rs });
    }
  }
  picked.sort((a, b) => a.h.step - b.h.step || compareRecordSets(a.rs, b.rs));
  const entries = picked.map(({ h, rs }): LogEntry => {
    const action = timeline.steps[h.step]?.event.action;
    return {
      key: h.key,
      name: rs.name,
      type: rs.type,
      setIdentifier: rs.setIdentifier ?? null,
      action: h.action,
      status: h.status,
      before: h.before?.rrset ?? null,
      beforeOrigin: h.before?.origin ?? null,
      beforeSince: h.before?.since !== undefined ? eventInfo(h.before.since) : null,
      after: h.after?.rrset ?? null,
      requested: h.requested ?? null,
      reasons: h.reasons ?? [],
      comment: action?.kind === 'change-rrsets' ? (action.comment ?? null) : null,
      event: eventInfo(h.provenance),
    };
  });
  const gaps: LogGap[] = [];
  for (const s of timeline.steps) {
    if (s.outcome.kind === 'gap' && inWindow(s.event.provenance.timeMs, query)) gaps.push({ reason: s.outcome.reason, event: eventInfo(s.event.provenance) });
  }
  return {
    zoneId: timeline.zoneId,
    zoneName: timeline.zoneName ?? null,
    nameSource: timeline.nameSource,
    genesis: timeline.genesis,
    query: {
      name: query.name ?? null,
      type: query.type ?? null,
      since: query.sinceMs !== undefined ? new Date(query.sinceMs).toISOString() : null,
      until: query.untilMs !== undefined ? new Date(query.untilMs).toISOString() : null,
    },
    entries,
    gaps,
    lowerBound: timeline.genesis === 'before-logs',
    note: CLOUDTRAIL_NOTE,
  };
}
