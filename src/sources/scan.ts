/**
 * The per-file work, shared by worker threads and the in-process path:
 * bytes in, Route 53 records (or why there are none) out. Most files in a
 * trail hold no Route 53 event, so a file whose inflated bytes do not
 * contain `route53.amazonaws.com` is skipped without JSON parsing; in the
 * others, only the Route 53 records are parsed (fast-records.ts).
 */
import { isRoute53Record, ROUTE53_SOURCE } from '../events/normalize.js';
import { inputProblem, isObject, type JsonObject } from '../model/index.js';
import { FormatError, RECORD_FORMATS, type InputFormat, type RecordFormat } from './formats.js';
import { createHash } from 'node:crypto';
import { fastRoute53Records, isCompactCloudTrail } from './fast-records.js';
import { afterPaddingError, gzipSizeHint, inflateChunkSize, isGzip, threadGunzipper } from './gunzip-reused.js';
import { gunzipBeforeError, gzipProblem } from './gunzip-damaged.js';
import { readFileReused } from './read-reused.js';
import { headShape } from './head-shape.js';
import { describeFsError, STREAMED_FILE_BYTES } from './inputs.js';
import { describePosition, parseJson } from './json-values.js';
import { CONSOLE_CSV_PROBLEM, looksLikeConsoleCsv, looksLikeDigest, looksLikeLakeSignFile } from './special-files.js';

/** The eventSource of the records kept (defined with the normalizer that relies on it). */
export { ROUTE53_SOURCE } from '../events/normalize.js';

/** How much of a file detection looks at. */
export const HEAD_CHARS = 16 * 1024;

/** Largest inflated file read (V8's longest string is just under 2^29 characters). */
export const MAX_TEXT_BYTES = 2 ** 29 - 64;

/** A Route 53 record and its position among all records of its file. */
export interface IndexedRecord {
  readonly record: JsonObject;
  readonly index: number;
}

/** What scanning one file found. Plain data: it crosses the worker boundary by structured clone. */
export interface ScanOutcome {
  /** Bytes after gunzip (the raw size for files that were not gzipped). */
  readonly inflated: number;
  /** The format that read (or would have read) the file. */
  readonly format?: InputFormat;
  /** The file is a CloudTrail digest: listed, not read. */
  readonly digest?: boolean;
  /** The file's text does not mention Route 53: not parsed. */
  readonly skipped?: boolean;
  /** What is wrong with the file; records found before the problem are kept (in a damaged gzip file, those whose text inflated before the damage). */
  readonly problem?: string;
  readonly records: readonly IndexedRecord[];
  /** Route 53 records as JSON text (the fast path), parsed by the receiving thread (parseRecordText): some may only mention Route 53, or not parse. */
  readonly recordTexts?: readonly { readonly text: string; readonly index: number }[];
  /** Bytes read from disk (scanPath only); undefined when the file could not be read. */
  readonly read?: number;
  /** Every record of the file, Route 53's or not, up to any problem: when asked for (pieces of a stream, whose positions add up); absent when there are none. */
  readonly recordCount?: number;
  /** The file is too big to read as one text: it can be read as a stream (stream-pieces.ts). */
  readonly tooLarge?: boolean;
  /** Hex SHA-256 of the uncompressed bytes, as CloudTrail digests list them: when asked for, and the file inflated. */
  readonly uncompressedSha256?: string;
}

export { inflateChunkSize, isGzip } from './gunzip-reused.js';

/**
 * A gzip file whose trailer announces more inflated bytes than this is not
 * inflated whole: the caller reads it as a stream, in pieces (stream-scan.ts),
 * so memory stays bounded. The trailer can understate (several members, or
 * 4 GiB and more), so MAX_TEXT_BYTES still stops a whole inflate.
 */
export const WHOLE_INFLATE_BYTES = 64 * 2 ** 20;

const TOO_LARGE = `inflates to more than ${Math.floor(MAX_TEXT_BYTES / 2 ** 20)} MiB, too large to read`;

export { gzipProblem } from './gunzip-damaged.js';

/**
 * A gzip file's inflated bytes: a view of this thread's reused memory (see
 * gunzip-reused.ts), valid until the next file. Or why not: too large, or
 * zlib's `error` (damaged data).
 */
function inflate(buf: Buffer): Buffer | { problem: string; tooLarge: true } | { error: unknown } {
  try {
    const gunzipper = threadGunzipper();
    const text = gunzipper.gunzip(buf, inflateChunkSize(buf), MAX_TEXT_BYTES);
    // Bytes after NUL padding that zlib left unread are said, as a stream's are (stream-pieces.ts).
    const padding = afterPaddingError(buf, gunzipper.unread);
    return padding === undefined ? text : { error: padding };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) return { problem: TOO_LARGE, tooLarge: true };
    return { error: err };
  }
}

/** Text bytes as UTF-8 with no byte-order mark; UTF-16 (PowerShell's `>`) is converted. */
function utf8Text(buf: Buffer): Buffer {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return Buffer.from(buf.subarray(2).toString('utf16le'), 'utf8');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const le = Buffer.from(buf.subarray(2));
    le.swap16();
    return Buffer.from(le.toString('utf16le'), 'utf8');
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3);
  return buf;
}

function unknownFormat(head: string): string {
  const shape = headShape(head);
  if (shape.error) return `not JSON or a known CloudTrail format (invalid JSON at ${describePosition(head, shape.error.offset)}: ${shape.error.reason})`;
  if (shape.opener !== '{' && shape.opener !== '[') return 'not JSON or a known CloudTrail format';
  const keys = [...shape.keys].slice(0, 8).map((k) => JSON.stringify(k.slice(0, 40)));
  return (
    'JSON, but not a known CloudTrail shape (expected {"Records":[…]}, lookup-events {"Events":[…]}, ' +
    `EventBridge events, JSON Lines or a single record); ${keys.length > 0 ? `top-level keys: ${keys.join(', ')}` : 'no object keys'}`
  );
}

/** How to scan. */
export interface ScanOptions {
  /** Count every record (ScanOutcome.recordCount), even in a file without Route 53 records. */
  readonly countRecords?: boolean;
  /** Hash the uncompressed bytes (ScanOutcome.uncompressedSha256), for digest validation without a second read. */
  readonly hashUncompressed?: boolean;
  /** Only inflate and hash (with hashUncompressed): digest validation's own reading, records not looked for. */
  readonly hashOnly?: boolean;
  /**
   * The bytes end where reading failed (a stream's last piece before a read
   * or gunzip error): a compact document cut short keeps its whole records.
   */
  readonly cut?: boolean;
}

/**
 * Scans one file's bytes. Never throws: every failure is a `problem`.
 * `formats` defaults to the shared registry. Nothing of `bytes`, nor of the
 * memory a gzip file inflates into (reused from file to file), is kept: the
 * outcome holds only strings and parsed records, so both can be used again.
 */
export function scanBytes(bytes: Uint8Array, name: string, formats: readonly RecordFormat[] = RECORD_FORMATS, options: ScanOptions = {}): ScanOutcome {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const counted = options.countRecords === true;
  if (raw.length === 0) return { inflated: 0, problem: 'empty file', records: [] };
  let buf = raw;
  const gzipped = isGzip(raw);
  if (gzipped) {
    const announced = gzipSizeHint(raw);
    if (announced > WHOLE_INFLATE_BYTES) return { inflated: 0, problem: `inflates to ${Math.round(announced / 2 ** 20)} MiB, too large to read at once`, records: [], tooLarge: true };
    const out = inflate(raw);
    if (!Buffer.isBuffer(out)) {
      if ('tooLarge' in out) return { inflated: 0, problem: out.problem, records: [], tooLarge: true };
      if (options.hashOnly === true) return { inflated: 0, problem: gzipProblem(out.error), records: [] };
      return scanDamaged(raw, out.error, name, formats, counted);
    }
    buf = out;
  } else if (raw.length > MAX_TEXT_BYTES) {
    return { inflated: raw.length, problem: 'too large to read as one text', records: [], tooLarge: true };
  }
  const inflated = buf.length;
  // Hashed as `verify` hashes a log file: gunzipped when gzip, else as read (before any byte-order mark is dropped).
  const hashed = options.hashUncompressed === true ? { uncompressedSha256: createHash('sha256').update(buf).digest('hex') } : {};
  if (options.hashOnly === true) return { inflated, records: [], ...hashed };
  const outcome = scanText(buf, name, formats, counted, gzipped, options.cut === true);
  return { ...outcome, inflated, ...hashed };
}

/**
 * A gzip file zlib failed on (gunzip-damaged.ts): the records whose text
 * inflated before the error are kept, as a stream keeps those of the pieces
 * before it (stream-scan.ts), and the problem says how many. The text ends
 * where the damage is, so it is read as cut short (ScanOptions.cut); its own
 * problem there is the damage's doing, and the gzip problem is reported. No
 * hash: the file is not the one a digest lists.
 */
function scanDamaged(gz: Buffer, error: unknown, name: string, formats: readonly RecordFormat[], counted: boolean): ScanOutcome {
  const text = gunzipBeforeError(gz, MAX_TEXT_BYTES);
  if (text === undefined || text.length === 0) return { inflated: 0, problem: gzipProblem(error), records: [] };
  const { format, records, recordTexts, recordCount = 0 } = scanText(text, name, formats, true, true, true);
  return {
    inflated: text.length,
    ...(format !== undefined ? { format } : {}),
    problem: gzipProblem(error, { bytes: text.length, records: recordCount }),
    records,
    ...(recordTexts !== undefined ? { recordTexts } : {}),
    ...(counted ? { recordCount } : {}),
  };
}

/** scanBytes after any gunzip: `bytes` are the file's text (UTF-8, or UTF-16 with its byte-order mark), `cut` short or not (ScanOptions.cut). */
function scanText(bytes: Buffer, name: string, formats: readonly RecordFormat[], counted: boolean, gzipped: boolean, cut: boolean): Omit<ScanOutcome, 'inflated'> {
  // CloudTrail's own delivery shape needs no sniffing, and only its Route 53 records are parsed.
  if (isCompactCloudTrail(bytes)) {
    const fast = fastRoute53Records(bytes, counted, cut);
    if (fast !== undefined) {
      const all = fast.recordCount !== undefined ? { recordCount: fast.recordCount } : {};
      return fast.records.length > 0
        ? { format: 'cloudtrail-log', records: [], recordTexts: fast.records, ...all }
        : { format: 'cloudtrail-log', skipped: true, records: [], ...all };
    }
  }
  const buf = utf8Text(bytes);
  const head = buf.toString('utf8', 0, Math.min(buf.length, HEAD_CHARS));
  if (!/\S/.test(head)) return { problem: gzipped ? 'empty file (after gunzip)' : 'empty file', records: [] };
  if (looksLikeDigest(head)) return { digest: true, records: [] };
  if (looksLikeLakeSignFile(head)) return { format: 'cloudtrail-lake', skipped: true, records: [] };
  if (looksLikeConsoleCsv(head)) return { problem: CONSOLE_CSV_PROBLEM, records: [] };
  const format = formats.find((f) => f.detect(head, name));
  if (format === undefined) return { problem: unknownFormat(head), records: [] };
  // Without Route 53 in the text there is nothing to parse, unless the records must be counted.
  if (!counted && !buf.includes(ROUTE53_SOURCE)) return { format: format.name, skipped: true, records: [] };
  const records: IndexedRecord[] = [];
  let index = 0;
  try {
    for (const record of format.extract(buf.toString('utf8'), name)) {
      if (isObject(record) && isRoute53Record(record)) records.push({ record, index });
      index++;
    }
  } catch (err) {
    return { format: format.name, problem: inputProblem(err, [FormatError], format.name), records, ...(counted ? { recordCount: index } : {}) };
  }
  return { format: format.name, records, ...(counted ? { recordCount: index } : {}) };
}

/**
 * Reads a local file on the calling thread and scans it (workers read their
 * own files: nothing is copied between threads). Never throws.
 */
export function scanPath(path: string, name: string, formats: readonly RecordFormat[] = RECORD_FORMATS, options: ScanOptions = {}): ScanOutcome {
  let bytes: Buffer;
  try {
    const read = readFileReused(path, STREAMED_FILE_BYTES);
    // A big file met in a walked folder (named ones are known big before): read as a stream, as they are.
    if (!Buffer.isBuffer(read)) return { inflated: 0, problem: `${Math.round(read.size / 2 ** 20)} MiB, read as a stream`, records: [], tooLarge: true };
    bytes = read;
  } catch (err) {
    return { inflated: 0, problem: `cannot read: ${describeFsError(err)}`, records: [] };
  }
  return { ...scanBytes(bytes, name, formats, options), read: bytes.length };
}

/**
 * Walks an outcome's two lists (records parsed, records sent as text) as one,
 * in file order: a stream's pieces may have taken either path.
 */
export function inFileOrder<A extends { readonly index: number }, B extends { readonly index: number }>(a: readonly A[], b: readonly B[], onA: (x: A) => void, onB: (x: B) => void): void {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.index < b[j]!.index)) onA(a[i++]!);
    else onB(b[j++]!);
  }
}

/** A record text parsed: the record when it is Route 53's (undefined when it only mentions the name), or why not. */
export type ParsedText = { readonly record: JsonObject | undefined } | { readonly problem: string };

/** Parses one of the fast path's record texts (see FastRecord), record `index` of its file. */
export function parseRecordText(text: string, index: number): ParsedText {
  let value: unknown;
  try {
    value = parseJson(text, `record ${index + 1}`);
  } catch (err) {
    // parseJson refuses the text with a FormatError; anything else is a bug of ours, said so.
    if (!(err instanceof FormatError)) return { problem: inputProblem(err, [FormatError], `record ${index + 1}`) };
    return { problem: `${err.message}; the position is within that record` };
  }
  return { record: isObject(value) && isRoute53Record(value) ? value : undefined };
}

/** An outcome cut at a problem in record `index`: the records before it are kept, as a full parse keeps those before its problem. */
export function cutAtRecord(outcome: ScanOutcome, index: number, problem: string): ScanOutcome {
  return { ...outcome, records: outcome.records.filter((r) => r.index < index), problem };
}

/** An outcome with its record texts parsed into its records (in file order), or cut at the first that does not parse. */
export function withTextsParsed(outcome: ScanOutcome): ScanOutcome {
  const { recordTexts, ...rest } = outcome;
  if (recordTexts === undefined) return outcome;
  const parsed: IndexedRecord[] = [];
  let problem: { index: number; message: string } | undefined;
  for (const { text, index } of recordTexts) {
    const p = parseRecordText(text, index);
    if ('problem' in p) {
      problem = { index, message: p.problem };
      break;
    }
    if (p.record !== undefined) parsed.push({ record: p.record, index });
  }
  const records: IndexedRecord[] = [];
  inFileOrder(rest.records, parsed, (r) => records.push(r), (r) => records.push(r));
  return problem === undefined ? { ...rest, records } : cutAtRecord({ ...rest, records }, problem.index, problem.message);
}

/** Every Route 53 record of an outcome in file order, parsing the ones sent as text (up to one that does not parse). */
export function outcomeRecords(outcome: ScanOutcome): IndexedRecord[] {
  return [...withTextsParsed(outcome).records];
}
