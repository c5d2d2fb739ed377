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
  readonly recordSets: readonly SnapshotEntry[];
  readonly completeness: Completeness;
}

/** The snapshot of a zone at `atMs`. Frozen. */
export function snapshotAt(timeline: ZoneTimeline, atMs: number, inputs: InputSummary): Snapshot {
  const i = stepIndexAt(timeline, atMs);
  const state = i < 0 ? timeline.initial : timeline.steps[i]!.state;
  // Sort keys computed once per set, not once per comparison.
  const recordSets = [...state.rrsets.values()]
    .map((e) => ({ key: recordSortKey(e.rrset), entry: { rrset: e.rrset, origin: e.origin, setBy: e.setBy, action: e.action } as SnapshotEntry }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map((x) => x.entry);
  const snapshot: Snapshot = {
    zoneId: timeline.zoneId,
    ...(timeline.zoneName !== undefined ? { zoneName: timeline.zoneName } : {}),
    nameSource: timeline.nameSource,
    at: new Date(atMs).toISOString(),
    atMs,
    status: state.status,
    recordSets,
    completeness: completenessAt(timeline, i, atMs, inputs),
  };
  return freeze(snapshot, true);
}

/** The record sets of a snapshot, without provenance. */
export function snapshotRecordSets(s: Snapshot): RecordSet[] {
  return s.recordSets.map((e) => e.rrset);
}
