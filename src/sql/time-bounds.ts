/**
 * The --since / --until bounds shared by the S3 lister and the SQL
 * generators: an ISO date (`2024-03-01`, a whole UTC day) or an ISO instant
 * with a zone (`2024-03-01T12:00:00Z`, `…+02:00`). `since` is inclusive from
 * the start of its day; `until` is inclusive to the end of its day.
 */
import { calendarDay } from '../model/time.js';
import { QueryOptionError } from './errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DAY_MS = 86_400_000;

/** Which end of the window a bound is. */
export type BoundSide = 'since' | 'until';

/**
 * The instant (epoch ms) a bound stands for. Throws QueryOptionError with the
 * option name and the accepted forms.
 */
export function parseTimeBound(text: string, side: BoundSide): number {
  const t = text.trim();
  if (DATE.test(t)) {
    const ms = calendarDay(t);
    if (ms === undefined) throw new QueryOptionError(`--${side} ${JSON.stringify(text)}: no such date`);
    return side === 'since' ? ms : ms + DAY_MS - 1;
  }
  if (INSTANT.test(t)) {
    // Date.parse rolls an impossible date over (2024-02-30T00:00Z is March 1st).
    if (calendarDay(t.slice(0, 10)) === undefined) throw new QueryOptionError(`--${side} ${JSON.stringify(text)}: no such date`);
    const ms = Date.parse(t);
    if (Number.isFinite(ms)) return ms;
  }
  throw new QueryOptionError(
    `--${side} ${JSON.stringify(text)}: expected an ISO date (2024-03-01) or an instant with a zone (2024-03-01T12:00:00Z)`,
  );
}

/** A time window; either end may be open. Epoch milliseconds, inclusive. */
export interface TimeWindow {
  readonly since?: number;
  readonly until?: number;
}

/** Parses both bounds and checks that since ≤ until. */
export function parseWindow(since: string | undefined, until: string | undefined): TimeWindow {
  const w: { since?: number; until?: number } = {};
  if (since !== undefined) w.since = parseTimeBound(since, 'since');
  if (until !== undefined) w.until = parseTimeBound(until, 'until');
  if (w.since !== undefined && w.until !== undefined && w.since > w.until) {
    throw new QueryOptionError(`--since ${since} is after --until ${until}`);
  }
  return w;
}

/** The UTC day of an instant as [yyyy, mm, dd] (zero-padded strings). */
export function utcDay(ms: number): [string, string, string] {
  const iso = new Date(ms).toISOString();
  return [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
}

/** The UTC day after the one holding `ms`, as epoch ms of its start. */
export function nextDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS + DAY_MS;
}

/** Start of the UTC day holding `ms`. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Milliseconds in a day. */
export const ONE_DAY_MS = DAY_MS;

/**
 * The last day folder that can hold events up to `until`: CloudTrail files
 * sit under their DELIVERY date and arrive up to ~15 minutes after the
 * event, so the day after `until`'s day is included too.
 */
export function lastDeliveryDay(until: number): number {
  return nextDayStart(until);
}

/** An instant as CloudTrail writes eventTime: `YYYY-MM-DDTHH:MM:SSZ` (milliseconds kept only when not zero). */
export function eventTimeText(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, 19) + 'Z' : iso;
}
