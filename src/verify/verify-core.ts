/**
 * The pure core of `verify`: local files (names, bytes, hashes) in, a
 * VerifyReport out. Follows AWS's log file integrity validation: each digest
 * lists log files with the SHA-256 of their uncompressed bytes and links to
 * the previous digest by key and SHA-256; signatures are checked when given.
 */
import { gunzipSync } from 'node:zlib';
import { compareStrings } from '../model/index.js';
import { chainId, judgeChain, sortChain, type DigestNode, type NodeVerdict } from './chain.js';
import { coverageRow, type JudgedSpan } from './coverage.js';
import { DigestFormatError, parseDigest } from './digest-file.js';
import type { KeyInfo } from './s3-keys.js';
import { sha256Hex, type PublicKeyEntry } from './signature.js';
import type { SignatureClaim } from './signature-check.js';
import type { CoverageRow, DigestResult, LogFileResult, VerifyReport } from './types.js';

/** A local log file: its hash of uncompressed bytes, or why it has none. */
export interface LocalLog {
  file: string;
  info: KeyInfo;
  /** Hex SHA-256 of the uncompressed bytes ({@link logFileHash}). */
  hash?: string;
  /** Why it could not be hashed (does not decompress). */
  error?: string;
}

/** A local digest file: its bytes as read (gzip or not), and the signatures saved beside it. */
export interface LocalDigest {
  file: string;
  info: KeyInfo;
  raw: Uint8Array;
  claims: SignatureClaim[];
}

/** Everything the core judges. */
export interface TrailInput {
  logs: readonly LocalLog[];
  digests: readonly LocalDigest[];
  keys: readonly PublicKeyEntry[];
  /** The judged window, ms since epoch. */
  since?: number;
  until?: number;
  /** Problems met while reading, passed through to the report. */
  problems: readonly { file: string; message: string }[];
}

/** How gzip bytes are inflated: `gunzipSync` by default; the reader passes one that reuses memory. */
export type Gunzip = (gz: Uint8Array) => Uint8Array;

/** The bytes, gunzipped when they start with the gzip magic number. */
export function uncompress(raw: Uint8Array, gunzip: Gunzip = gunzipSync): Uint8Array {
  return raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b ? gunzip(raw) : raw;
}

/** Hex SHA-256 of a log file's uncompressed bytes, as digests record it. Throws when gzip is corrupt. */
export function logFileHash(raw: Uint8Array, gunzip: Gunzip = gunzipSync): string {
  return sha256Hex(uncompress(raw, gunzip));
}

const byKeyThenFile = (a: { key: string; file: string }, b: { key: string; file: string }) => compareStrings(a.key, b.key) || compareStrings(a.file, b.file);

/** Judges the local files; never throws for bad input (it becomes a status or a problem). */
export function checkTrail(input: TrailInput): VerifyReport {
  const { since, until } = input;
  const problems = [...input.problems];
  const timeInWindow = (t: number | undefined) => t === undefined || ((since === undefined || t >= since) && (until === undefined || t <= until));
  const spanInWindow = (s: { start: number; end: number }) => (since === undefined || s.end > since) && (until === undefined || s.start < until);

  const digests: DigestResult[] = [];
  const nodes = readDigests(input.digests, (row, message, unreadable) => {
    if (!timeInWindow(row.info.time)) return;
    digests.push({ file: row.file, key: row.info.key, status: 'broken-chain', message });
    if (unreadable) problems.push({ file: row.file, message: `${row.file}: ${message}` });
  });

  const logsByKey = new Map<string, LocalLog[]>();
  for (const log of [...input.logs].sort((a, b) => byKeyThenFile({ key: a.info.key, file: a.file }, { key: b.info.key, file: b.file }))) {
    logsByKey.set(log.info.key, [...(logsByKey.get(log.info.key) ?? []), log]);
  }

  const chains = new Map<string, DigestNode[]>();
  for (const n of nodes.values()) chains.set(chainId(n.info), [...(chains.get(chainId(n.info)) ?? []), n]);

  const logFiles: LogFileResult[] = [];
  const listed = new Set<string>();
  const coverage: CoverageRow[] = [];
  let verified = 0;
  for (const members of chains.values()) {
    const sorted = sortChain(members);
    const { verdicts, holes } = judgeChain(sorted, nodes, input.keys);
    const judged: JudgedSpan[] = [];
    for (const node of sorted) {
      const inWindow = spanInWindow(node.digest);
      let missing = 0;
      let altered = 0;
      node.digest.logFiles.forEach((entry, i) => {
        if (entry.key === undefined) {
          if (inWindow) problems.push({ file: node.file, message: `${node.file}: logFiles[${i}].s3Object ${entry.s3Object} is not a CloudTrail log key` });
          return;
        }
        listed.add(entry.key);
        if (!inWindow) return;
        const copies = logsByKey.get(entry.key) ?? [];
        if (copies.length === 0) missing++;
        if (copies.length === 0) logFiles.push({ file: '', key: entry.key, status: 'missing', digest: node.info.key });
        for (const copy of copies) {
          if (copy.error !== undefined) problems.push({ file: copy.file, message: `${copy.file}: ${copy.error}` });
          if (entry.hashAlgorithm !== 'SHA-256') {
            problems.push({ file: node.file, message: `${node.file}: logFiles[${i}] uses hash algorithm ${entry.hashAlgorithm}, expected SHA-256` });
          }
          const good = copy.hash === entry.hashValue && entry.hashAlgorithm === 'SHA-256';
          if (!good) altered++;
          logFiles.push({ file: copy.file, key: entry.key, status: good ? 'ok' : 'altered', digest: node.info.key });
        }
      });
      if (!inWindow) continue;
      const v = verdicts.get(node) as NodeVerdict;
      const row = digestRow(node, v);
      digests.push(row);
      if (v.signature.kind === 'verified') verified++;
      judged.push({ start: node.digest.start, end: node.digest.end, ...unprovedReason(node, row, v, missing, altered) });
    }
    const first = sorted[0];
    if (judged.length > 0 && first !== undefined) {
      const id = { account: first.info.account, region: first.info.region, trail: first.info.trail ?? '' };
      coverage.push(coverageRow(id, judged, holes, since, until));
    }
  }

  for (const [key, copies] of logsByKey) {
    if (listed.has(key)) continue;
    for (const copy of copies) {
      if (!timeInWindow(copy.info.time)) continue;
      logFiles.push({ file: copy.file, key, status: 'unlisted' });
      if (copy.error !== undefined) problems.push({ file: copy.file, message: `${copy.file}: ${copy.error}` });
    }
  }

  if (digests.length === 0) problems.push({ file: '', message: 'no digest file was delivered in the judged window' });
  logFiles.sort(byKeyThenFile);
  digests.sort(byKeyThenFile);
  coverage.sort((a, b) => compareStrings(a.account, b.account) || compareStrings(a.region, b.region) || compareStrings(a.trail, b.trail));
  problems.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.message, b.message));
  const failed =
    logFiles.some((l) => l.status !== 'ok') || digests.some((d) => d.status === 'broken-chain' || d.status === 'bad-signature') || problems.length > 0;
  return {
    logFiles,
    digests,
    coverage,
    signed: verified === 0 ? 'none' : verified === digests.length ? 'all' : 'some',
    ok: !failed,
    problems: dedupe(problems),
  };
}

/**
 * The most uncompressed bytes a digest may hold. Real ones are kilobytes (one
 * hour's log file list); a bigger one is a gzip bomb, and past 0x1fffffe8
 * bytes TextDecoder throws (ERR_STRING_TOO_LONG) out of checkTrail.
 */
const MAX_DIGEST_BYTES = 64 * 1024 * 1024;
const gunzipDigest: Gunzip = (gz) => gunzipSync(gz, { maxOutputLength: MAX_DIGEST_BYTES });

/** Decodes and parses each digest key once; copies with other content and unreadable files go to `reject`. */
function readDigests(
  local: readonly LocalDigest[],
  reject: (row: LocalDigest, message: string, unreadable: boolean) => void,
): Map<string, DigestNode> {
  const nodes = new Map<string, DigestNode>();
  const seen = new Map<string, { file: string; hash: string }>();
  for (const d of [...local].sort((a, b) => compareStrings(a.file, b.file))) {
    let bytes: Uint8Array;
    try {
      bytes = uncompress(d.raw, gunzipDigest);
    } catch (err) {
      reject(d, `does not decompress (${(err as Error).message})`, true);
      continue;
    }
    if (bytes.length > MAX_DIGEST_BYTES) {
      reject(d, `is ${bytes.length} bytes, more than a digest file holds (${MAX_DIGEST_BYTES})`, true);
      continue;
    }
    const hash = sha256Hex(bytes);
    const earlier = seen.get(d.info.key);
    if (earlier !== undefined) {
      const node = nodes.get(d.info.key);
      if (earlier.hash === hash) node?.claims.push(...d.claims);
      else reject(d, `another copy of this digest (${earlier.file}) has different content`, false);
      continue;
    }
    seen.set(d.info.key, { file: d.file, hash });
    try {
      const digest = parseDigest(new TextDecoder().decode(bytes), d.file);
      nodes.set(d.info.key, { file: d.file, info: d.info, digest, bytes, hash, claims: [...d.claims] });
    } catch (err) {
      if (!(err instanceof DigestFormatError)) throw err;
      reject(d, `not a valid CloudTrail digest file: ${err.detail}`, true);
    }
  }
  return nodes;
}

function digestRow(node: DigestNode, v: NodeVerdict): DigestResult {
  const row: DigestResult = { file: node.file, key: node.info.key, status: 'ok' };
  const sig = v.signature;
  let messages: string[];
  if (v.broken.length > 0 || v.brokenBefore.length > 0) {
    row.status = 'broken-chain';
    messages = [...v.brokenBefore, ...v.broken];
  } else if (sig.kind === 'bad') {
    row.status = 'bad-signature';
    messages = [sig.message];
  } else if (v.chainStart) {
    row.status = 'chain-start';
    messages = ['previous digest is null: the first digest, or log file validation/logging was off before it', sig.message];
  } else {
    row.status = sig.kind === 'verified' ? 'ok' : 'unsigned';
    messages = sig.kind === 'verified' ? [] : [sig.message];
  }
  const all = [...messages, ...v.notes, ...v.unproved.map((u) => `not proved: ${u}`)].filter((m) => m !== '');
  if (all.length > 0) row.message = all.join('; ');
  return row;
}

function unprovedReason(node: DigestNode, row: DigestResult, v: NodeVerdict, missing: number, altered: number): { unproved?: string } {
  const why: string[] = [];
  if (v.broken.length > 0) why.push(`broken chain: ${v.broken.join('; ')}`);
  if (row.status === 'bad-signature') why.push('bad signature');
  why.push(...v.unproved);
  if (missing > 0) why.push(`${missing} log file${missing === 1 ? '' : 's'} missing`);
  if (altered > 0) why.push(`${altered} log file${altered === 1 ? '' : 's'} altered`);
  return why.length === 0 ? {} : { unproved: `digest ${node.info.key}: ${why.join(', ')}` };
}

function dedupe(problems: { file: string; message: string }[]): { file: string; message: string }[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.file}\u0000${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
