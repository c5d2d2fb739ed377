/** The ingest layer's public data types. */
import type { JsonObject } from '../model/index.js';
import type { InputFormat } from './formats.js';
import type { RegionChoice, SkippedFolder } from './trail-folders.js';

/** Something to read: a local path, stdin, or an object fetched from S3 by another module. `ingest` calls read() once. */
export interface InputFile {
  /** Shown in problems and provenance: a path, `<stdin>`, or `s3://bucket/key`. */
  readonly name: string;
  /** Size in bytes when known beforehand (for progress). */
  readonly size?: number;
  /** A local path any thread can read (then worker threads read the file themselves). */
  readonly path?: string;
  read(): Promise<Buffer>;
  /**
   * The bytes as a stream, for inputs read piece by piece rather than whole
   * (stdin, pipes, big files): memory then does not grow with their size.
   * When present, ingest calls it instead of read(), once.
   */
  stream?(): AsyncIterable<Uint8Array | string>;
}

/** One CloudTrail record (already JSON-parsed) with where it came from. */
export interface SourceRecord {
  readonly record: JsonObject;
  readonly file: string;
  /** Position of the record among all records of its file (0-based). */
  readonly index: number;
  readonly format: InputFormat;
}

/** A file that could not be (fully) read, and why. */
export interface SourceProblem {
  readonly file: string;
  readonly message: string;
}

/** What an ingest run read and found. */
export interface IngestReport {
  /** Files whose bytes were read (including those with problems). */
  filesRead: number;
  /** Files of a known format holding no Route 53 record (most are skipped without parsing). */
  filesWithoutRoute53: number;
  /** Bytes read, as stored (compressed). */
  bytesRead: number;
  /** Bytes after gunzip (plain files count as read). */
  bytesInflated: number;
  route53Records: number;
  /** CloudTrail digest files met, listed for verification, not read as events. */
  digestFiles: string[];
  /** Logs of walked trail trees left unread, by folder and region: CloudTrail records Route 53 in us-east-1 (see trail-folders.ts). */
  foldersSkipped: SkippedFolder[];
  problems: SourceProblem[];
  /** Files read per detected format. */
  formats: Partial<Record<InputFormat, number>>;
  /** Earliest/latest instants the inputs speak for: S3 key delivery times (YYYYMMDDTHHmmZ in file names) and Route 53 eventTimes, ISO-8601. */
  span: { first?: string; last?: string };
}

/** Progress so far, sent after each file. */
export interface IngestProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  route53Records: number;
  elapsedMs: number;
  /** True while inputs are still being listed: filesTotal will grow. bytesTotal is 0 unless every size is known. */
  listing?: boolean;
}

/** How `ingest` runs. */
export interface IngestOptions {
  /**
   * Files decompressed and scanned at once, on worker threads; <= 1 scans
   * in-process. Default os.availableParallelism(), or in-process when the
   * input is known to be under 2 MiB (threads would cost more than they save).
   */
  jobs?: number;
  /** Throw IngestError at the first problem instead of reporting it. */
  strict?: boolean;
  /** What `-` reads; default process.stdin. */
  stdin?: NodeJS.ReadableStream;
  /** Region folders read in walked trees: only those that can hold Route 53 events (default), or all. */
  regions?: RegionChoice;
  onProgress?(p: IngestProgress): void;
  /** Bytes of a streamed input (stdin, a pipe, a big file) scanned as one piece; default 1 MiB (stream-pieces.ts's PIECE_BYTES). */
  pieceBytes?: number;
  /**
   * Hash each local log file that has digests beside it (see hasDigestsBeside) while it is
   * inflated anyway, so that digest validation need not read and inflate it again
   * (ingestEvents' `logHashes`).
   */
  hashLogFiles?: boolean;
}

/** A problem with one input, thrown in strict mode; the message names the file and what is wrong. */
export class IngestError extends Error {
  readonly file: string;
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.name = 'IngestError';
    this.file = file;
  }
}
