/**
 * Instants given on the command line: an ISO-8601 instant, or a date, which
 * means the end of that day in UTC (`--at 2018-01-16` is 2018-01-16T23:59:59.999Z).
 */

/** A time that cannot be read. */
export class TimeError extends Error {
  constructor(input: string) {
    super(`cannot read the time ${JSON.stringify(input)}: give an ISO-8601 date (2024-03-01) or instant (2024-03-01T12:00:00Z)`);
    this.name = 'TimeError';
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch milliseconds of `text`. A bare date is the end of that day (or its
 * start with `edge: 'start'`). An instant without a zone is UTC.
 */
export function parseInstant(text: string, edge: 'start' | 'end' = 'end'): number {
  const t = text.trim();
  const d = DATE.exec(t);
  if (d) {
    const start = calendarDay(t);
    if (start === undefined) throw new TimeError(text);
    return edge === 'start' ? start : start + 86_400_000 - 1;
  }
  // Date.parse rolls an impossible date over (2024-02-30T10:00Z is March 1st): the day is checked first.
  if (!INSTANT.test(t) || calendarDay(t.slice(0, 10)) === undefined) throw new TimeError(text);
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(t) ? t : t + 'Z';
  const ms = Date.parse(withZone.replace(' ', 'T'));
  if (Number.isNaN(ms)) throw new TimeError(text);
  return ms;
}

/** Epoch milliseconds of the UTC start of `YYYY-MM-DD`, or undefined when there is no such day (2024-02-30, month 13). */
export function calendarDay(date: string): number | undefined {
  const d = DATE.exec(date);
  if (!d) return undefined;
  const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const back = new Date(0);
  back.setUTCFullYear(y, m - 1, day);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === day ? back.getTime() : undefined;
}

/** ISO-8601 of epoch milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
