/**
 * A zone diff as zone-replay JSON (`diff --format json`): every difference
 * with its classification and evidence (eventID, time, actor).
 *
 * ```
 * { "zoneReplay": { "version", "reportVersion", "report": "diff" },
 *   "zoneId", "zoneName", "from", "to",
 *   "summary": { added, removed, changed, ttlOnly, apex },
 *   "differences": [ { kind, key, classification, explanation, apex, ttlOnly,
 *                      fields, valuesAdded, valuesRemoved,
 *                      from: ResourceRecordSet|null, to: ResourceRecordSet|null,
 *                      evidence: { eventId, eventTime, eventName, actor, actorArn, sourceIPAddress, action }|null } ],
 *   "completeness": { … } }
 * ```
 */
import { summarize, type ZoneDiff } from '../diff/zone-diff.js';
import { REPORT_VERSION } from './report-json.js';
import { toResourceRecordSet } from './route53-json.js';

/** The diff report as text (2-space indent, trailing newline). */
export function printDiffReport(d: ZoneDiff, version: string): string {
  const doc = {
    zoneReplay: { version, reportVersion: REPORT_VERSION, report: 'diff' },
    zoneId: d.zoneId,
    zoneName: d.zoneName ?? null,
    from: d.fromLabel,
    to: d.toLabel,
    summary: summarize(d),
    differences: d.differences.map((x) => ({
      kind: x.kind,
      key: x.key,
      classification: x.classification,
      explanation: x.explanation,
      apex: x.apex,
      ttlOnly: x.ttlOnly,
      fields: x.fields,
      valuesAdded: x.valuesAdded,
      valuesRemoved: x.valuesRemoved,
      from: x.from !== undefined ? toResourceRecordSet(x.from) : null,
      to: x.to !== undefined ? toResourceRecordSet(x.to) : null,
      replayOrigin: x.replayOrigin ?? null,
      evidence: x.evidence ?? null,
    })),
    completeness: d.snapshot.completeness,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
