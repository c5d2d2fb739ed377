/**
 * CloudTrail's integrity digests for the simulated trail, as a trail with log
 * file validation turned on delivers them: each hour, per region, a gzipped
 * JSON digest under `CloudTrail-Digest/` listing the log files delivered in
 * that hour with the SHA-256 of their uncompressed bytes, and chained to the
 * previous hour's digest by key and hash (AWS, "CloudTrail digest file
 * structure"). The files of the missing day are listed though not written:
 * they were delivered to S3, and lost from the copy, which is what `verify`
 * is there to find.
 *
 * Unsigned: a signature needs a private key, and one generated per run
 * would make the output differ from run to run. The fingerprint and the
 * previous signature are stand-ins derived from the seed's account, so a
 * check with `--public-keys` reports them as bad signatures, not as missing.
 */
import { createHash } from 'node:crypto';
import { HOUR, datePath, isoSeconds } from './clock.js';
import { ROUTE53_REGION, type TrailName } from './layout.js';

/** A log file the trail delivered: written, or lost with the missing day. */
export interface DeliveredLog {
  readonly trail: TrailName;
  readonly region: string;
  readonly delivery: number;
  /** The S3 key from `AWSLogs/` on. */
  readonly key: string;
  /** Hex SHA-256 of the uncompressed file. */
  readonly sha256: string;
  readonly oldestEventTime: number;
  readonly newestEventTime: number;
}

/** One digest file: its S3 key from `AWSLogs/` on, and its JSON text. */
export interface DigestFile {
  readonly trail: TrailName;
  readonly key: string;
  readonly text: string;
}

/** The trails' names as CloudTrail puts them in digest file names. */
const TRAIL_NAMES: Record<TrailName, string> = { trail: 'management-events', trail2: 'route53-audit' };
const HOME_REGION = ROUTE53_REGION;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** `20240301T010000Z`: the stamp in a digest file's name (its end time, to the second). */
const digestStamp = (ms: number) => isoSeconds(ms).replace(/[-:]/g, '');

/** The bucket a trail delivers to (`aws-cloudtrail-logs-<account>-<8 hex>`, as the console names them). */
export function bucketOf(trail: TrailName, account: string): string {
  return `aws-cloudtrail-logs-${account}-${sha256(`${trail}/${account}`).slice(0, 8)}`;
}

/** Where a trail's digest hours start, past the hour: whole seconds, fixed for a trail and region. */
function digestOffset(account: string, trail: TrailName, region: string): number {
  return (parseInt(sha256(`${account}/${trail}/${region}`).slice(0, 8), 16) % 3600) * 1000;
}

/**
 * The hourly digests of every (trail, region) that delivered logs, from
 * `start` to the first hour that ends after the last delivery, in order;
 * hours without logs get a digest too, as CloudTrail delivers them.
 */
export function buildDigests(logs: readonly DeliveredLog[], account: string, start: number): DigestFile[] {
  const streams = new Map<string, DeliveredLog[]>();
  let last = start;
  for (const log of logs) {
    const id = `${log.trail}|${log.region}`;
    const list = streams.get(id);
    if (list === undefined) streams.set(id, [log]);
    else list.push(log);
    last = Math.max(last, log.delivery);
  }
  const out: DigestFile[] = [];
  for (const id of [...streams.keys()].sort()) {
    const list = streams.get(id)!;
    const { trail, region } = list[0]!;
    // Each trail and region keeps its own hour (real digests end at, say, :17:43, not on the hour): the
    // first digest runs from the trail's start to the first such boundary, each later one an hour.
    const base = start + digestOffset(account, trail, region) - HOUR;
    const hours = Math.floor((last - base) / HOUR) + 1;
    const byHour: DeliveredLog[][] = Array.from({ length: hours }, () => []);
    for (const log of list) byHour[Math.floor((log.delivery - base) / HOUR)]!.push(log);
    const bucket = bucketOf(trail, account);
    let previous: { key: string; text: string; signature: string } | undefined;
    for (let h = 0; h < hours; h++) {
      const from = Math.max(start, base + h * HOUR);
      const to = base + (h + 1) * HOUR;
      const files = byHour[h]!.sort((a, b) => a.delivery - b.delivery || (a.key < b.key ? -1 : 1));
      const key = `AWSLogs/${account}/CloudTrail-Digest/${region}/${datePath(to)}/${account}_CloudTrail-Digest_${region}_${TRAIL_NAMES[trail]}_${HOME_REGION}_${digestStamp(to)}.json.gz`;
      const times = files.flatMap((f) => [f.oldestEventTime, f.newestEventTime]);
      const digest = {
        awsAccountId: account,
        digestStartTime: isoSeconds(from),
        digestEndTime: isoSeconds(to),
        digestS3Bucket: bucket,
        digestS3Object: key,
        digestPublicKeyFingerprint: sha256(`simulated key ${account}`).slice(0, 32),
        digestSignatureAlgorithm: 'SHA256withRSA',
        newestEventTime: times.length === 0 ? null : isoSeconds(Math.max(...times)),
        oldestEventTime: times.length === 0 ? null : isoSeconds(Math.min(...times)),
        previousDigestS3Bucket: previous === undefined ? null : bucket,
        previousDigestS3Object: previous?.key ?? null,
        previousDigestHashValue: previous === undefined ? null : sha256(previous.text),
        previousDigestHashAlgorithm: previous === undefined ? null : 'SHA-256',
        previousDigestSignature: previous?.signature ?? null,
        logFiles: files.map((f) => ({
          s3Bucket: bucket,
          s3Object: f.key,
          hashValue: f.sha256,
          hashAlgorithm: 'SHA-256',
          newestEventTime: isoSeconds(f.newestEventTime),
          oldestEventTime: isoSeconds(f.oldestEventTime),
        })),
      };
      const text = JSON.stringify(digest);
      out.push({ trail, key, text });
      // A stand-in for the signature CloudTrail would have put in the object's metadata (see the module
      // comment), as long as a real one: SHA256withRSA with CloudTrail's 2048-bit keys, 256 bytes, 512 hex digits.
      const signature = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => sha256(`signature ${i} ${key} ${text}`)).join('');
      previous = { key, text, signature };
    }
  }
  return out;
}
