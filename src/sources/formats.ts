/**
 * The registry of file formats that carry CloudTrail records. Each format
 * says whether a file is its kind from the file's head (its first
 * kilobytes, after gunzip) and name, and extracts every record from the
 * whole text. The first format whose `detect` says yes reads the file, so
 * order matters: more specific shapes first. Other modules push their
 * formats (Athena CSV, CloudTrail Lake results) onto RECORD_FORMATS.
 */
import { field, isObject, type JsonObject } from '../model/index.js';
import { athenaCsvFormat } from './athena-csv.js';
import { lakeResultsFormat } from './lake-results.js';
import { headShape, looksLikeRecord } from './head-shape.js';
import { FormatError, describePosition, jsonValues, parseJson } from './json-values.js';

export { FormatError } from './json-values.js';

/** The kinds of input zone-replay reads records from. */
export type InputFormat =
  | 'cloudtrail-log'
  | 'lookup-events'
  | 'jsonl'
  | 'eventbridge'
  | 'single-event'
  | 'athena-csv'
  | 'cloudtrail-lake';

/** One way CloudTrail records are written down. */
export interface RecordFormat {
  readonly name: InputFormat;
  /** True when the file is this format, judged from its first kilobytes (`head`) and its name. */
  detect(head: string, fileName: string): boolean;
  /** Every record in the file, in file order. Throws FormatError with a clear message (and position) on malformed content. */
  extract(text: string, fileName: string): Iterable<JsonObject>;
}

/** `{"Records":[…]}` as CloudTrail delivers to S3 and the console's "Download as JSON" writes; several may follow each other. */
export const cloudTrailLogFormat: RecordFormat = {
  name: 'cloudtrail-log',
  detect: (head) => headShape(head).opener === '{' && headShape(head).keys.has('Records'),
  *extract(text) {
    for (const { value, offset } of jsonValues(text)) {
      const records = field(value, 'Records');
      if (!Array.isArray(records)) {
        throw new FormatError(`expected {"Records":[…]} at ${describePosition(text, offset)}`);
      }
      for (let i = 0; i < records.length; i++) {
        const r: unknown = records[i];
        if (!isObject(r)) throw new FormatError(`Records[${i}] (document at ${describePosition(text, offset)}) is not an object`);
        yield r;
      }
    }
  },
};

function lookupEventRecord(ev: unknown, where: string): JsonObject {
  if (!isObject(ev)) throw new FormatError(`${where} is not an object`);
  const id = field(ev, 'EventId');
  const label = typeof id === 'string' ? `${where} (EventId ${id})` : where;
  const raw = field(ev, 'CloudTrailEvent');
  if (raw === undefined) throw new FormatError(`${label} has no CloudTrailEvent (was the output filtered with --query?)`);
  // Already an object when someone ran the output through `jq '.CloudTrailEvent |= fromjson'`.
  const record = typeof raw === 'string' ? parseJson(raw, `${label}.CloudTrailEvent`) : raw;
  if (!isObject(record)) throw new FormatError(`${label}.CloudTrailEvent is not a JSON object`);
  return record;
}

/** `aws cloudtrail lookup-events` output: one page, pages back to back, or a JSON array of pages. */
export const lookupEventsFormat: RecordFormat = {
  name: 'lookup-events',
  detect: (head) => {
    const s = headShape(head);
    // Events comes before NextToken in the CLI's output; NextToken alone is also CloudTrail Lake's.
    return (s.opener === '{' || s.opener === '[') && s.keys.has('Events');
  },
  *extract(text) {
    let page = 0;
    for (const { value, offset } of jsonValues(text)) {
      const pages: unknown[] = Array.isArray(value) ? value : [value];
      for (const p of pages) {
        page++;
        const events = field(p, 'Events');
        if (!Array.isArray(events)) {
          throw new FormatError(`page ${page} (at ${describePosition(text, offset)}) is not {"Events":[…]}`);
        }
        for (let i = 0; i < events.length; i++) yield lookupEventRecord(events[i], `page ${page} Events[${i}]`);
      }
    }
  },
};

const CLOUDTRAIL_DETAIL = /via CloudTrail$/;

/**
 * The records inside one top-level value of a JSON Lines / EventBridge /
 * single-event file. `where` names the value for error messages; it is
 * called only for one (a line number costs a scan from the file's start).
 */
function* recordsIn(value: unknown, where: () => string, nested = false): Generator<JsonObject> {
  if (Array.isArray(value) && !nested) {
    for (let i = 0; i < value.length; i++) yield* recordsIn(value[i], () => `${where()} item ${i}`, true);
    return;
  }
  if (!isObject(value)) throw new FormatError(`${where()}: expected a JSON object, found ${Array.isArray(value) ? 'an array' : typeof value}`);
  const detailType = field(value, 'detail-type');
  if (typeof detailType === 'string') {
    // EventBridge carries other events too (sign-ins, service events): only API calls hold a record.
    if (!CLOUDTRAIL_DETAIL.test(detailType)) return;
    const detail = field(value, 'detail');
    if (!isObject(detail)) throw new FormatError(`${where()}: EventBridge event has no "detail" object`);
    yield detail;
    return;
  }
  const records = field(value, 'Records');
  if (Array.isArray(records)) {
    for (const r of records) if (isObject(r)) yield r;
    return;
  }
  if (!looksLikeRecord(new Set(Object.keys(value)))) {
    throw new FormatError(`${where()}: not a CloudTrail record (no eventSource, eventName or eventVersion)`);
  }
  yield value;
}

function* streamRecords(text: string): Generator<JsonObject> {
  for (const { value, offset } of jsonValues(text)) yield* recordsIn(value, () => describePosition(text, offset));
}

/** EventBridge "AWS API Call via CloudTrail" events, one object or one per line; the record is `detail`. */
export const eventBridgeFormat: RecordFormat = {
  name: 'eventbridge',
  detect: (head) => {
    const s = headShape(head);
    return (s.opener === '{' || s.opener === '[') && s.keys.has('detail-type');
  },
  extract: streamRecords,
};

/** JSON Lines of records (or a JSON array of records). */
export const jsonLinesFormat: RecordFormat = {
  name: 'jsonl',
  detect: (head, fileName) => {
    const s = headShape(head);
    if (!looksLikeRecord(s.keys)) return false;
    return s.opener === '[' || (s.opener === '{' && (s.more || /\.(jsonl|ndjson)(\.gz)?$/i.test(fileName)));
  },
  extract: streamRecords,
};

/** One bare record object, like an EventBridge `detail` or an event saved by hand. */
export const singleEventFormat: RecordFormat = {
  name: 'single-event',
  detect: (head) => {
    const s = headShape(head);
    return s.opener === '{' && looksLikeRecord(s.keys);
  },
  extract: streamRecords,
};

/**
 * Formats tried in order; the first whose `detect` accepts a file reads it.
 * Worker threads load this same list; a format pushed at run time makes
 * ingest scan in-process (workers could not know it).
 */
export const RECORD_FORMATS: RecordFormat[] = [
  cloudTrailLogFormat,
  lookupEventsFormat,
  lakeResultsFormat,
  eventBridgeFormat,
  jsonLinesFormat,
  singleEventFormat,
  athenaCsvFormat,
];

/** The registry's format names, first occurrence of each (later duplicates are never reached). */
export function formatNames(formats: readonly RecordFormat[] = RECORD_FORMATS): string[] {
  return [...new Set(formats.map((f) => f.name))];
}
