/**
 * Files that look like CloudTrail input but hold no records to replay:
 * integrity digests (listed for the verifier, never read as events), the
 * sign file beside a CloudTrail Lake query's saved results, and the
 * console's Event history CSV (which lacks the request parameters).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { headShape } from './head-shape.js';

const DIGEST_DIR = /(^|[\\/])CloudTrail-Digest[\\/]/;

/** The path is in a trail's `CloudTrail-Digest/` folder. */
export function isDigestPath(name: string): boolean {
  // Asked of every file: a substring search first (the regular expression cost ~3 µs a path).
  return name.includes('CloudTrail-Digest') && DIGEST_DIR.test(name);
}

/** A log file in the S3 layout: `<account folder>/CloudTrail/<region>/YYYY/MM/DD/<file>`. */
const LOG_IN_LAYOUT = /^(?:(.*)[\\/])?CloudTrail[\\/][^\\/]+[\\/]\d{4}[\\/]\d{2}[\\/]\d{2}[\\/][^\\/]+$/;

/**
 * Whether a local log file has digests beside it: it sits in the S3 layout
 * and its account folder holds a `CloudTrail-Digest/` folder (looked up once
 * per account folder, in `cache`). Such a file will be hashed by digest
 * validation.
 */
export function hasDigestsBeside(path: string, cache: Map<string, boolean>): boolean {
  const m = LOG_IN_LAYOUT.exec(path);
  if (m === null) return false;
  const account = m[1] ?? '.';
  let known = cache.get(account);
  if (known === undefined) cache.set(account, (known = existsSync(join(account, 'CloudTrail-Digest'))));
  return known;
}

/** The head is a digest file's top-level object (`digestStartTime`, `logFiles`, …). */
export function looksLikeDigest(head: string): boolean {
  const s = headShape(head);
  return s.opener === '{' && s.keys.has('digestStartTime') && !s.keys.has('Records');
}

/**
 * The head is the sign file CloudTrail Lake saves beside a query's results
 * (`result_sign.json`: `hashSignature`, the result files' hashes): part of a
 * results folder, holding no events.
 */
export function looksLikeLakeSignFile(head: string): boolean {
  const s = headShape(head);
  return s.opener === '{' && s.keys.has('hashSignature') && (s.keys.has('files') || s.keys.has('fileHashValue')) && !s.keys.has('Records');
}

/** Why a console Event history CSV cannot be used. */
export const CONSOLE_CSV_PROBLEM =
  'this is a CloudTrail console "Event history" CSV download; it has no requestParameters or responseElements, ' +
  'so record sets cannot be rebuilt from it. Use "Download as JSON" instead, the trail\'s S3 log files, ' +
  'or `aws cloudtrail lookup-events --region us-east-1`.';

/** The head's first line is the console CSV header (`User name,AWS access key,Event time,Event source,…`). */
export function looksLikeConsoleCsv(head: string): boolean {
  const nl = head.indexOf('\n');
  const columns = (nl === -1 ? head : head.slice(0, nl))
    .split(',')
    .map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  const has = (c: string) => columns.includes(c);
  return has('event name') && has('event source') && has('event time') && !columns.some((c) => c.replace(/[\s_]/g, '') === 'requestparameters');
}
