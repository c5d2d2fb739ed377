/**
 * A snapshot: the immutable state of one hosted zone at one instant, with
 * its completeness report. Sets are listed in Route 53's order.
 */
import { freeze } from 'immer';
import type { Provenance } from '../events/types.js';
import { compareStrings, recordSortKey, type RecordSet } from '../model/record-set.js';
import { stepIndexAt, type NameSource, type ZoneTimeline } from '../replay/replay.js';
import type { RrsetEntry, SetOrigin, ZoneStatus } from '../replay/state.js';
import { completenessAt, type Completeness, type InputSummary } from './completeness.js';

/** A record set in a snapshot, with the change that last set it. */
export interface SnapshotEntry {
  readonly rrset: RecordSet;
  readonly origin: SetOrigin;
  readonly setBy: Provenance;
  readonly action: RrsetEntry['action'];
  /** For a set known since a gap only (see RrsetEntry.since): that gap. */
  readonly since?: Provenance;
}

/** How a zone deleted at the instant was deleted: after an accidental deletion, the first question is its state just before. */
export interface ZoneDeletion {
  /** The DeleteHostedZone call. */
  readonly by: Provenance;
  /** Record sets the replay held just before it. */
  readonly recordSetsBefore: number;
  /** The last millisecond before the deletion's (ISO-8601): a snapshot `--at` it shows those sets. */
  readonly lastInstantBefore: string;
  /**
   * Route 53 deletes only a zone holding nothing but its SOA and NS, so the
   * other sets usually went first, in batches of DELETEs: the zone before
   * the first of those (absent when no such batch came just before).
   */
  readonly beforeEmptied?: { readonly batches: number; readonly recordSetsBefore: number; readonly lastInstantBefore: string };
}

/** One zone at one instant. */
export interface Snapshot {
  readonly zoneId: string;
  readonly zoneName?: string;
  readonly nameSource: NameSource;
  /** The resolved instant, ISO-8601. */
  readonly at: string;
  readonly atMs: number;
  /** `unknown`: the zone's creation is not in the logs (or not yet reached). */
  readonly status: ZoneStatus;
  /** When `status` is `deleted`: the deletion (absent otherwise). */
  readonly deletion?: ZoneDeletion;
  readonly recordSets: readonly SnapshotEntry[];
  readonly completeness: Completeness;
}

/** The snapshot of a zone at `atMs`. Frozen. */
export function snapshotAt(timeline: ZoneTimeline, atMs: number, inputs: InputSummary): Snapshot {
  const i = stepIndexAt(timeline, atMs);
  const state = i < 0 ? timeline.initial : timeline.steps[i]!.state;
  // Sort keys computed once per set, not once per comparison.
  const recordSets = [...state.rrsets.values()]
    .map((e) => ({ key: recordSortKey(e.rrset), entry: (e.since !== undefined ? { rrset: e.rrset, origin: e.origin, setBy: e.setBy, action: e.action, since: e.since } : { rrset: e.rrset, origin: e.origin, setBy: e.setBy, action: e.action }) as SnapshotEntry }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map((x) => x.entry);
  const deletion = deletionAt(timeline, i);
  const snapshot: Snapshot = {
    zoneId: timeline.zoneId,
    ...(timeline.zoneName !== undefined ? { zoneName: timeline.zoneName } : {}),
    nameSource: timeline.nameSource,
    at: new Date(atMs).toISOString(),
    atMs,
    status: state.status,
    ...(deletion !== undefined ? { deletion } : {}),
    recordSets,
    completeness: completenessAt(timeline, i, atMs, inputs),
  };
  return freeze(snapshot, true);
}

/** The deletion behind step `i`'s state, when that state is deleted. */
function deletionAt(timeline: ZoneTimeline, i: number): ZoneDeletion | undefined {
  const by = i < 0 ? undefined : timeline.steps[i]!.state.deletedBy;
  if (by === undefined || timeline.steps[i]!.state.status !== 'deleted') return undefined;
  // The step that deleted it: the first of the deleted ones (calls after it were rejected).
  let d = i;
  while (d > 0 && timeline.steps[d - 1]!.state.status === 'deleted') d--;
  const stateBefore = (step: number) => (step > 0 ? timeline.steps[step - 1]!.state : timeline.initial);
  const deletion: ZoneDeletion = { by, recordSetsBefore: stateBefore(d).rrsets.size, lastInstantBefore: lastInstantBefore(by.timeMs) };
  // Back over the batches that only deleted sets (and calls that changed nothing) to the first of them.
  let first: number | undefined;
  let batches = 0;
  for (let j = d - 1; j >= 0; j--) {
    const outcome = timeline.steps[j]!.outcome;
    if (outcome.kind === 'applied' && outcome.changes.length > 0 && outcome.changes.every((c) => c.action === 'DELETE')) {
      first = j;
      batches++;
    } else if (outcome.kind === 'applied' || outcome.kind === 'gap') break;
  }
  if (first === undefined) return deletion;
  const beforeEmptied = { batches, recordSetsBefore: stateBefore(first).rrsets.size, lastInstantBefore: lastInstantBefore(timeline.steps[first]!.event.provenance.timeMs) };
  return { ...deletion, beforeEmptied };
}

/** The last millisecond before an instant, ISO-8601. */
const lastInstantBefore = (timeMs: number): string => new Date(timeMs - 1).toISOString();

/** The record sets of a snapshot, without provenance. */
export function snapshotRecordSets(s: Snapshot): RecordSet[] {
  return s.recordSets.map((e) => e.rrset);
}
