/**
 * CloudTrail log file integrity validation from local copies of the log and
 * digest files (AWS's algorithm, as `aws cloudtrail validate-logs` runs it
 * against S3): hashes, the digest chain, signatures when given, and the
 * delivery intervals proved complete.
 */
import { readTrailInput } from './read.js';
import type { VerifyOptions, VerifyReport } from './types.js';
import { checkTrail } from './verify-core.js';

export type * from './types.js';
export { provedCoverage } from './coverage.js';
export { partialTrails, DELIVERY_SLACK_MS, type EventSighting, type PartialTrail } from './partial-trails.js';
export { NoDigestFilesError, VerifyInputError } from './errors.js';
export { checkTrail, logFileHash, uncompress, type LocalDigest, type LocalLog, type TrailInput } from './verify-core.js';
export { keyFingerprint, readPublicKeys, signText, stringToSign, type PublicKeyEntry } from './signature.js';
export { parseDigest, DigestFormatError, type DigestFile } from './digest-file.js';
export { parseKey, type KeyInfo } from './s3-keys.js';

/**
 * Verifies the CloudTrail log and digest files under `paths` (files, or
 * directories walked recursively). Throws VerifyInputError for bad options and
 * NoDigestFilesError when no digest file is found; everything else is in the report.
 */
export async function verifyTrail(paths: readonly string[], options: VerifyOptions = {}): Promise<VerifyReport> {
  return checkTrail(await readTrailInput(paths, options));
}
