/**
 * Judges a digest's signature from whatever the user gave: S3 metadata
 * (sidecar, head-object JSON, signatures map) and the copy the next digest
 * carries in `previousDigestSignature`.
 */
import type { DigestFile } from './digest-file.js';
import { SIGNATURE_ALGORITHM, isHexSignature, stringToSign, verifySignature, type PublicKeyEntry } from './signature.js';

/** A signature someone says belongs to a digest, and where it was read. */
export interface SignatureClaim {
  /** E.g. the sidecar's path, or "previousDigestSignature of <key>". */
  source: string;
  hex: string;
  /** The algorithm named next to it (S3 metadata `signature-algorithm`), when named. */
  algorithm?: string;
}

/** The verdict on one digest's signature. */
export type SignatureVerdict =
  | { kind: 'verified'; message: string }
  | { kind: 'bad'; message: string }
  | { kind: 'unsigned'; message: string };

/**
 * Checks every claim against the key named by digestPublicKeyFingerprint.
 * Any claim that fails is a bad signature; no claims or no key is "unsigned".
 */
export function judgeSignature(
  digest: DigestFile,
  uncompressed: Uint8Array,
  claims: readonly SignatureClaim[],
  keys: readonly PublicKeyEntry[],
): SignatureVerdict {
  if (claims.length === 0) {
    return { kind: 'unsigned', message: 'no signature given (.sig sidecar, .head.json or --signatures)' };
  }
  const algorithm = digest.digestSignatureAlgorithm;
  if (algorithm !== null && algorithm !== SIGNATURE_ALGORITHM) {
    return { kind: 'bad', message: `digestSignatureAlgorithm is ${JSON.stringify(algorithm)}, expected ${SIGNATURE_ALGORITHM}` };
  }
  for (const c of claims) {
    if (c.algorithm !== undefined && c.algorithm !== SIGNATURE_ALGORITHM) {
      return { kind: 'bad', message: `signature algorithm ${JSON.stringify(c.algorithm)} from ${c.source}, expected ${SIGNATURE_ALGORITHM}` };
    }
    if (!isHexSignature(c.hex)) return { kind: 'bad', message: `signature from ${c.source} is not hex` };
  }
  const first = claims[0] as SignatureClaim;
  const other = claims.find((c) => c.hex.toLowerCase() !== first.hex.toLowerCase());
  if (other !== undefined) {
    return { kind: 'bad', message: `signatures disagree: ${first.source} and ${other.source}` };
  }
  if (keys.length === 0) {
    return { kind: 'unsigned', message: 'signature present but not checked (no --public-keys)' };
  }
  const fingerprint = digest.digestPublicKeyFingerprint.toLowerCase();
  const entry = keys.find((k) => k.fingerprints.includes(fingerprint));
  if (entry === undefined) {
    return { kind: 'unsigned', message: `no public key with fingerprint ${fingerprint} was given` };
  }
  const text = stringToSign(digest, uncompressed);
  if (!verifySignature(entry.key, text, first.hex)) {
    return { kind: 'bad', message: `signature from ${claims.map((c) => c.source).join(', ')} does not verify with key ${fingerprint}` };
  }
  const outside = outsideValidity(entry, digest.end);
  if (outside !== undefined) return { kind: 'bad', message: `signed with key ${fingerprint}, ${outside}` };
  return { kind: 'verified', message: `signature verified with key ${fingerprint}` };
}

/**
 * How long after a digest's end CloudTrail may sign it. A key signs the
 * digests delivered in its validity window, and a digest is delivered after
 * the hour it covers: one that ends before the window opens (by more than
 * this) or after it closes was not signed by CloudTrail with that key: a
 * retired key, say, signing digests of later hours.
 */
export const SIGNING_DELAY_MS = 2 * 60 * 60 * 1000;

/** Why a key's validity window (when known) rules out its having signed a digest ending at `end`, or undefined. */
function outsideValidity(entry: PublicKeyEntry, end: number): string | undefined {
  const v = entry.validity;
  if (v === undefined) return undefined;
  const early = v.start !== undefined && end < v.start - SIGNING_DELAY_MS;
  const late = v.end !== undefined && end > v.end;
  if (!early && !late) return undefined;
  const at = (ms: number | undefined) => (ms === undefined ? '…' : new Date(ms).toISOString());
  return `which was valid ${at(v.start)} .. ${at(v.end)} (list-public-keys in ${entry.source}): the digest ends ${at(end)}, outside that window`;
}
