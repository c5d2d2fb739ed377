/**
 * A whole diff of one zone: the two sides, their classified differences and
 * the change plan — one model, several renderers (text, JSON, change batch).
 */
import { recordKey, type RecordKey, type RecordSet } from '../model/record-set.js';
import type { ZoneTimeline } from '../replay/replay.js';
import { zoneHistory } from '../views/history.js';
import type { Snapshot } from '../views/snapshot.js';
import { snapshotRecordSets } from '../views/snapshot.js';
import { classifyAgainstLive, classifyBetweenInstants, type ClassifiedDifference } from './classify.js';
import { diffRecordSets } from './record-diff.js';
import { stepIndexAt } from '../replay/replay.js';

/** One zone's diff. */
export interface ZoneDiff {
  readonly zoneId: string;
  readonly zoneName?: string;
  /** Label of the replay side (`replay at T`) and of the other side (file, or `replay at T2`). */
  readonly fromLabel: string;
  readonly toLabel: string;
  readonly from: readonly RecordSet[];
  readonly to: readonly RecordSet[];
  readonly differences: readonly ClassifiedDifference[];
  /** The snapshot of the replay side, for its completeness report. */
  readonly snapshot: Snapshot;
}

/** Counts of a diff: `apex` counts the apex differences reported apart (classification 'apex'), the others the drift. */
export interface DiffSummary {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly ttlOnly: number;
  readonly apex: number;
}

/** Diff of a snapshot against a live export. */
export function diffAgainstLive(timeline: ZoneTimeline, snapshot: Snapshot, live: readonly RecordSet[], liveLabel: string): ZoneDiff {
  const from = snapshotRecordSets(snapshot);
  const zoneName = snapshot.zoneName;
  const diffs = diffRecordSets(from, live, zoneName);
  const origins = new Map<RecordKey, Snapshot['recordSets'][number]['origin']>(snapshot.recordSets.map((e) => [recordKey(e.rrset), e.origin]));
  const differences = classifyAgainstLive(diffs, { history: zoneHistory(timeline), upTo: stepIndexAt(timeline, snapshot.atMs), genesis: timeline.genesis, origins });
  return { zoneId: snapshot.zoneId, ...(zoneName !== undefined ? { zoneName } : {}), fromLabel: `replay of ${snapshot.zoneId} at ${snapshot.at}`, toLabel: liveLabel, from, to: live, differences, snapshot };
}

/** Diff of two instants of one replay. */
export function diffBetweenInstants(timeline: ZoneTimeline, a: Snapshot, b: Snapshot): ZoneDiff {
  const from = snapshotRecordSets(a);
  const to = snapshotRecordSets(b);
  const diffs = diffRecordSets(from, to, a.zoneName);
  const differences = classifyBetweenInstants(diffs, zoneHistory(timeline), stepIndexAt(timeline, b.atMs));
  return { zoneId: a.zoneId, ...(a.zoneName !== undefined ? { zoneName: a.zoneName } : {}), fromLabel: `replay at ${a.at}`, toLabel: `replay at ${b.at}`, from, to, differences, snapshot: b };
}

/** Counts of a diff. */
export function summarize(d: ZoneDiff): DiffSummary {
  const main = d.differences.filter(countsAsDrift);
  return {
    added: main.filter((x) => x.kind === 'added').length,
    removed: main.filter((x) => x.kind === 'removed').length,
    changed: main.filter((x) => x.kind === 'changed').length,
    ttlOnly: main.filter((x) => x.ttlOnly).length,
    apex: d.differences.length - main.length,
  };
}

/**
 * True when a difference makes a drift check fail: all but the apex SOA/NS
 * the replay cannot know exactly, which differ legitimately (Route 53 chose
 * them) and are reported apart. An apex set known from the logs counts.
 */
export function countsAsDrift(x: ClassifiedDifference): boolean {
  return x.classification !== 'apex';
}

/** True when the diff should make a drift check fail (see countsAsDrift). */
export function hasDrift(d: ZoneDiff): boolean {
  return d.differences.some(countsAsDrift);
}
