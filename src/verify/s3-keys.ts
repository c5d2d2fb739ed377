/**
 * CloudTrail's S3 key layout, read from a local path or an S3 key. The bucket
 * and any prefix before `AWSLogs/` are unknown locally, so files are matched by
 * the key from `AWSLogs/` on.
 *
 *   AWSLogs/[<o-id>/]<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz
 *   AWSLogs/[<o-id>/]<acct>/CloudTrail-Digest/<region>/YYYY/MM/DD/<acct>_CloudTrail-Digest_<region>_<trail>_<home>_<YYYYMMDDTHHMMSSZ>.json.gz
 */

/** Where a log file or digest file sits. */
export interface KeyInfo {
  kind: 'log' | 'digest';
  /** The key from `AWSLogs/` on; a local `.json` (already gunzipped) is named as its `.json.gz` key. */
  key: string;
  /** Organization id for organization trails. */
  organization?: string;
  account: string;
  /** The region the file was delivered for. */
  region: string;
  /** Digests only: trail name and home region. */
  trail?: string;
  homeRegion?: string;
  /** The delivery time in the file name (ms since epoch), when it parses. */
  time?: number;
}

const LAYOUT =
  /(?:^|\/)(AWSLogs\/(?:(o-[a-z0-9]+)\/)?([^/]+)\/(CloudTrail|CloudTrail-Digest)\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+?\.json)(\.gz)?)$/;
const DIGEST_NAME = /^[^_]+_CloudTrail-Digest_([^_]+)_(.+)_([^_]+)_(\d{8}T\d{6}Z)\.json$/;
const LOG_NAME = /^[^_]+_CloudTrail_[^_]+_(\d{8}T\d{4}Z)[^/]*\.json$/;

/** Reads a path (any separator) or S3 key; undefined when it is not in CloudTrail's layout. */
export function parseKey(pathOrKey: string): KeyInfo | undefined {
  const m = LAYOUT.exec(pathOrKey.replace(/\\/g, '/'));
  if (!m) return undefined;
  const [, whole, org, account, folder, region, , , , name] = m;
  if (whole === undefined || account === undefined || region === undefined || name === undefined) return undefined;
  const key = m[10] === undefined ? whole + '.gz' : whole;
  const base: KeyInfo = { kind: 'log', key, account, region };
  if (org !== undefined) base.organization = org;
  if (folder === 'CloudTrail') {
    const t = LOG_NAME.exec(name);
    const time = t?.[1] === undefined ? undefined : compactTime(t[1]);
    if (time !== undefined) base.time = time;
    return base;
  }
  const d = DIGEST_NAME.exec(name);
  if (!d) return undefined;
  base.kind = 'digest';
  base.trail = d[2];
  base.homeRegion = d[3];
  const time = d[4] === undefined ? undefined : compactTime(d[4]);
  if (time !== undefined) base.time = time;
  return base;
}

/** The key from `AWSLogs/` on of an S3 key or path, or undefined when it has no `AWSLogs/` layout. */
export function awsLogsKey(s3Key: string): string | undefined {
  return parseKey(s3Key)?.key;
}

/** `20150817T150131Z` or `20150817T1445Z` → ms since epoch. */
function compactTime(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z$/.exec(s);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? '0'));
  return Number.isNaN(ms) ? undefined : ms;
}
