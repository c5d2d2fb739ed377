/**
 * Where CloudTrail puts things: 5-minute delivery windows per region, the
 * delivery time of each file, and the S3 key of a log file
 * (`<prefix>/AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16>.json.gz`).
 *
 * The delivery time is a pure function of (slot, region, trail), so the
 * Route 53 generator (which must know which files a missing day drops) and
 * the writer agree without sharing state.
 */
import { MINUTE, datePath, dayString, fileStamp } from './clock.js';
import { hash32 } from './prng.js';

/** Length of one delivery window. */
export const SLOT_MS = 5 * MINUTE;

/** The regions the account is active in; Route 53 is always us-east-1. */
export const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'] as const;

/** A region of the simulated account. */
export type Region = (typeof REGIONS)[number];

/** Route 53 records are recorded in us-east-1. */
export const ROUTE53_REGION: Region = 'us-east-1';

/** The first trail writes everything; the second (another prefix) only repeats some events. */
export type TrailName = 'trail' | 'trail2';

/** Trails in the order files are written. */
export const TRAILS: readonly TrailName[] = ['trail', 'trail2'];

/** The delivery window an instant falls in. */
export function slotOf(start: number, time: number): number {
  return Math.floor((time - start) / SLOT_MS);
}

/** When the file of (slot, region, trail) is delivered: 1–9 minutes after its window closes. */
export function deliveryTime(start: number, slot: number, region: string, trail: TrailName): number {
  const lag = 1 + (hash32('delivery', slot, region, trail) % 9);
  return start + (slot + 1) * SLOT_MS + lag * MINUTE;
}

/** True when a file delivered at `delivery` falls on the day whose files were not written. */
export function isDropped(delivery: number, missingDay: string | null): boolean {
  return missingDay !== null && dayString(delivery) === missingDay;
}

/** The S3 key (relative to the output folder) of one log file. */
export function logFileKey(trail: TrailName, account: string, region: string, delivery: number, unique: string): string {
  return `${trail}/AWSLogs/${account}/CloudTrail/${region}/${datePath(delivery)}/${account}_CloudTrail_${region}_${fileStamp(delivery)}_${unique}.json.gz`;
}
