/**
 * The I/O edge of `verify`: walks the paths, reads log and digest files, the
 * signatures saved beside digests and the public key files, and hands plain
 * values to the pure core.
 */
import { constants } from 'node:buffer';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { field, isObject } from '../model/index.js';
import { NoDigestFilesError, VerifyInputError } from './errors.js';
import { awsLogsKey, parseKey, type KeyInfo } from './s3-keys.js';
import { PublicKeyError, readPublicKeys, type PublicKeyEntry } from './signature.js';
import type { SignatureClaim } from './signature-check.js';
import type { VerifyOptions } from './types.js';
import { logFileHash, type LocalDigest, type LocalLog, type TrailInput } from './verify-core.js';
import { GunzipError, inflateChunkSize, threadGunzipper } from '../sources/gunzip-reused.js';
import { readFileReused } from '../sources/read-reused.js';

const SIG = '.sig';
const HEAD = '.head.json';
const CONCURRENCY = 16;

/** Reads everything `checkTrail` needs. Throws VerifyInputError / NoDigestFilesError for the user's mistakes. */
export async function readTrailInput(paths: readonly string[], options: VerifyOptions = {}): Promise<TrailInput> {
  const since = parseTime(options.since, '--since');
  const until = parseTime(options.until, '--until');
  if (since !== undefined && until !== undefined && since > until) throw new VerifyInputError(`--since ${options.since} is after --until ${options.until}`);
  const problems: { file: string; message: string }[] = [];
  const files = await collectFiles(paths);

  const logPaths: string[] = [];
  const digestPaths: string[] = [];
  const sidecars: string[] = [];
  const judged = options.regions ?? (() => true);
  for (const { file, explicit } of files) {
    if (file.endsWith(SIG) || file.endsWith(HEAD)) {
      sidecars.push(file);
      continue;
    }
    const key = parseKey(file);
    if (key === undefined) {
      if (explicit) throw new VerifyInputError(`${file}: not a CloudTrail log or digest file (expected the AWSLogs/<account>/CloudTrail[-Digest]/<region>/YYYY/MM/DD/ layout)`);
    } else if (!judged(key.region)) {
      continue;
    } else if (key.kind === 'digest') {
      digestPaths.push(file);
    } else if (until === undefined || key.time === undefined || key.time <= until) {
      // A log delivered after --until can only be listed by a digest delivered after it, which is not judged.
      logPaths.push(file);
    }
  }
  if (digestPaths.length === 0) throw new NoDigestFilesError(logPaths.length, paths);

  const claimsByFile = await readSidecars(sidecars, problems);
  const claimsByKey = options.signatures === undefined ? new Map<string, SignatureClaim>() : await readSignatureMap(options.signatures);
  const keys: PublicKeyEntry[] = [];
  for (const file of options.publicKeys ?? []) keys.push(...(await readKeyFile(file)));

  const digests = await mapLimit(digestPaths, CONCURRENCY, async (file): Promise<LocalDigest[]> => {
    const info = parseKey(file);
    const raw = info === undefined ? undefined : await readOrReport(file, problems);
    if (info === undefined || raw === undefined) return [];
    const claims = [...(claimsByFile.get(resolve(file)) ?? [])];
    const mapped = claimsByKey.get(info.key);
    if (mapped !== undefined) claims.push(mapped);
    return [{ file, info, raw, claims }];
  });

  const logs: LocalLog[] = [];
  const toHash: { file: string; info: KeyInfo }[] = [];
  for (const file of logPaths) {
    const info = parseKey(file);
    if (info === undefined) continue;
    const known = options.knownLogHashes?.get(resolve(file));
    if (known !== undefined) logs.push({ file, info, hash: known });
    else toHash.push({ file, info });
  }
  logs.push(...(await hashLogs(toHash, options.jobs, problems, progressOf(toHash.length, options.onProgress))));

  const input: TrailInput = { logs, digests: digests.flat(), keys, problems };
  if (since !== undefined) input.since = since;
  if (until !== undefined) input.until = until;
  return input;
}

/** A file hashed, of `bytes` on disk. */
type Tick = (bytes: number) => void;

/** Counts files hashed into progress reports (none without a listener). */
function progressOf(filesTotal: number, onProgress: VerifyOptions['onProgress']): Tick {
  if (onProgress === undefined) return () => {};
  const started = performance.now();
  let filesDone = 0;
  let bytesDone = 0;
  return (bytes) => onProgress({ filesDone: ++filesDone, filesTotal, bytesDone: (bytesDone += bytes), bytesTotal: 0, elapsedMs: performance.now() - started });
}

/** Below this many log files to hash, starting a thread costs more than it saves. */
const THREADED_FROM = 64;

/**
 * Reads, inflates and hashes log files on `jobs` threads (default one per
 * core). A thread's answer without a hash (a file it could not read, a gzip
 * that does not inflate) is taken again here, so that the verdict and its
 * words are those of hashOnThisThread.
 */
async function hashLogs(files: readonly { file: string; info: KeyInfo }[], jobs: number | undefined, problems: { file: string; message: string }[], tick: Tick): Promise<LocalLog[]> {
  const threads = jobs ?? availableParallelism();
  if (files.length < THREADED_FROM || threads <= 1) return files.flatMap(({ file, info }) => hashOnThisThread(file, info, problems, tick));
  // Loaded only here: the scan pool and its formats are start-up time a small trail does not need.
  const { createScanner } = await import('../sources/worker-pool.js');
  const scanner = createScanner(threads, files.length);
  try {
    const hashed = await mapLimit(files, scanner.capacity, async ({ file, info }) => {
      const outcome = await scanner.scan({ path: file, hashUncompressed: true, hashOnly: true }, file);
      if (outcome.uncompressedSha256 === undefined) return hashOnThisThread(file, info, problems, tick);
      tick(outcome.read ?? 0);
      return [{ file, info, hash: outcome.uncompressedSha256 }];
    });
    return hashed.flat();
  } finally {
    await scanner.close();
  }
}

/** One log file read, inflated (in this thread's reused memory) and hashed at once, nothing awaited in between. */
function hashOnThisThread(file: string, info: KeyInfo, problems: { file: string; message: string }[], tick: Tick): LocalLog[] {
  let raw: Buffer;
  try {
    raw = readFileReused(file);
  } catch (err) {
    problems.push(unreadable(file, err));
    tick(0);
    return [];
  }
  tick(raw.length);
  try {
    return [{ file, info, hash: logFileHash(raw, gunzipReused) }];
  } catch (err) {
    // The file's fault: gzip it cannot inflate, or more than memory holds (as scan.ts reads a RangeError
    // here: a buffer that cannot grow). Anything else is a bug, not a log file that fails the check.
    if (!(err instanceof GunzipError || err instanceof RangeError)) throw err;
    return [{ file, info, error: `does not decompress (${err.message})` }];
  }
}

function parseTime(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  // A time without a zone is UTC, as every CloudTrail time is.
  const zoned = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(text) || /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(zoned ? text : text + 'Z') : NaN;
  if (Number.isNaN(ms)) throw new VerifyInputError(`${flag}: not a time: ${JSON.stringify(text)} (expected ISO 8601 like 2024-05-01T12:00:00Z)`);
  return ms;
}

/** Gunzips into this thread's reused memory (valid until the next call: hash it at once). */
const gunzipReused = (gz: Uint8Array) => threadGunzipper().gunzip(gz, inflateChunkSize(gz), constants.MAX_LENGTH);

/** The problem of a file that could not be read. */
function unreadable(file: string, err: unknown): { file: string; message: string } {
  return { file, message: `${file}: cannot read (${(err as Error).message})` };
}

/** A file's bytes, or undefined with a problem recorded (the run goes on). */
async function readOrReport(file: string, problems: { file: string; message: string }[]): Promise<Uint8Array | undefined> {
  try {
    return await readFile(file);
  } catch (err) {
    problems.push(unreadable(file, err));
    return undefined;
  }
}

/** Files under the paths (directories walked, symlinked directories not followed), each once, in order. */
async function collectFiles(paths: readonly string[]): Promise<{ file: string; explicit: boolean }[]> {
  const out: { file: string; explicit: boolean }[] = [];
  const seen = new Set<string>();
  const addReal = (file: string, real: string, explicit: boolean) => {
    if (seen.has(real)) return;
    seen.add(real);
    out.push({ file, explicit });
  };
  const add = async (file: string, explicit: boolean) => addReal(file, await realpath(file).catch(() => resolve(file)), explicit);
  // A plain file's real path is its folder's plus its name: one realpath per folder, not one per file
  // (thousands of them, each a round trip to the thread pool, took longer than the rest of the check).
  const walk = async (dir: string, realDir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => {
      throw new VerifyInputError(`${dir}: cannot read (${(err as Error).message})`, { cause: err });
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p, join(realDir, e.name));
      else if (e.isFile()) addReal(p, join(realDir, e.name), false);
      else if (e.isSymbolicLink() && (await stat(p).catch(() => undefined))?.isFile()) await add(p, false);
    }
  };
  for (const p of paths) {
    const st = await stat(p).catch((err: unknown) => {
      throw new VerifyInputError(`${p}: cannot read (${(err as Error).message})`, { cause: err });
    });
    if (st.isDirectory()) await walk(p, await realpath(p));
    else await add(p, true);
  }
  return out;
}

/** Signatures in `<digest>.sig` (hex) and `<digest>.head.json` (`aws s3api head-object` output), by resolved digest path. */
async function readSidecars(files: readonly string[], problems: { file: string; message: string }[]): Promise<Map<string, SignatureClaim[]>> {
  const out = new Map<string, SignatureClaim[]>();
  for (const file of files) {
    const isSig = file.endsWith(SIG);
    const digestFile = resolve(file.slice(0, file.length - (isSig ? SIG.length : HEAD.length)));
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      problems.push(unreadable(file, err));
      continue;
    }
    let claim: SignatureClaim | undefined;
    if (isSig) claim = { source: file, hex: text.trim() };
    else {
      claim = headObjectClaim(text, file);
      if (claim === undefined) {
        problems.push({ file, message: `${file}: not head-object JSON with Metadata.signature` });
        continue;
      }
    }
    out.set(digestFile, [...(out.get(digestFile) ?? []), claim]);
  }
  return out;
}

function headObjectClaim(text: string, file: string): SignatureClaim | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const meta = field(json, 'Metadata');
  const hex = field(meta, 'signature') ?? field(meta, 'x-amz-meta-signature');
  const algorithm = field(meta, 'signature-algorithm') ?? field(meta, 'x-amz-meta-signature-algorithm');
  if (typeof hex !== 'string') return undefined;
  const claim: SignatureClaim = { source: file, hex: hex.trim() };
  if (typeof algorithm === 'string') claim.algorithm = algorithm;
  return claim;
}

/** `--signatures`: a JSON object of digest S3 key (from AWSLogs/ on, any prefix allowed) → hex signature. */
async function readSignatureMap(file: string): Promise<Map<string, SignatureClaim>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new VerifyInputError(`--signatures ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!isObject(json)) throw new VerifyInputError(`--signatures ${file}: expected a JSON object of digest key → hex signature`);
  const out = new Map<string, SignatureClaim>();
  for (const [name, value] of Object.entries(json)) {
    const key = awsLogsKey(name);
    if (key === undefined || parseKey(name)?.kind !== 'digest') {
      throw new VerifyInputError(`--signatures ${file}: ${JSON.stringify(name)} is not a CloudTrail digest key (AWSLogs/.../CloudTrail-Digest/...)`);
    }
    if (typeof value !== 'string') throw new VerifyInputError(`--signatures ${file}: the value for ${JSON.stringify(name)} is not a string`);
    out.set(key, { source: `--signatures ${file}`, hex: value.trim() });
  }
  return out;
}

async function readKeyFile(file: string): Promise<PublicKeyEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new VerifyInputError(`--public-keys ${file}: cannot read (${(err as Error).message})`, { cause: err });
  }
  try {
    return readPublicKeys(text, file);
  } catch (err) {
    // Only the key file's fault: a bug in the reader is not 'cannot read'.
    if (!(err instanceof PublicKeyError)) throw err;
    throw new VerifyInputError(`--public-keys ${err.message}`, { cause: err });
  }
}

/** `fn` over `items`, at most `limit` at a time, results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
