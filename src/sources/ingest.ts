/**
 * The ingest entry point: list the inputs, read and scan the files as they
 * are listed (a few per thread in flight, so memory is bounded by the Route
 * 53 records kept rather than by the input size), then put the results
 * together in input order so output never depends on which thread finished
 * first.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { stringField } from '../model/index.js';
import { eventTimeMs, normalizeRecord, type EventProblem } from '../events/normalize.js';
import type { Route53Event } from '../events/types.js';
import type { InputFormat } from './formats.js';
import { describeFsError, fileStream, inputFiles } from './inputs.js';
import { inFileOrder, outcomeRecords, withTextsParsed, type IndexedRecord, type ScanOutcome } from './scan.js';
import { hasDigestsBeside, isDigestPath } from './special-files.js';
import {
  IngestError,
  type IngestOptions,
  type IngestProgress,
  type IngestReport,
  type InputFile,
  type SourceRecord,
} from './types.js';
import { TextEvents, type TextKey } from './text-events.js';
import { SMALL_INPUT_BYTES } from './scan-worker-start.js';
import { scanStream, type PieceSink, type StreamScanOptions } from './stream-scan.js';
import { createScanner, type Scanner } from './worker-pool.js';

/** A Route 53 record as an event, or why it could not be one. */
export type NormalizedRecord = Route53Event | EventProblem;

/** What reading and scanning one input gave. */
interface FileResult {
  /** Bytes read; undefined when the file was not read (digest by path, unreadable). */
  readonly bytes?: number;
  readonly outcome: ScanOutcome;
  /** The outcome's record texts once handed to TextEvents: their keys (the texts are dropped). */
  readonly textKeys?: readonly { readonly key: TextKey; readonly index: number }[];
  /** The outcome's parsed records once normalized (the records are dropped), in file order. */
  readonly normalized?: readonly { readonly event: NormalizedRecord; readonly index: number }[];
}

const DELIVERY_TIME = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[A-Za-z0-9]+\.json(?:\.gz)?$/;

/** The delivery instant (ms) in a CloudTrail log file name `…_YYYYMMDDTHHmmZ_<unique>.json[.gz]`. */
export function deliveryTime(fileName: string): number | undefined {
  const m = DELIVERY_TIME.exec(fileName);
  if (m === null) return undefined;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(t);
  // Reject impossible dates (month 13, Feb 30) rather than let Date roll them over.
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 ? t : undefined;
}

function eventTime(record: SourceRecord['record']): number | undefined {
  const s = stringField(record, 'eventTime');
  const t = s === undefined ? NaN : eventTimeMs(s);
  return Number.isNaN(t) ? undefined : t;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** Below this many (known) input bytes, starting worker threads costs more than it saves. */
export { SMALL_INPUT_BYTES } from './scan-worker-start.js';

/** A file's size if known or cheap to learn (a local path); undefined otherwise. */
function knownSize(file: InputFile): number | undefined {
  if (file.size !== undefined) return file.size;
  if (file.path === undefined) return undefined;
  try {
    return statSync(file.path).size;
  } catch {
    return 0; // its problem is reported when it is read
  }
}

async function readAndScan(file: InputFile, scanner: Scanner, pieces: StreamScanOptions, hash: boolean, sink: PieceSink | undefined): Promise<FileResult> {
  if (isDigestPath(file.name)) return { outcome: { inflated: 0, digest: true, records: [] } };
  if (file.stream !== undefined) return scanStream(file.stream(), file.name, scanner, pieces, sink);
  if (file.path !== undefined) {
    // Local files are read by the scanning thread itself.
    const outcome = await scanner.scan(hash ? { path: file.path, hashUncompressed: true } : { path: file.path }, file.name);
    // Too big to read whole after all (a small gzip file can inflate to gigabytes): read it as a stream.
    if (outcome.tooLarge === true) return scanStream(fileStream(file.path), file.name, scanner, pieces, sink);
    return outcome.read !== undefined ? { bytes: outcome.read, outcome } : { outcome };
  }
  let bytes: Uint8Array;
  try {
    bytes = await file.read();
  } catch (err) {
    return { outcome: { inflated: 0, problem: `cannot read: ${describeFsError(err)}`, records: [] } };
  }
  const outcome = await scanner.scan({ bytes }, file.name);
  // An object fetched whole (S3) that inflates too big: inflated in pieces from the bytes in memory.
  if (outcome.tooLarge === true) return scanStream(Readable.from([bytes]), file.name, scanner, pieces, sink);
  return { bytes: bytes.byteLength, outcome };
}

function emptyReport(): IngestReport {
  return {
    filesRead: 0,
    filesWithoutRoute53: 0,
    bytesRead: 0,
    bytesInflated: 0,
    route53Records: 0,
    digestFiles: [],
    foldersSkipped: [],
    problems: [],
    formats: {},
    span: {},
  };
}

/**
 * Takes one file's finds out of its outcome: pushes them to `out`, tells
 * `seen` their instants, returns how many there were.
 */
type Unpack<T> = (result: FileResult, file: string, format: InputFormat, out: T[], seen: (t: number | undefined) => void) => number;

const unpackRecords: Unpack<SourceRecord> = (r, file, format, out, seen) => {
  const found = outcomeRecords(r.outcome);
  for (const { record, index } of found) {
    out.push({ record, file, index, format });
    seen(eventTime(record));
  }
  return found.length;
};

/** Unpacks events: each record normalized, record texts through `texts` (see TextEvents). */
function unpackEvents(texts: TextEvents): Unpack<NormalizedRecord> {
  return (r, file, _format, out, seen) => {
    const add = (e: NormalizedRecord) => {
      out.push(e);
      if ('provenance' in e) seen(e.provenance.timeMs);
    };
    const keys = r.textKeys ?? [];
    const normalized = r.normalized ?? r.outcome.records.map(({ record, index }) => ({ event: normalizeRecord(record, { file, index }), index }));
    inFileOrder(normalized, keys, ({ event }) => add(event), ({ key, index }) => add(texts.eventOf(key, file, index)));
    return normalized.length + keys.length;
  };
}

/** Puts per-file results together in input order; in strict mode throws at the first problem. */
function assemble<T>({ files, results, foldersSkipped }: Scanned, strict: boolean, unpack: Unpack<T>): { items: T[]; report: IngestReport } {
  const report = emptyReport();
  report.foldersSkipped = foldersSkipped;
  const items: T[] = [];
  let first = Infinity;
  let last = -Infinity;
  const seen = (t: number | undefined) => {
    if (t === undefined) return;
    if (t < first) first = t;
    if (t > last) last = t;
  };
  for (let i = 0; i < files.length; i++) {
    const r = results[i];
    const file = files[i];
    if (r === undefined || file === undefined) continue; // not reached: strict mode stopped early
    const { outcome } = r;
    if (r.bytes !== undefined) {
      report.filesRead++;
      report.bytesRead += r.bytes;
      report.bytesInflated += outcome.inflated;
    }
    if (outcome.problem !== undefined) {
      if (strict) throw new IngestError(file.name, outcome.problem);
      report.problems.push({ file: file.name, message: outcome.problem });
    }
    if (outcome.digest === true) report.digestFiles.push(file.name);
    const format: InputFormat | undefined = outcome.format;
    if (format === undefined) continue;
    report.formats[format] = (report.formats[format] ?? 0) + 1;
    seen(deliveryTime(file.name));
    const found = unpack(r, file.name, format, items, seen);
    if (found === 0 && outcome.problem === undefined) report.filesWithoutRoute53++;
    report.route53Records += found;
  }
  if (first !== Infinity) report.span = { first: iso(first), last: iso(last) };
  return { items, report };
}

/** What scanInputs found: the files in input order, each one's result, and the folders left unread. */
interface Scanned {
  readonly files: readonly InputFile[];
  readonly results: readonly (FileResult | undefined)[];
  readonly foldersSkipped: IngestReport['foldersSkipped'];
}

/**
 * Reads and scans every input file, the walk and the scanning overlapping; results in input order.
 * `sinkFor` gives a file's sink (for a stream's records piece by piece, see PieceSink), which
 * `onOutcome` then gets with the file's result.
 */
async function scanInputs<S extends PieceSink | undefined>(
  inputs: readonly (string | InputFile)[],
  options: IngestOptions,
  sinkFor: (file: InputFile) => S,
  onOutcome: (file: InputFile, result: FileResult, sink: S) => FileResult,
): Promise<Scanned> {
  const started = performance.now();
  const strict = options.strict === true;
  const foldersSkipped: IngestReport['foldersSkipped'] = [];
  const listing = inputFiles(inputs, options.stdin ?? process.stdin, {
    regions: options.regions ?? 'route53',
    onSkippedFolder: (folder) => foldersSkipped.push(folder),
  });
  const files: InputFile[] = [];
  let complete = false;
  // Sizes of files the walk listed without one (most: a stat per file costs more than it tells).
  let unsized = 0;
  let sizedBytes = 0;
  // bytesTotal and listing are derived when reported (see report).
  const progress: IngestProgress = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, route53Records: 0, elapsedMs: 0 };
  const report = () =>
    options.onProgress?.({ ...progress, bytesTotal: unsized === 0 ? sizedBytes : 0, listing: !complete, elapsedMs: performance.now() - started });
  /** Lists one more file (calls queue up in the generator, so each adds the next one). */
  const list = async (): Promise<void> => {
    if (complete) return;
    const n = await listing.next();
    if (n.done === true) {
      complete = true;
      return;
    }
    files.push(n.value);
    progress.filesTotal++;
    if (n.value.size === undefined) unsized++;
    else sizedBytes += n.value.size;
  };
  const results: (FileResult | undefined)[] = [];

  // Threads: as asked; by default one per core, or none (in-process) for an input known
  // to be small: list and size just enough files to know which.
  let jobs = options.jobs !== undefined && Number.isFinite(options.jobs) ? Math.max(1, Math.floor(options.jobs)) : undefined;
  let known = 0;
  for (let i = 0; jobs === undefined; i++) {
    while (files.length <= i && !complete) await list();
    const file = files[i];
    const size = file === undefined ? 0 : knownSize(file);
    if (file === undefined) jobs = 1;
    else if (size === undefined || (known += size) >= SMALL_INPUT_BYTES) jobs = availableParallelism();
  }
  report();
  // A streamed input is scanned in pieces, as many files would be.
  const scanner = createScanner(jobs, complete && !files.some((f) => f.stream !== undefined) ? files.length : Infinity);
  const pieces: StreamScanOptions = options.pieceBytes !== undefined ? { pieceBytes: options.pieceBytes } : {};
  let stop = false;
  // List ahead of the lanes, a slice between two files, so the total (and the time left) is
  // known early; lanes that catch up with the listing pull the next file themselves.
  const listingAhead = (async () => {
    while (!complete && !stop) {
      for (let k = 0; k < 64 && !complete; k++) await list();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  })();
  let next = 0;
  const digestsBeside = new Map<string, boolean>();
  const hashed = (file: InputFile) => options.hashLogFiles === true && file.path !== undefined && hasDigestsBeside(file.path, digestsBeside);
  const lane = async () => {
    while (!stop) {
      const i = next++;
      while (files.length <= i && !complete) await list();
      const file = files[i];
      if (file === undefined) return;
      const sink = sinkFor(file);
      const r = onOutcome(file, await readAndScan(file, scanner, pieces, hashed(file), sink), sink);
      results[i] = r;
      progress.filesDone++;
      progress.bytesDone += r.bytes ?? 0;
      if (file.size === undefined) {
        // Its size is known now: once every file's is, the total is shown.
        unsized--;
        sizedBytes += r.bytes ?? 0;
      }
      progress.route53Records += r.outcome.records.length + (r.textKeys?.length ?? 0) + (r.normalized?.length ?? 0);
      report();
      if (strict && r.outcome.problem !== undefined) stop = true;
    }
  };
  // Files in flight: bytes read here cost memory (two per thread: one scanned, one read);
  // local paths cost nothing until a thread reads them, so the scanner's whole capacity is used.
  const local = inputs.every((input) => (typeof input === 'string' ? input !== '-' : input.path !== undefined));
  const lanes = local ? Math.max(8, scanner.capacity + 2) : 2 * jobs;
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
    await listingAhead;
    report(); // the listing may have ended after the last file's report: say so
  } finally {
    await scanner.close();
    await listing.return(undefined);
  }
  return { files, results, foldersSkipped };
}

/**
 * Reads every input (paths: files, directories walked recursively in sorted
 * order, '-' for stdin; or InputFile objects) and returns the Route 53
 * records (eventSource === 'route53.amazonaws.com') in input order, then
 * file order. Never throws for bad input unless strict (then IngestError on
 * the first problem, in input order).
 */
export async function ingest(
  inputs: readonly (string | InputFile)[],
  options: IngestOptions = {},
): Promise<{ records: SourceRecord[]; report: IngestReport }> {
  // Record texts parsed as files arrive, so that one that does not parse is its file's problem.
  const scanned = await scanInputs(
    inputs,
    options,
    () => undefined,
    (_file, r) => (r.outcome.recordTexts === undefined ? r : { ...r, outcome: withTextsParsed(r.outcome) }),
  );
  const { items, report } = assemble(scanned, options.strict === true, unpackRecords);
  return { records: items, report };
}

/**
 * A file's Route 53 records as events, in file order: records normalized,
 * texts through TextEvents (identical copies normalized once), up to the
 * first text that does not parse (nothing after it is taken, as a full
 * parse keeps only the records before its problem).
 */
class FileEvents implements PieceSink {
  readonly textKeys: { key: TextKey; index: number }[] = [];
  readonly normalized: { event: NormalizedRecord; index: number }[] = [];
  /** Why the file's records end early: its first text that does not parse. */
  problem: string | undefined;

  constructor(
    private readonly file: string,
    private readonly texts: TextEvents,
  ) {}

  take(records: readonly IndexedRecord[], recordTexts: readonly { readonly text: string; readonly index: number }[] | undefined): string | undefined {
    if (this.problem !== undefined) return this.problem;
    const added = recordTexts === undefined ? undefined : this.texts.add(this.file, recordTexts);
    const cut = added?.problem?.index ?? Infinity;
    for (const { record, index } of records) if (index < cut) this.normalized.push({ event: normalizeRecord(record, { file: this.file, index }), index });
    for (const k of added?.keys ?? []) this.textKeys.push(k);
    this.problem = added?.problem?.message;
    return this.problem;
  }
}

/**
 * Like ingest, but each Route 53 record comes back normalized into its
 * event (or the problem that kept it from being one), in the same order.
 * Records are normalized while the other files are still being scanned,
 * and identical copies only once.
 */
export async function ingestEvents(
  inputs: readonly (string | InputFile)[],
  options: IngestOptions = {},
): Promise<{ events: NormalizedRecord[]; report: IngestReport; logHashes: ReadonlyMap<string, string> }> {
  const texts = new TextEvents();
  // Each file's records become events as its pieces or its whole outcome arrive, while the other threads
  // scan on: only events are kept, not the records (several times an event's memory each).
  const scanned = await scanInputs(
    inputs,
    options,
    (file) => new FileEvents(file.name, texts),
    (_file, r, events) => {
      // A stream's records went to its FileEvents piece by piece; a whole file's go now.
      const { recordTexts, records, ...rest } = r.outcome;
      events.take(records, recordTexts);
      const outcome = { ...rest, records: [], ...(events.problem !== undefined ? { problem: events.problem } : {}) };
      return { ...r, outcome, textKeys: events.textKeys, normalized: events.normalized };
    },
  );
  const { items, report } = assemble(scanned, options.strict === true, unpackEvents(texts));
  return { events: items, report, logHashes: logHashesOf(scanned) };
}

/** The hashes taken while scanning (IngestOptions.hashLogFiles), by absolute path. */
function logHashesOf({ files, results }: Scanned): Map<string, string> {
  const hashes = new Map<string, string>();
  files.forEach((file, i) => {
    const sha256 = results[i]?.outcome.uncompressedSha256;
    if (sha256 !== undefined && file.path !== undefined) hashes.set(resolve(file.path), sha256);
  });
  return hashes;
}
