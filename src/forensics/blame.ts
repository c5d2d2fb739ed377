/**
 * `blame`: the snapshot of a zone at an instant, each record set annotated
 * with the change that last set it — or "older than the logs" when it was
 * only proved to exist before them, "since <gap>, made by it or older" when
 * it was proved only from a gap on, or "Route 53 default" when it was
 * synthesized with the zone — and what it was before that change. Carries
 * the snapshot's completeness report, like every output.
 */
import { recordKey, type RecordSet } from '../model/record-set.js';
import { stepIndexAt, type NameSource, type ZoneTimeline } from '../replay/replay.js';
import type { RrsetEntry, SetOrigin, ZoneStatus } from '../replay/state.js';
import type { Completeness, InputSummary } from '../views/completeness.js';
import { lastApplied, zoneHistory, type ZoneHistory } from '../views/history.js';
import { snapshotAt } from '../views/snapshot.js';
import { eventInfo, type EventInfo } from './event-info.js';

/** How a set's presence is explained. */
export type Attribution =
  /** A logged ChangeResourceRecordSets set it. */
  | 'change'
  /** Route 53's default SOA/NS, created with the zone (synthesized by the replay). */
  | 'route53-default'
  /** It existed before the logs begin (proved by a later DELETE); who set it is unknown. */
  | 'older-than-logs'
  /** It existed since a gap (proved by a later DELETE, the gap the last before it): the gap made it, or it is older; who set it is unknown. */
  | 'since-gap';

/** The label of a set known since a gap (text from the logs: escape it to print it). */
export function sinceGapLabel(gap: Pick<EventInfo, 'eventName' | 'eventTime'>): string {
  return `since ${gap.eventName} at ${gap.eventTime}, made by it or older`;
}

/** Labels printed for the attributions that are not a change, but a gap's (sinceGapLabel). */
export const ATTRIBUTION_LABELS = {
  'route53-default': 'Route 53 default (synthesized)',
  'older-than-logs': 'older than the logs',
} as const;

/**
 * One record set of the snapshot, with its last setter.
 *
 * ```
 * { "key", "rrset": RecordSet, "origin": "logged" | "synthesized" | "inferred",
 *   "attribution": "change" | "route53-default" | "older-than-logs" | "since-gap",
 *   "label": "UPSERT" | "CREATE" | "Route 53 default (synthesized)" | "older than the logs"
 *            | "since <gap's eventName> at <its eventTime>, made by it or older",
 *   "lastChange": EventInfo | null,        // the event that last set it; null when older than the logs or since a gap
 *   "evidence": EventInfo | null,          // for older-than-logs and since-gap: the event that proved it existed
 *   "since": EventInfo | null,             // for since-gap: the gap (the last before the proof) it is known from
 *   "previous": RecordSet | null,          // the set just before lastChange (null: did not exist / unknown)
 *   "previousOrigin": "logged" | "synthesized" | "inferred" | null,
 *   "previousSince": EventInfo | null,     // when previous was known since a gap only: that gap
 *   "changes": number }                    // applied changes to this set up to the instant
 * ```
 */
export interface BlameLine {
  readonly key: string;
  readonly rrset: RecordSet;
  readonly origin: SetOrigin;
  readonly attribution: Attribution;
  readonly label: string;
  readonly lastChange: EventInfo | null;
  readonly evidence: EventInfo | null;
  readonly since: EventInfo | null;
  readonly previous: RecordSet | null;
  readonly previousOrigin: SetOrigin | null;
  readonly previousSince: EventInfo | null;
  readonly changes: number;
}

/**
 * The blame of one zone at one instant.
 *
 * ```
 * { "zoneId", "zoneName": string | null, "nameSource", "at": ISO,
 *   "status": "unknown" | "exists" | "deleted", "lines": [BlameLine], "completeness": Completeness }
 * ```
 */
export interface ZoneBlame {
  readonly zoneId: string;
  readonly zoneName: string | null;
  readonly nameSource: NameSource;
  readonly at: string;
  readonly status: ZoneStatus;
  readonly lines: readonly BlameLine[];
  readonly completeness: Completeness;
}

function attributionOf(e: Pick<RrsetEntry, 'origin' | 'since'>): Attribution {
  switch (e.origin) {
    case 'logged':
      return 'change';
    case 'synthesized':
      return 'route53-default';
    case 'inferred':
      return e.since !== undefined ? 'since-gap' : 'older-than-logs';
  }
}

function labelOf(attribution: Attribution, e: Pick<RrsetEntry, 'action' | 'since'>): string {
  if (attribution === 'change') return e.action;
  if (attribution === 'since-gap') return sinceGapLabel(e.since!);
  return ATTRIBUTION_LABELS[attribution];
}

/** The blame of a zone at `atMs` (after every event at or before it). */
export function blameAt(timeline: ZoneTimeline, atMs: number, inputs: InputSummary, history: ZoneHistory = zoneHistory(timeline)): ZoneBlame {
  const snapshot = snapshotAt(timeline, atMs, inputs);
  const upTo = stepIndexAt(timeline, atMs);
  const lines = snapshot.recordSets.map((e): BlameLine => {
    const key = recordKey(e.rrset);
    const attribution = attributionOf(e);
    const proved = attribution === 'older-than-logs' || attribution === 'since-gap';
    const last = proved ? undefined : lastApplied(history, key, upTo);
    const applied = (history.get(key) ?? []).filter((h) => h.step <= upTo && (h.status === 'applied' || h.status === 'zone-created')).length;
    return {
      key,
      rrset: e.rrset,
      origin: e.origin,
      attribution,
      label: labelOf(attribution, e),
      lastChange: proved ? null : eventInfo(e.setBy),
      evidence: proved ? eventInfo(e.setBy) : null,
      since: e.since !== undefined ? eventInfo(e.since) : null,
      previous: last?.before?.rrset ?? null,
      previousOrigin: last?.before?.origin ?? null,
      previousSince: last?.before?.since !== undefined ? eventInfo(last.before.since) : null,
      changes: applied,
    };
  });
  return {
    zoneId: timeline.zoneId,
    zoneName: timeline.zoneName ?? null,
    nameSource: timeline.nameSource,
    at: snapshot.at,
    status: snapshot.status,
    lines,
    completeness: snapshot.completeness,
  };
}
