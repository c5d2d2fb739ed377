/**
 * Which folders of a trail tree in CloudTrail's S3 layout
 * (`…/AWSLogs/[o-id/]<account>/CloudTrail/<region>/YYYY/MM/DD/`) a replay
 * needs, so a walk can leave the others unread as `s3://` listing does.
 *
 * - Regions. CloudTrail records Route 53, a global service, in us-east-1
 *   only, so the commercial partition's other region folders (often most of
 *   a multi-region trail's bytes) hold none of its events. They are read
 *   only when every region is asked for (`--all-regions`). Folders of other
 *   partitions (aws-cn, GovCloud, ISO) are read: where those record global
 *   services is not assumed.
 * - Days. A snapshot at an instant needs no file delivered after it. Day
 *   folders are delivery dates and files arrive up to ~15 minutes after
 *   their events, so the day after the instant's is still read.
 */
import { ROUTE53_EVENT_REGION } from '../events/normalize.js';
import { lastDeliveryDay } from '../sql/time-bounds.js';

/** Which region folders to read: those that can hold Route 53 events, or all. */
export type RegionChoice = 'route53' | 'all';

/** What a walk needs of a trail. */
export interface FolderChoice {
  readonly regions: RegionChoice;
  /** Nothing after this instant (epoch ms) is needed. */
  readonly untilMs?: number;
}

/** A folder left unread, and why. */
export interface SkippedFolder {
  readonly path: string;
  readonly region: string;
  /** `other-region`: it cannot hold Route 53 events; `after-window`: delivered after the instant asked for. */
  readonly why: 'other-region' | 'after-window';
}

const REGION_NAME = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const OTHER_PARTITION = /^(?:cn|us-gov|[a-z]{2}-iso[a-z]*)-/;
/** `…/AWSLogs/[o-id/]<account>/CloudTrail/<region>[/YYYY[/MM[/DD]]]`, either separator. */
const TRAIL_FOLDER = /(?:^|[\\/])AWSLogs[\\/](?:o-[a-z0-9]+[\\/])?[^\\/]+[\\/]CloudTrail[\\/]([^\\/]+)(?:[\\/](\d{4})(?:[\\/](\d{2})(?:[\\/](\d{2}))?)?)?[\\/]*$/;

/** True for a region of the commercial partition other than the one Route 53 events are recorded in. */
export function holdsNoRoute53Events(region: string): boolean {
  return region !== ROUTE53_EVENT_REGION && REGION_NAME.test(region) && !OTHER_PARTITION.test(region);
}

/** The region a directory is the folder of, in CloudTrail's S3 key layout, or undefined. */
export function regionOfFolder(dir: string): string | undefined {
  const m = TRAIL_FOLDER.exec(dir);
  return m !== null && m[2] === undefined ? m[1] : undefined;
}

/** A region's year, month or day folder: its region and the first day (epoch ms) it can hold files of. */
function dateFolder(dir: string): { region: string; firstDay: number } | undefined {
  const m = TRAIL_FOLDER.exec(dir);
  if (m === null || m[1] === undefined || m[2] === undefined) return undefined;
  const firstDay = Date.UTC(Number(m[2]), m[3] === undefined ? 0 : Number(m[3]) - 1, m[4] === undefined ? 1 : Number(m[4]));
  return Number.isFinite(firstDay) ? { region: m[1], firstDay } : undefined;
}

/** Why a walk leaves the directory `dir` unread, or undefined when it is needed. */
export function skippedFolder(dir: string, choice: FolderChoice): SkippedFolder | undefined {
  const region = regionOfFolder(dir);
  if (region !== undefined) return choice.regions === 'route53' && holdsNoRoute53Events(region) ? { path: dir, region, why: 'other-region' } : undefined;
  if (choice.untilMs === undefined) return undefined;
  const dated = dateFolder(dir);
  return dated !== undefined && dated.firstDay > lastDeliveryDay(choice.untilMs) ? { path: dir, region: dated.region, why: 'after-window' } : undefined;
}
