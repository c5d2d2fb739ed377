/**
 * Which folders of a trail tree in CloudTrail's S3 layout
 * (`…/AWSLogs/[o-id/]<account>/CloudTrail/<region>/YYYY/MM/DD/`) a replay
 * needs, so a walk can leave the others unread as `s3://` listing does.
 *
 * CloudTrail records Route 53, a global service, in us-east-1 only, so the
 * commercial partition's other region folders (often most of a multi-region
 * trail's bytes) hold none of its events. They are read only when every
 * region is asked for (`--all-regions`). Log files are known by their names
 * too, for copies of a trail that dropped the key layout. Folders of other
 * partitions (aws-cn, GovCloud, ISO) are read: where those record global
 * services is not assumed.
 *
 * Day folders are never skipped, even with --at: a DELETE logged after the
 * instant proves the set existed at it, so later logs can complete an
 * earlier snapshot.
 */
import { ROUTE53_EVENT_REGION } from '../events/normalize.js';
import { compareStrings } from '../model/record-set.js';

/** Which region folders to read: those that can hold Route 53 events, or all. */
export type RegionChoice = 'route53' | 'all';

/** Logs of a region left unread: its folder, or a folder holding its files (a flattened copy). */
export interface SkippedFolder {
  readonly path: string;
  readonly region: string;
}

const REGION_NAME = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const OTHER_PARTITION = /^(?:cn|us-gov|[a-z]{2}-iso[a-z]*)-/;
/** `…/AWSLogs/[o-id/]<account>/CloudTrail/<region>`, either separator. */
const REGION_FOLDER = /(?:^|[\\/])AWSLogs[\\/](?:o-[a-z0-9]+[\\/])?[^\\/]+[\\/]CloudTrail[\\/]([^\\/]+)[\\/]*$/;

/** True for a region of the commercial partition other than the one Route 53 events are recorded in. */
export function holdsNoRoute53Events(region: string): boolean {
  return region !== ROUTE53_EVENT_REGION && REGION_NAME.test(region) && !OTHER_PARTITION.test(region);
}

/** The region a directory is the folder of, in CloudTrail's S3 key layout, or undefined. */
export function regionOfFolder(dir: string): string | undefined {
  return REGION_FOLDER.exec(dir)?.[1];
}

/** `<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json[.gz]`, CloudTrail's log file name. */
const LOG_FILE = /^\d{12}_CloudTrail_([a-z0-9-]+)_\d{8}T\d{4}Z_[A-Za-z0-9]+\.json(?:\.gz)?$/;

/** The region a CloudTrail log file was delivered for, from its name, or undefined. */
export function regionOfLogFile(fileName: string): string | undefined {
  return LOG_FILE.exec(fileName)?.[1];
}

/**
 * For a walk of the path named on the command line (`namedPath`): the region
 * of a log file it leaves unread under `regions`, or undefined. The name
 * tells the region whatever the layout, so a copy that dropped the
 * `AWSLogs/<account>/CloudTrail/` part of the keys (`aws s3 sync
 * s3://bucket/AWSLogs/<account>/CloudTrail/ ./ct`) is pruned too. A region
 * that is a segment of `namedPath` was asked for: its files are read. The
 * named path is split once per walk, not once per file.
 */
export function logFileRule(namedPath: string, regions: RegionChoice): (fileName: string) => string | undefined {
  if (regions === 'all') return () => undefined;
  const asked = new Set(namedPath.split(/[\\/]/));
  return (fileName) => {
    const region = regionOfLogFile(fileName);
    return region !== undefined && holdsNoRoute53Events(region) && !asked.has(region) ? region : undefined;
  };
}

/** The regions of folders left unread, once each, in code-unit order (a completeness report's `regionsNotRead`). */
export function regionsOf(folders: readonly SkippedFolder[]): string[] {
  return [...new Set(folders.map((f) => f.region))].sort(compareStrings);
}

/** The folder `dir` as left unread under `regions`, or undefined when it is read. */
export function skippedFolder(dir: string, regions: RegionChoice): SkippedFolder | undefined {
  if (regions === 'all') return undefined;
  const region = regionOfFolder(dir);
  return region !== undefined && holdsNoRoute53Events(region) ? { path: dir, region } : undefined;
}
