/**
 * The ingest entry point: expand the inputs, read and scan the files
 * (about 2×jobs in flight, so memory is bounded by the Route 53 records
 * kept rather than by the input size), then put the results together in
 * input order so output never depends on which thread finished first.
 */
import { availableParallelism } from 'node:os';
import { stringField } from '../model/index.js';
import type { InputFormat } from './formats.js';
import { describeFsError, expandInputs } from './inputs.js';
import { outcomeRecords, type ScanOutcome } from './scan.js';
import { isDigestPath } from './special-files.js';
import {
  IngestError,
  type IngestOptions,
  type IngestProgress,
  type IngestReport,
  type InputFile,
  type SourceRecord,
} from './types.js';
import { createScanner, type Scanner } from './worker-pool.js';

/** What reading and scanning one input gave. */
interface FileResult {
  /** Bytes read; undefined when the file was not read (digest by path, unreadable). */
  readonly bytes?: number;
  readonly outcome: ScanOutcome;
}

const DELIVERY_TIME = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[A-Za-z0-9]+\.json(?:\.gz)?$/;
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

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
  if (s === undefined || !ISO_LIKE.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** Below this many (known) input bytes, starting worker threads costs more than it saves. */
export const SMALL_INPUT_BYTES = 2 * 1024 * 1024;

/** Threads to use: as asked; by default one per core, or one for a small input of known size. */
function jobCount(jobs: number | undefined, files: readonly InputFile[]): number {
  if (jobs !== undefined && Number.isFinite(jobs)) return Math.max(1, Math.floor(jobs));
  let known = 0;
  for (const f of files) {
    if (f.size === undefined) return availableParallelism();
    known += f.size;
  }
  return known < SMALL_INPUT_BYTES ? 1 : availableParallelism();
}

async function readAndScan(file: InputFile, scanner: Scanner): Promise<FileResult> {
  if (isDigestPath(file.name)) return { outcome: { inflated: 0, digest: true, records: [] } };
  if (file.path !== undefined) {
    // Local files are read by the scanning thread itself.
    const outcome = await scanner.scan({ path: file.path }, file.name);
    return outcome.read !== undefined ? { bytes: outcome.read, outcome } : { outcome };
  }
  let bytes: Uint8Array;
  try {
    bytes = await file.read();
  } catch (err) {
    return { outcome: { inflated: 0, problem: `cannot read: ${describeFsError(err)}`, records: [] } };
  }
  return { bytes: bytes.byteLength, outcome: await scanner.scan({ bytes }, file.name) };
}

function emptyReport(): IngestReport {
  return {
    filesRead: 0,
    filesWithoutRoute53: 0,
    bytesRead: 0,
    bytesInflated: 0,
    route53Records: 0,
    digestFiles: [],
    problems: [],
    formats: {},
    span: {},
  };
}

/** Puts per-file results together in input order; in strict mode throws at the first problem. */
function assemble(
  files: readonly InputFile[],
  results: readonly (FileResult | undefined)[],
  strict: boolean,
): { records: SourceRecord[]; report: IngestReport } {
  const report = emptyReport();
  const records: SourceRecord[] = [];
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
    const found = outcomeRecords(outcome);
    if (found.length === 0 && outcome.problem === undefined) report.filesWithoutRoute53++;
    seen(deliveryTime(file.name));
    for (const { record, index } of found) {
      records.push({ record, file: file.name, index, format });
      seen(eventTime(record));
    }
  }
  report.route53Records = records.length;
  if (first !== Infinity) report.span = { first: iso(first), last: iso(last) };
  return { records, report };
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
  const started = performance.now();
  const strict = options.strict === true;
  const files = await expandInputs(inputs, options.stdin ?? process.stdin);
  const jobs = jobCount(options.jobs, files);
  const results: (FileResult | undefined)[] = new Array<FileResult | undefined>(files.length);
  const progress: IngestProgress = {
    filesDone: 0,
    filesTotal: files.length,
    bytesDone: 0,
    bytesTotal: files.reduce((n, f) => n + (f.size ?? 0), 0),
    route53Records: 0,
    elapsedMs: 0,
  };
  const report = () => options.onProgress?.({ ...progress, elapsedMs: performance.now() - started });
  report();

  const scanner = createScanner(jobs, files.length);
  let next = 0;
  let stop = false;
  const lane = async () => {
    while (!stop && next < files.length) {
      const i = next++;
      const file = files[i];
      if (file === undefined) continue;
      const r = await readAndScan(file, scanner);
      results[i] = r;
      progress.filesDone++;
      // Files passed over (digests) or unreadable count as done, so the bar reaches its end.
      progress.bytesDone += r.bytes ?? file.size ?? 0;
      if (file.size === undefined) progress.bytesTotal += r.bytes ?? 0;
      progress.route53Records += r.outcome.records.length + (r.outcome.recordTexts?.length ?? 0);
      report();
      if (strict && r.outcome.problem !== undefined) stop = true;
    }
  };
  // Files in flight per thread: bytes read here cost memory (two per thread: one scanned,
  // one read); local paths cost nothing until a thread reads them, so more keep the threads busy.
  const local = files.every((f) => f.path !== undefined);
  const lanes = Math.min(files.length, (local ? 8 : 2) * jobs);
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    await scanner.close();
  }
  return assemble(files, results, strict);
}
