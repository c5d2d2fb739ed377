/**
 * zone-replay's own JSON report (`--format json`). Stable, documented field
 * names (README "JSON report"); record sets in the AWS CLI's PascalCase shape
 * so tools that read list-resource-record-sets can read them too, each with
 * a `Provenance` member.
 *
 * ```
 * { "zoneReplay": { "version", "report": "snapshot" },
 *   "snapshots": [ { "zoneId", "zoneName", "nameSource", "at", "status", "deletion",
 *                    "ResourceRecordSets": [ {Name, Type, …, "Provenance": {…}} ],
 *                    "completeness": {…} } ] }
 * ```
 */
import type { Provenance } from '../events/types.js';
import type { Snapshot, SnapshotEntry, ZoneDeletion } from '../views/snapshot.js';
import { toResourceRecordSet } from './route53-json.js';

/** Report format version: bumped when a field changes meaning or goes away. */
export const REPORT_VERSION = 1;

/** The provenance of a set as the JSON report writes it. */
export function provenanceJson(p: Provenance): Record<string, unknown> {
  return {
    eventId: p.eventId,
    eventTime: p.eventTime,
    eventName: p.eventName,
    identity: p.identity,
    sourceIPAddress: p.sourceIPAddress,
    userAgent: p.userAgent,
    requestId: p.requestId,
    changeId: p.changeId,
    file: p.file,
  };
}

function entryJson(e: SnapshotEntry): Record<string, unknown> {
  return {
    ...toResourceRecordSet(e.rrset),
    Provenance: { origin: e.origin, action: e.action, ...provenanceJson(e.setBy), ...(e.since !== undefined ? { since: { eventId: e.since.eventId, eventTime: e.since.eventTime, eventName: e.since.eventName } } : {}) },
    ...(e.rrset.invalidValues !== undefined ? { InvalidValues: e.rrset.invalidValues } : {}),
  };
}

function deletionJson(d: ZoneDeletion): Record<string, unknown> {
  return { ...provenanceJson(d.by), recordSetsBefore: d.recordSetsBefore, lastInstantBefore: d.lastInstantBefore, beforeEmptied: d.beforeEmptied ?? null };
}

/** One snapshot as report JSON. */
export function snapshotJson(s: Snapshot): Record<string, unknown> {
  return {
    zoneId: s.zoneId,
    zoneName: s.zoneName ?? null,
    nameSource: s.nameSource,
    at: s.at,
    status: s.status,
    deletion: s.deletion === undefined ? null : deletionJson(s.deletion),
    ResourceRecordSets: s.recordSets.map(entryJson),
    completeness: s.completeness,
  };
}

/** The whole report, as text (2-space indent, trailing newline). */
export function printSnapshotReport(snapshots: readonly Snapshot[], version: string): string {
  return JSON.stringify({ zoneReplay: { version, reportVersion: REPORT_VERSION, report: 'snapshot' }, snapshots: snapshots.map(snapshotJson) }, null, 2) + '\n';
}
