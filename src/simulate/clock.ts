/**
 * Time for the simulator: plain epoch milliseconds from a fixed start, and
 * the text forms CloudTrail uses. Never the wall clock.
 */

/** One second in ms. */
export const SECOND = 1000;
/** One minute in ms. */
export const MINUTE = 60 * SECOND;
/** One hour in ms. */
export const HOUR = 60 * MINUTE;
/** One day in ms. */
export const DAY = 24 * HOUR;

/** The default start of the simulated window. */
export const DEFAULT_START = '2024-03-01T00:00:00Z';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Parses an ISO-8601 UTC instant (`2024-03-01T00:00:00Z`); undefined if it is not one. */
export function parseInstant(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/.test(text)) return undefined;
  const ms = Date.parse(text.length === 10 ? text + 'T00:00:00Z' : text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** CloudTrail's eventTime: `2024-03-01T12:34:56Z` (seconds, no fraction). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** `2024-03-01`, the UTC day of an instant. */
export function dayString(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `2024/03/01`, the S3 key folders of a delivery day. */
export function datePath(ms: number): string {
  return dayString(ms).replaceAll('-', '/');
}

/** `20240301T0005Z`, the minute stamp in a log file's name. */
export function fileStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
}

/** Java `Date` text as Route 53 puts it in changeInfo.submittedAt: `Jan 16, 2018 12:41:43 AM` (UTC). */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const h24 = d.getUTCHours();
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${h12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h24 < 12 ? 'AM' : 'PM'}`;
}
