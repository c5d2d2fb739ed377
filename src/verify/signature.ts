/**
 * SHA256withRSA digest signatures (RSA PKCS#1 v1.5 over SHA-256) and the
 * CloudTrail public keys that check them. Computation only: callers pass text
 * and bytes they read.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { field, isObject } from '../model/index.js';
import type { DigestFile } from './digest-file.js';

/** One public key and the fingerprints digests may name it by (lower-case hex). */
export interface PublicKeyEntry {
  /** The file it came from. */
  source: string;
  fingerprints: string[];
  key: KeyObject;
  /** When CloudTrail used the key (`list-public-keys`' ValidityStartTime/EndTime, ms): a PEM file does not say. */
  validity?: { start?: number; end?: number };
}

/** A public key file that cannot be read as PEM or `list-public-keys` JSON. */
export class PublicKeyError extends Error {
  constructor(
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${detail}`, options);
    this.name = 'PublicKeyError';
  }
}

/** The only algorithm CloudTrail uses. */
export const SIGNATURE_ALGORITHM = 'SHA256withRSA';

// The body cannot hold '-': each BEGIN scans only to the next dash, not to the end of the text (quadratic on many BEGINs without END).
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[A-Za-z0-9+/=\s]*-----END \1-----/g;

/**
 * Reads public keys from a file's text: one or more PEM blocks, or the JSON of
 * `aws cloudtrail list-public-keys` (`PublicKeyList[].Value` = base64 DER PKCS#1).
 */
export function readPublicKeys(text: string, file: string): PublicKeyEntry[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return readKeyList(trimmed, file);
  const blocks = [...trimmed.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) {
    throw new PublicKeyError(file, 'no PEM public key ("-----BEGIN PUBLIC KEY-----") and not list-public-keys JSON');
  }
  return blocks.map((b, i) => {
    const label = b[1] ?? '';
    if (label !== 'PUBLIC KEY' && label !== 'RSA PUBLIC KEY') {
      throw new PublicKeyError(file, `PEM block ${i + 1} is a "${label}", expected "PUBLIC KEY" or "RSA PUBLIC KEY"`);
    }
    return entry(file, () => createPublicKey(b[0]), `PEM block ${i + 1}`, undefined);
  });
}

function readKeyList(text: string, file: string): PublicKeyEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PublicKeyError(file, `JSON does not parse (${(err as Error).message})`);
  }
  const list = Array.isArray(json) ? json : field(json, 'PublicKeyList');
  if (!Array.isArray(list)) throw new PublicKeyError(file, 'JSON has no "PublicKeyList" array (expected `aws cloudtrail list-public-keys` output)');
  return list.map((item, i) => {
    const value = field(item, 'Value');
    if (!isObject(item) || typeof value !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(value)) {
      throw new PublicKeyError(file, `PublicKeyList[${i}].Value is missing or not base64`);
    }
    const der = Buffer.from(value, 'base64');
    const named = field(item, 'Fingerprint');
    const key = entry(
      file,
      () => createPublicKey({ key: der, format: 'der', type: 'pkcs1' }),
      `PublicKeyList[${i}]`,
      typeof named === 'string' ? named.toLowerCase() : undefined,
    );
    const start = validityTime(field(item, 'ValidityStartTime'), file, `PublicKeyList[${i}].ValidityStartTime`);
    const end = validityTime(field(item, 'ValidityEndTime'), file, `PublicKeyList[${i}].ValidityEndTime`);
    if (start === undefined && end === undefined) return key;
    return { ...key, validity: { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) } };
  });
}

/**
 * A validity time as the AWS CLI prints it: seconds since the epoch (CLI v1,
 * `1453076702.0`) or ISO 8601 (CLI v2, `2016-01-18T00:25:02+00:00`); ms.
 */
function validityTime(value: unknown, file: string, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? (/^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value)) : NaN;
  // 8.64e15 ms is the range of a Date: beyond it new Date(ms).toISOString() throws when the verdict names the window.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new PublicKeyError(file, `${where} is not a time (${shownValue(value)})`);
  return ms;
}

/** A JSON value as a message shows it: scalars as written, containers by kind (stringifying one nested deep overflows the stack). */
function shownValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return JSON.stringify(value);
}

function entry(file: string, make: () => KeyObject, where: string, named: string | undefined): PublicKeyEntry {
  let key: KeyObject;
  try {
    key = make();
  } catch (err) {
    throw new PublicKeyError(file, `${where} is not a valid RSA public key (${(err as Error).message})`, { cause: err });
  }
  if (key.asymmetricKeyType !== 'rsa') throw new PublicKeyError(file, `${where} is a ${key.asymmetricKeyType ?? 'non-RSA'} key, expected RSA`);
  const fingerprints = new Set([keyFingerprint(key), md5(key.export({ type: 'spki', format: 'der' }))]);
  if (named !== undefined) fingerprints.add(named);
  return { source: file, fingerprints: [...fingerprints].sort(), key };
}

/** CloudTrail's fingerprint of a key: hex MD5 of its DER PKCS#1 encoding. */
export function keyFingerprint(key: KeyObject): string {
  return md5(key.export({ type: 'pkcs1', format: 'der' }));
}

function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** Hex SHA-256. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The string CloudTrail signs for a digest:
 * `digestEndTime \n digestS3Bucket/digestS3Object \n hex(SHA-256(uncompressed digest)) \n previousDigestSignature`,
 * with a null previous signature written `null` (as AWS's Java code does).
 */
export function stringToSign(digest: DigestFile, uncompressed: Uint8Array): string {
  return [
    digest.digestEndTime,
    `${digest.digestS3Bucket}/${digest.digestS3Object}`,
    sha256Hex(uncompressed),
    digest.previousDigestSignature ?? 'null',
  ].join('\n');
}

/** True when `signatureHex` is a valid SHA256withRSA signature of `text` by `key`. */
export function verifySignature(key: KeyObject, text: string, signatureHex: string): boolean {
  if (!isHexSignature(signatureHex)) return false;
  try {
    return verify('sha256', Buffer.from(text, 'utf8'), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    // A signature OpenSSL cannot even check is no valid one. A bug here would fail every signature,
    // good ones too, which the verify tests' signed trails show.
    return false;
  }
}

/** Signs like CloudTrail (for tests and simulated trails): hex SHA256withRSA of `text`. */
export function signText(privateKey: KeyObject | string, text: string): string {
  return sign('sha256', Buffer.from(text, 'utf8'), privateKey).toString('hex');
}

/** A non-empty, even-length hex string. */
export function isHexSignature(s: string): boolean {
  return s.length > 0 && s.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(s);
}
