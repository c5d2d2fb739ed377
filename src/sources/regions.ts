/**
 * Which region folders of a trail can hold Route 53's events. CloudTrail
 * records Route 53, a global service, in us-east-1 only, so in a multi-region
 * trail the commercial partition's other region folders — often most of the
 * bytes — hold none of them. Walked directory trees skip those folders, as
 * `s3://` listing does, unless every region is asked for (`--all-regions`).
 * Folders of other partitions (aws-cn, GovCloud, ISO) are read: where they
 * record global services is not assumed.
 */
import { ROUTE53_EVENT_REGION } from '../events/normalize.js';

/** Which region folders to read: those that can hold Route 53 events, or all. */
export type RegionChoice = 'route53' | 'all';

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

/** The region whose folder `dir` is, when the choice leaves that folder unread. */
export function skippedRegion(dir: string, choice: RegionChoice): string | undefined {
  if (choice === 'all') return undefined;
  const region = regionOfFolder(dir);
  return region !== undefined && holdsNoRoute53Events(region) ? region : undefined;
}
