/** The ingest layer: CloudTrail files, directories, stdin and S3 objects in; Route 53 records out. */
export * from './types.js';
export {
  FormatError,
  RECORD_FORMATS,
  formatNames,
  cloudTrailLogFormat,
  eventBridgeFormat,
  jsonLinesFormat,
  lookupEventsFormat,
  singleEventFormat,
  type InputFormat,
  type RecordFormat,
} from './formats.js';
export { ingest, ingestEvents, deliveryTime, SMALL_INPUT_BYTES, type NormalizedRecord } from './ingest.js';
export { expandInputs, expandPath, inputFiles, localFile, streamFile, STDIN_NAME, type WalkOptions } from './inputs.js';
export { holdsNoRoute53Events, regionsOf, type RegionChoice, type SkippedFolder } from './trail-folders.js';
export { jsonValues, parseJson, positionOf, type JsonValueAt } from './json-values.js';
export { scanBytes, ROUTE53_SOURCE, type ScanOutcome, type IndexedRecord } from './scan.js';
export { isDigestPath, looksLikeConsoleCsv, looksLikeDigest } from './special-files.js';
