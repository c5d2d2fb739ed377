/**
 * Builds CloudTrail log and digest files in AWS's documented format (written
 * here independently of src/verify: own key layout, own string to sign), in
 * memory or on disk.
 */
import { createHash, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface TrailSpec {
  account?: string;
  region?: string;
  trail?: string;
  homeRegion?: string;
  organization?: string;
  bucket?: string;
  /** S3 key prefix before AWSLogs/ (unknown locally; must be ignored). */
  prefix?: string;
  /** First digest's start, ms. */
  start?: number;
  /** Number of hourly digests. */
  hours?: number;
  /** Log files per hour (default 2); 0 gives empty digests. */
  logsPerHour?: (hour: number) => number;
  /** Hours whose digest restarts the chain (previous* null), after a gap of one hour. */
  restartAt?: number[];
  privateKey?: KeyObject;
}

export interface BuiltFile {
  key: string;
  /** The file as stored (gzip). */
  raw: Uint8Array;
  /** Uncompressed bytes. */
  plain: Uint8Array;
}

export interface BuiltDigest extends BuiltFile {
  json: Record<string, unknown>;
  signature: string;
  start: number;
  end: number;
}

export interface BuiltTrail {
  logs: BuiltFile[];
  digests: BuiltDigest[];
  bucket: string;
}

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2024, 4, 1, 10, 1, 31);

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const compact = (ms: number, seconds: boolean) => iso(ms).replace(/[-:]/g, '').slice(0, seconds ? 15 : 13) + 'Z';
const ymd = (ms: number) => iso(ms).slice(0, 10).replace(/-/g, '/');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let shared: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
/** One RSA key pair per test process (generation is the slow part). */
export function testKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  shared ??= generateKeyPairSync('rsa', { modulusLength: 1024 });
  return shared;
}

/** CloudTrail's fingerprint: hex MD5 of the DER PKCS#1 public key. */
export function fingerprintOf(publicKey: KeyObject): string {
  return createHash('md5').update(publicKey.export({ type: 'pkcs1', format: 'der' })).digest('hex');
}

/** A log file's JSON, as CloudTrail writes it. */
export function logJson(account: string, region: string, at: number, n: number): string {
  const record = {
    eventVersion: '1.08',
    eventTime: iso(at - 60_000),
    eventSource: 'route53.amazonaws.com',
    eventName: 'ChangeResourceRecordSets',
    awsRegion: region,
    sourceIPAddress: '192.0.2.' + (n % 250),
    requestParameters: { hostedZoneId: 'Z0123456789ABC', changeBatch: { changes: [{ action: 'UPSERT', resourceRecordSet: { name: `n${n}.example.com`, type: 'A', tTL: 300, resourceRecords: [{ value: '192.0.2.1' }] } }] } },
    eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    recipientAccountId: account,
  };
  return JSON.stringify({ Records: [record] });
}

/** Signs like CloudTrail: SHA256withRSA over endTime \n bucket/key \n sha256(digest) \n previousSignature|null. */
export function signDigestBytes(privateKey: KeyObject, json: Record<string, unknown>, plain: Uint8Array): string {
  const text = `${json.digestEndTime}\n${json.digestS3Bucket}/${json.digestS3Object}\n${sha256(plain)}\n${json.previousDigestSignature ?? 'null'}`;
  return sign('sha256', Buffer.from(text), privateKey).toString('hex');
}

/** Builds a trail: hourly digests, each listing the log files delivered in its hour. */
export function buildTrail(spec: TrailSpec = {}): BuiltTrail {
  const account = spec.account ?? '111122223333';
  const region = spec.region ?? 'us-east-1';
  const trail = spec.trail ?? 'management_trail';
  const home = spec.homeRegion ?? 'us-east-1';
  const bucket = spec.bucket ?? 'example-trail-bucket';
  const root = `AWSLogs/${spec.organization === undefined ? '' : spec.organization + '/'}${account}`;
  const prefix = spec.prefix === undefined ? '' : spec.prefix + '/';
  const key = spec.privateKey ?? testKeys().privateKey;
  const fingerprint = fingerprintOf(createPublicKey(key));
  const logs: BuiltFile[] = [];
  const digests: BuiltDigest[] = [];
  let start = spec.start ?? T0;
  let serial = 0;
  for (let h = 0; h < (spec.hours ?? 3); h++) {
    const restart = spec.restartAt?.includes(h) ?? false;
    if (restart) start += HOUR;
    const end = start + HOUR;
    const entries: Record<string, unknown>[] = [];
    const count = spec.logsPerHour?.(h) ?? 2;
    for (let i = 0; i < count; i++) {
      const at = start + ((i + 1) * HOUR) / (count + 1);
      const unique = `U${String(serial).padStart(4, '0')}abcdefghijk`.slice(0, 16);
      const logKey = `${root}/CloudTrail/${region}/${ymd(at)}/${account}_CloudTrail_${region}_${compact(at, false)}_${unique}.json.gz`;
      const plain = Buffer.from(logJson(account, region, at, serial++));
      logs.push({ key: logKey, raw: gzipSync(plain), plain });
      entries.push({
        s3Bucket: bucket,
        s3Object: prefix + logKey,
        hashValue: sha256(plain),
        hashAlgorithm: 'SHA-256',
        newestEventTime: iso(at - 60_000),
        oldestEventTime: iso(at - 60_000),
      });
    }
    const digestKey = `${root}/CloudTrail-Digest/${region}/${ymd(end)}/${account}_CloudTrail-Digest_${region}_${trail}_${home}_${compact(end, true)}.json.gz`;
    const prev = restart ? undefined : digests[digests.length - 1];
    const json: Record<string, unknown> = {
      awsAccountId: account,
      digestStartTime: iso(start),
      digestEndTime: iso(end),
      digestS3Bucket: bucket,
      digestS3Object: prefix + digestKey,
      digestPublicKeyFingerprint: fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: entries.length === 0 ? null : entries[entries.length - 1]?.newestEventTime,
      oldestEventTime: entries.length === 0 ? null : entries[0]?.oldestEventTime,
      previousDigestS3Bucket: prev === undefined ? null : bucket,
      previousDigestS3Object: prev === undefined ? null : prefix + prev.key,
      previousDigestHashValue: prev === undefined ? null : sha256(prev.plain),
      previousDigestHashAlgorithm: prev === undefined ? null : 'SHA-256',
      previousDigestSignature: prev === undefined ? null : prev.signature,
      logFiles: entries,
    };
    const plain = Buffer.from(JSON.stringify(json, null, 2));
    digests.push({ key: digestKey, raw: gzipSync(plain), plain, json, signature: signDigestBytes(key, json, plain), start, end });
    start = end;
  }
  return { logs, digests, bucket };
}

/** Rebuilds one digest's bytes from (edited) JSON, keeping its key. */
export function rewriteDigest(d: BuiltDigest, edit: (json: Record<string, unknown>) => void): BuiltDigest {
  const json = structuredClone(d.json);
  edit(json);
  const plain = Buffer.from(JSON.stringify(json, null, 2));
  return { ...d, json, plain, raw: gzipSync(plain) };
}

/** Writes the trail's files under `dir` (keys as paths, optionally under a download folder). */
export function writeTrail(dir: string, t: BuiltTrail, options: { sidecars?: 'sig' | 'head' } = {}): void {
  for (const f of [...t.logs, ...t.digests]) writeAt(join(dir, f.key), f.raw);
  for (const d of t.digests) {
    if (options.sidecars === 'sig') writeAt(join(dir, d.key + '.sig'), d.signature + '\n');
    if (options.sidecars === 'head') {
      const head = { AcceptRanges: 'bytes', ContentLength: d.raw.length, ContentType: 'application/json', ContentEncoding: 'gzip', Metadata: { signature: d.signature, 'signature-algorithm': 'SHA256withRSA' } };
      writeAt(join(dir, d.key + '.head.json'), JSON.stringify(head, null, 4));
    }
  }
}

/** Writes bytes or text, creating folders. */
export function writeAt(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}
