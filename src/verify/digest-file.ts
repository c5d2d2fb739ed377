/**
 * One CloudTrail digest file, read from its uncompressed JSON bytes
 * (fields as in AWS's "CloudTrail digest file structure").
 */
import { isObject } from '../model/index.js';
import { awsLogsKey } from './s3-keys.js';

/** A digest's `logFiles[]` entry. */
export interface DigestLogEntry {
  /** The S3 key as written in the digest (with any prefix). */
  s3Object: string;
  /** The key from `AWSLogs/` on, or undefined when the key has no such layout. */
  key: string | undefined;
  /** Lower-case hex. */
  hashValue: string;
  hashAlgorithm: string;
}

/** The fields of a digest file that validation uses. */
export interface DigestFile {
  digestStartTime: string;
  digestEndTime: string;
  /** digestStartTime / digestEndTime in ms since epoch. */
  start: number;
  end: number;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: string | null;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  /** Lower-case hex, or null in a digest that starts a chain. */
  previousDigestHashValue: string | null;
  previousDigestHashAlgorithm: string | null;
  previousDigestSignature: string | null;
  logFiles: DigestLogEntry[];
}

/** A digest file that is not JSON or lacks a field validation needs. */
export class DigestFormatError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: not a valid CloudTrail digest file: ${detail}`);
    this.name = 'DigestFormatError';
  }
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** Parses a digest's uncompressed JSON text; throws DigestFormatError naming `file`. */
export function parseDigest(text: string, file: string): DigestFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DigestFormatError(file, `JSON does not parse (${(err as Error).message})`);
  }
  if (!isObject(json)) throw new DigestFormatError(file, 'the top level is not a JSON object');
  const get = (name: string): unknown => (Object.hasOwn(json, name) ? json[name] : undefined);
  const str = (name: string): string => {
    const v = get(name);
    if (typeof v !== 'string' || v === '') throw new DigestFormatError(file, `"${name}" is missing or not a string`);
    return v;
  };
  const nullable = (name: string, required = false): string | null => {
    const v = get(name);
    if (v === null || (v === undefined && !required)) return null;
    if (typeof v !== 'string') throw new DigestFormatError(file, `"${name}" is ${v === undefined ? 'missing' : 'not a string or null'}`);
    return v;
  };
  const time = (name: string): [string, number] => {
    const v = str(name);
    const ms = TIME.test(v) ? Date.parse(v) : NaN;
    if (Number.isNaN(ms)) throw new DigestFormatError(file, `"${name}" is not a UTC time like 2015-08-17T15:01:31Z: ${JSON.stringify(v)}`);
    return [v, ms];
  };
  const [digestStartTime, start] = time('digestStartTime');
  const [digestEndTime, end] = time('digestEndTime');
  const rawLogs = get('logFiles');
  if (!Array.isArray(rawLogs)) throw new DigestFormatError(file, '"logFiles" is missing or not an array');
  const logFiles = rawLogs.map((entry, i) => readEntry(entry, i, file));
  const previousHash = nullable('previousDigestHashValue');
  return {
    digestStartTime,
    digestEndTime,
    start,
    end,
    digestS3Bucket: str('digestS3Bucket'),
    digestS3Object: str('digestS3Object'),
    digestPublicKeyFingerprint: str('digestPublicKeyFingerprint'),
    digestSignatureAlgorithm: nullable('digestSignatureAlgorithm'),
    previousDigestS3Bucket: nullable('previousDigestS3Bucket'),
    previousDigestS3Object: nullable('previousDigestS3Object'),
    previousDigestHashValue: previousHash === null ? null : previousHash.toLowerCase(),
    previousDigestHashAlgorithm: nullable('previousDigestHashAlgorithm'),
    // Required (may be null): it is part of the string AWS signed.
    previousDigestSignature: nullable('previousDigestSignature', true),
    logFiles,
  };
}

function readEntry(entry: unknown, i: number, file: string): DigestLogEntry {
  const where = `logFiles[${i}]`;
  if (!isObject(entry)) throw new DigestFormatError(file, `${where} is not an object`);
  const s3Object = Object.hasOwn(entry, 's3Object') ? entry.s3Object : undefined;
  const hashValue = Object.hasOwn(entry, 'hashValue') ? entry.hashValue : undefined;
  const hashAlgorithm = Object.hasOwn(entry, 'hashAlgorithm') ? entry.hashAlgorithm : 'SHA-256';
  if (typeof s3Object !== 'string' || s3Object === '') throw new DigestFormatError(file, `${where}.s3Object is missing`);
  if (typeof hashValue !== 'string' || !/^[0-9a-fA-F]+$/.test(hashValue)) {
    throw new DigestFormatError(file, `${where}.hashValue is missing or not hex`);
  }
  if (typeof hashAlgorithm !== 'string') throw new DigestFormatError(file, `${where}.hashAlgorithm is not a string`);
  return { s3Object, key: awsLogsKey(s3Object), hashValue: hashValue.toLowerCase(), hashAlgorithm };
}
