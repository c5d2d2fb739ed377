/**
 * `s3://bucket/prefix` inputs: CloudTrail log files read straight from the
 * trail's bucket with the standard AWS credential chain.
 *
 * Only the prefixes a replay needs are listed. Keys are
 * `[prefix/]AWSLogs/<account | o-org/account>/CloudTrail/<region>/YYYY/MM/DD/<file>`;
 * Route 53 events are recorded in us-east-1, so of each account's region
 * folders only those that can hold them are listed (the rule of a local walk,
 * trail-folders.ts: us-east-1 and other partitions' regions), unless told
 * otherwise (`regions`, `--all-regions`); with --since/--until only the day folders of the
 * window are listed. A day folder is the DELIVERY date and files arrive up
 * to ~15 minutes after their events, so the day after --until is listed too.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { compareStrings } from '../model/record-set.js';
import { ROUTE53_EVENT_REGION } from '../sql/events.js';
import { ONE_DAY_MS, dayStart, lastDeliveryDay, parseWindow, utcDay, type TimeWindow } from '../sql/time-bounds.js';
import { describeAwsError, limiter, type Limiter } from './aws-errors.js';
import { holdsNoRoute53Events, type RegionChoice, type SkippedFolder } from './trail-folders.js';

/** An input file as the reader sees it (same shape as sources/index.ts's InputFile). */
interface InputFile {
  readonly name: string;
  readonly size?: number;
  read(): Promise<Buffer>;
}

/** A bad `s3://` URL or an S3 failure: says which bucket/key and what went wrong. */
export class S3SourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'S3SourceError';
  }
}

/** Bucket and key prefix of an `s3://` URL; the prefix is '' or ends with '/'. */
export interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

/** Parses `s3://bucket[/prefix]`. Throws S3SourceError saying what is wrong. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/i.exec(url.trim());
  if (!m) throw new S3SourceError(`${JSON.stringify(url)} is not an S3 URL (expected s3://bucket/prefix)`);
  const bucket = m[1] ?? '';
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
    throw new S3SourceError(`${JSON.stringify(url)}: ${JSON.stringify(bucket)} is not a valid bucket name (3–63 lower-case letters, digits, dots and hyphens)`);
  }
  let prefix = (m[2] ?? '').replace(/^\/+/, '');
  if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
  return { bucket, prefix };
}

/** What to list. */
export interface ListOptions {
  readonly since?: string;
  readonly until?: string;
  /**
   * Region folders to list: 'route53' (default) those that can hold Route 53 events, 'all' every
   * one, or the regions named (listed without looking at which folders exist).
   */
  readonly regions?: readonly string[] | RegionChoice;
  /** Told of each account's log folder left unlisted under 'route53' (`path` is an s3:// URL). */
  readonly onSkippedFolder?: (folder: SkippedFolder) => void;
  /** Also list `CloudTrail-Digest/` files of the same regions and days (for verify). */
  readonly digests?: boolean;
  /** Keys per ListObjectsV2 page (S3 caps it at 1000). */
  readonly pageSize?: number;
  /** Parallel list requests; default 8. */
  readonly concurrency?: number;
}

/** Longest window listed day by day; longer ones are listed as one range per region. */
const MAX_DAY_FOLDERS = 31;
const ACCOUNT = /^\d{12}$/;
const ORG = /^o-[a-z0-9]{10,32}$/;
const DAY_PATH = /^(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/;

/**
 * The trail objects under `url` for the window and regions, sorted by key.
 * Accounts (and organization ids) are discovered by listing with Delimiter '/'.
 */
export async function listTrailObjects(client: S3Client, url: string, opts: ListOptions = {}): Promise<{ key: string; size: number }[]> {
  const loc = parseS3Url(url);
  const window = parseWindow(opts.since, opts.until);
  const choice = opts.regions ?? 'route53';
  const named = typeof choice === 'string' ? undefined : checkRegions(choice);
  const limit = limiter(opts.concurrency ?? 8);
  const lister = new Lister(client, loc.bucket, opts.pageSize ?? 1000, limit);
  const accounts = await lister.accountPrefixes(loc.prefix);
  const kinds = opts.digests ? ['CloudTrail/', 'CloudTrail-Digest/'] : ['CloudTrail/'];
  /** The region folders to list under one account's `CloudTrail/` or `CloudTrail-Digest/`. */
  const regionFolders = async (parent: string, kind: string): Promise<string[]> => {
    if (named !== undefined) return named.map((region) => `${parent}${region}/`);
    const folders = await lister.folders(parent);
    if (choice === 'all') return folders;
    return folders.filter((folder) => {
      const region = folder.slice(parent.length, -1);
      if (!holdsNoRoute53Events(region)) return true;
      if (kind === 'CloudTrail/') opts.onSkippedFolder?.({ path: `s3://${loc.bucket}/${folder}`, region });
      return false;
    });
  };
  const jobs = accounts.flatMap((account) =>
    kinds.map(async (kind) => {
      const folders = await regionFolders(`${account}${kind}`, kind);
      return (await Promise.all(folders.map((folder) => lister.regionObjects(folder, window)))).flat();
    }),
  );
  const all = (await Promise.all(jobs)).flat();
  return all.sort((a, b) => compareStrings(a.key, b.key));
}

function checkRegions(regions: readonly string[]): string[] {
  for (const r of regions) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)) throw new S3SourceError(`${JSON.stringify(r)} is not an AWS region name (like us-east-1)`);
  }
  return [...new Set(regions)].sort();
}

class Lister {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly pageSize: number,
    private readonly limit: Limiter,
  ) {}

  /** `…/AWSLogs/<acct>/` prefixes under the user's prefix (which may already name an account or org). */
  async accountPrefixes(prefix: string): Promise<string[]> {
    const at = prefix.lastIndexOf('AWSLogs/');
    if (at < 0) return this.accountsUnder(`${prefix}AWSLogs/`);
    const root = prefix.slice(0, at + 'AWSLogs/'.length);
    const rest = prefix.slice(root.length).split('/').filter((s) => s !== '');
    if (rest.length === 0) return this.accountsUnder(root);
    if (rest.length === 1 && ORG.test(rest[0]!)) return this.accountsIn(`${root}${rest[0]}/`);
    if (rest.length === 1 && ACCOUNT.test(rest[0]!)) return [`${root}${rest[0]}/`];
    if (rest.length === 2 && ORG.test(rest[0]!) && ACCOUNT.test(rest[1]!)) return [`${root}${rest[0]}/${rest[1]}/`];
    throw new S3SourceError(
      `s3://${this.bucket}/${prefix}: point at the trail's prefix, its AWSLogs/ folder, an account or an organization (…/AWSLogs/<account>/), not deeper`,
    );
  }

  private async accountsUnder(root: string): Promise<string[]> {
    const out: string[] = [];
    for (const p of await this.folders(root)) {
      const name = p.slice(root.length, -1);
      if (ACCOUNT.test(name)) out.push(p);
      else if (ORG.test(name)) out.push(...(await this.accountsIn(p)));
    }
    if (out.length === 0) {
      throw new S3SourceError(`s3://${this.bucket}/${root} holds no CloudTrail account folders (expected ${root}<account id>/CloudTrail/…)`);
    }
    return out;
  }

  private async accountsIn(org: string): Promise<string[]> {
    return (await this.folders(org)).filter((p) => ACCOUNT.test(p.slice(org.length, -1)));
  }

  /** Sub-folders of `prefix` (ListObjectsV2 with Delimiter '/'). */
  async folders(prefix: string): Promise<string[]> {
    const out: string[] = [];
    await this.pages({ Prefix: prefix, Delimiter: '/' }, (page) => {
      for (const cp of page.CommonPrefixes ?? []) if (cp.Prefix !== undefined) out.push(cp.Prefix);
      return true;
    });
    return out.sort();
  }

  /** Objects under one `…/CloudTrail/<region>/`, pruned to the window's delivery days. */
  async regionObjects(regionPrefix: string, window: TimeWindow): Promise<{ key: string; size: number }[]> {
    const first = window.since !== undefined ? dayStart(window.since) : undefined;
    const last = window.until !== undefined ? lastDeliveryDay(window.until) : undefined;
    const inWindow = (key: string): boolean => {
      const m = DAY_PATH.exec(key.slice(regionPrefix.length));
      if (!m) return false;
      const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      return (first === undefined || day >= first) && (last === undefined || day <= last);
    };
    if (first !== undefined && last !== undefined && (last - first) / ONE_DAY_MS < MAX_DAY_FOLDERS) {
      const days: number[] = [];
      for (let d = first; d <= last; d += ONE_DAY_MS) days.push(d);
      const lists = await Promise.all(days.map((d) => this.objects(`${regionPrefix}${utcDay(d).join('/')}/`, inWindow)));
      return lists.flat();
    }
    // A long or open window: one listing from the first day on (StartAfter), stopped after the last.
    const startAfter = first !== undefined ? `${regionPrefix}${utcDay(first).join('/')}` : undefined;
    const stopAfter = last !== undefined ? `${regionPrefix}${utcDay(last).join('/')}/\uffff` : undefined;
    return this.objects(regionPrefix, inWindow, startAfter, stopAfter);
  }

  private async objects(prefix: string, keep: (key: string) => boolean, startAfter?: string, stopAfter?: string): Promise<{ key: string; size: number }[]> {
    const out: { key: string; size: number }[] = [];
    await this.pages({ Prefix: prefix, ...(startAfter !== undefined ? { StartAfter: startAfter } : {}) }, (page) => {
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        if (stopAfter !== undefined && o.Key > stopAfter) return false;
        if (keep(o.Key)) out.push({ key: o.Key, size: o.Size ?? 0 });
      }
      return true;
    });
    return out;
  }

  /** Every page of a listing, until `onPage` returns false. */
  private async pages(input: { Prefix: string; Delimiter?: string; StartAfter?: string }, onPage: (page: ListObjectsV2CommandOutput) => boolean): Promise<void> {
    let token: string | undefined;
    // Tokens already sent: a server that hands one out again would have the listing go round forever.
    const sent = new Set<string>();
    for (;;) {
      const cmd = new ListObjectsV2Command({ Bucket: this.bucket, MaxKeys: this.pageSize, ...input, ...(token !== undefined ? { ContinuationToken: token } : {}) });
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.limit(() => this.client.send(cmd));
      } catch (err) {
        throw new S3SourceError(`listing s3://${this.bucket}/${input.Prefix}: ${describeAwsError(err)}`, { cause: err });
      }
      if (!onPage(page) || !page.IsTruncated || page.NextContinuationToken === undefined) return;
      token = page.NextContinuationToken;
      if (sent.has(token)) {
        throw new S3SourceError(`listing s3://${this.bucket}/${input.Prefix}: the server gave a continuation token it had given before (the listing would never end)`);
      }
      sent.add(token);
    }
  }
}

/** How to reach S3. */
export interface S3InputOptions extends ListOptions {
  /** A ready client (tests); else one is made with the default credential chain. */
  readonly client?: S3Client;
  /** S3 endpoint (S3-compatible servers); default AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL. */
  readonly endpoint?: string;
  /** Client region; default AWS_REGION / AWS_DEFAULT_REGION / us-east-1 (redirects are followed). */
  readonly region?: string;
  /** Path-style addressing; default on when an endpoint is given. */
  readonly forcePathStyle?: boolean;
  /** Parallel downloads (and list requests); default 8. */
  readonly concurrency?: number;
  /** Environment to read endpoint/region from; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** An S3 client for the options: standard credential chain, endpoint override, region redirects followed. */
export function makeS3Client(opts: Pick<S3InputOptions, 'endpoint' | 'region' | 'forcePathStyle' | 'env'> = {}): S3Client {
  const env = opts.env ?? process.env;
  const endpoint = opts.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const custom = endpoint !== undefined && endpoint !== '';
  return new S3Client({
    region: opts.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? ROUTE53_EVENT_REGION,
    followRegionRedirects: true,
    ...(custom ? { endpoint } : {}),
    forcePathStyle: opts.forcePathStyle ?? custom,
  });
}

/**
 * The trail's files under `url` as inputs, sorted by key. Each `read()`
 * downloads its object (raw bytes, still gzipped); at most `concurrency`
 * downloads run at once across the returned files.
 */
export async function s3Inputs(url: string, opts: S3InputOptions = {}): Promise<InputFile[]> {
  const client = opts.client ?? makeS3Client(opts);
  const { bucket } = parseS3Url(url);
  const objects = await listTrailObjects(client, url, opts);
  const limit = limiter(opts.concurrency ?? 8);
  return objects.map(({ key, size }) => ({
    name: `s3://${bucket}/${key}`,
    size,
    read: () => limit(() => download(client, bucket, key)),
  }));
}

async function download(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  try {
    const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (res.Body === undefined) throw new S3SourceError(`s3://${bucket}/${key}: empty response`);
    return Buffer.from(await res.Body.transformToByteArray());
  } catch (err) {
    if (err instanceof S3SourceError) throw err;
    throw new S3SourceError(`downloading s3://${bucket}/${key}: ${describeAwsError(err)}`, { cause: err });
  }
}
