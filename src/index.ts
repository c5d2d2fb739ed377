/**
 * zone-replay as a library: read CloudTrail, replay Route 53, snapshot at an
 * instant, diff, format — the same API the CLI uses.
 *
 * ```ts
 * import { loadTrail, selectZones, snapshotAt, diffAgainstLive, readZoneExport } from 'zone-replay';
 * const trail = await loadTrail(['./AWSLogs/111122223333/CloudTrail/us-east-1/']);
 * const [zone] = selectZones(trail.replay, 'example.com');
 * const snap = snapshotAt(zone, Date.parse('2024-03-01T00:00:00Z'), trail.inputs);
 * ```
 */
export * from './model/index.js';

// events
export type { Change, Identity, Provenance, Route53Action, Route53Event } from './events/types.js';
export { normalizeRecord, isRoute53Record, actorName, ROUTE53_SOURCE, type EventProblem, type RecordOrigin } from './events/normalize.js';
export { collectEvents, compareEvents, orderEvents, type EventLog } from './events/collect.js';

// replay
export { reduce, defaultApexSets, type Outcome, type Step } from './replay/reducer.js';
export { applyBatch, deleteMatches, type AppliedChange, type BatchResult, type Finding } from './replay/rules.js';
export { replayEvents, replayZone, stateAt, rrsetAt, stepIndexAt, inferZoneName, type Replay, type ZoneTimeline, type TimelineStep, type NameSource } from './replay/replay.js';
export { emptyZone, type ZoneState, type RrsetEntry, type SetOrigin, type ZoneStatus } from './replay/state.js';

// views
export { snapshotAt, snapshotRecordSets, type Snapshot, type SnapshotEntry } from './views/snapshot.js';
export { completenessAt, CLOUDTRAIL_NOTE, type Completeness, type InputSummary, type EventRef } from './views/completeness.js';
export { zoneHistory, lastApplied, type HistoryEntry, type ZoneHistory } from './views/history.js';

// diff
export { diffRecordSets, applyDifferences, type Difference } from './diff/record-diff.js';
export { classifyAgainstLive, classifyBetweenInstants, type Classification, type ClassifiedDifference, type Evidence } from './diff/classify.js';
export { diffAgainstLive, diffBetweenInstants, summarize, hasDrift, type ZoneDiff, type DiffSummary } from './diff/zone-diff.js';
export { planChanges, LIMITS, type ChangePlan, type ApiChangeBatch, type ApiChange, type PlanOptions } from './diff/change-batch.js';
export { whatIf, readChangeBatches, zoneFromSets, ChangeBatchError, type WhatIfResult } from './diff/what-if.js';
export { canonicalZoneText, unifiedZoneDiff } from './diff/zone-text.js';

// formats
export { toResourceRecordSet, printListResourceRecordSets, readRoute53Export, ExportFormatError, type Route53Export } from './formats/route53-json.js';
export { parseZoneFile, printZoneFile, ZoneFileError, type ZoneFileResult } from './formats/bind/index.js';
export { readZoneExport, apexOf, ExportError, type ZoneExport } from './formats/zone-export.js';
export { printSnapshotReport, snapshotJson, REPORT_VERSION } from './formats/report-json.js';
export { printDiffReport } from './formats/diff-json.js';

// sources and the shell around the core
export { ingest, ingestEvents, IngestError, RECORD_FORMATS, type NormalizedRecord, type IngestOptions, type IngestReport, type InputFile, type SourceRecord } from './sources/index.js';
export { s3Inputs, listTrailObjects, parseS3Url, S3SourceError } from './sources/s3.js';
export { fetchLiveZone, Route53LiveError } from './sources/route53-live.js';
export { loadTrail, fromRecords, fromEvents, selectZones, ZoneSelectionError, type LoadedTrail } from './load.js';

// forensics, verification, queries
export { recordLog, normalizeLogQuery, type RecordLog, type LogQuery } from './forensics/record-log.js';
export { blameAt, type ZoneBlame } from './forensics/blame.js';
export { activityReport, zoneActivity, type ActivityReport, type ZoneActivity } from './forensics/timeline.js';
export { chartSvg, chartHtml } from './forensics/chart-svg.js';
export { verifyTrail, provedCoverage, checkTrail, type VerifyOptions, type VerifyReport } from './verify/index.js';
export { buildQuery, type QueryOptions } from './sql/query.js';
export { ZONE_CHANGING_EVENT_NAMES } from './sql/events.js';
