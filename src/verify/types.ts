/**
 * The shapes `zone-replay verify` reads and reports. Field names are stable:
 * `--format json` prints a {@link VerifyReport} as is.
 */

/** What `verifyTrail` is told besides the paths. */
export interface VerifyOptions {
  /**
   * Files holding CloudTrail public keys: PEM (PKCS#1 "RSA PUBLIC KEY" or
   * SPKI "PUBLIC KEY") or the JSON printed by `aws cloudtrail list-public-keys`.
   */
  publicKeys?: string[];
  /** A JSON file mapping digest S3 keys (from `AWSLogs/` on) to hex signatures. */
  signatures?: string;
  /** Judge only what was delivered at or after this time (ISO 8601). */
  since?: string;
  /** Judge only what was delivered at or before this time (ISO 8601). */
  until?: string;
  /** Judge only the log and digest files of the regions this accepts (default: every region). */
  regions?: (region: string) => boolean;
  /**
   * Hex SHA-256 of log files' uncompressed bytes already taken (by the replay's scan), keyed by
   * absolute path: those files are not read again. Others are read and hashed as usual.
   */
  knownLogHashes?: ReadonlyMap<string, string>;
  /** Threads reading and hashing log files, this one included (default: one per core). */
  jobs?: number;
  /** Called as log files are hashed (bytes are the files' sizes on disk). */
  onProgress?: (progress: HashProgress) => void;
}

/** How far the hashing of log files has got. */
export interface HashProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly elapsedMs: number;
}

/** A time interval, both ends `YYYY-MM-DDTHH:MM:SSZ`. */
export interface TimeInterval {
  start: string;
  end: string;
}

/**
 * Status of one log file:
 * - `ok`: listed by a digest, SHA-256 of its uncompressed bytes matches;
 * - `missing`: listed by a digest, no local file has its key (`file` is '');
 * - `altered`: listed, but its hash differs (or it does not decompress);
 * - `unlisted`: present locally, listed by no digest.
 */
export type LogFileStatus = 'ok' | 'missing' | 'altered' | 'unlisted';

/** One log file's verdict. */
export interface LogFileResult {
  /** The local path ('' when missing). */
  file: string;
  /** The S3 key from `AWSLogs/` on. */
  key: string;
  status: LogFileStatus;
  /** Key (from `AWSLogs/`) of the digest that lists it. */
  digest?: string;
}

/**
 * Status of one digest file:
 * - `ok`: linked to its previous digest by hash (or the earliest local one)
 *   and its signature verified;
 * - `chain-start`: its previous digest is null (the first digest of a trail,
 *   or validation/logging was off before it); otherwise as `ok`/`unsigned`;
 * - `unsigned`: chain checks passed, but no signature or public key to check;
 * - `broken-chain`: its previous digest is missing, or its hash/name does not
 *   match, or it is not where it says it is, or it does not parse;
 * - `bad-signature`: a signature was available and does not verify.
 */
export type DigestStatus = 'ok' | 'broken-chain' | 'bad-signature' | 'unsigned' | 'chain-start';

/** One digest file's verdict. */
export interface DigestResult {
  /** The local path. */
  file: string;
  /** The S3 key from `AWSLogs/` on. */
  key: string;
  status: DigestStatus;
  /** Why, for anything but a plain `ok`. */
  message?: string;
}

/** A stretch of time the digests do not prove, and why. */
export interface CoverageHole extends TimeInterval {
  reason: string;
}

/** What one trail's digests prove about one region. */
export interface CoverageRow {
  region: string;
  trail: string;
  account: string;
  /** Delivery intervals whose log files are all present and unaltered (merged, ordered). */
  proved: TimeInterval[];
  /** The rest of the judged window, ordered. */
  holes: CoverageHole[];
}

/** The whole verdict of `verifyTrail`. */
export interface VerifyReport {
  /** Log files in the window, ordered by key then file. */
  logFiles: LogFileResult[];
  /** Digest files in the window, ordered by key then file. */
  digests: DigestResult[];
  /** One row per (account, region, trail), ordered. */
  coverage: CoverageRow[];
  /** Whether every, some or no digest in the window had its signature verified. */
  signed: 'all' | 'some' | 'none';
  /** True when nothing is missing, altered, unlisted, broken or badly signed, and some digest was judged. */
  ok: boolean;
  /** Files that could not be read or parsed, and other failures that are not a status. */
  problems: { file: string; message: string }[];
}
