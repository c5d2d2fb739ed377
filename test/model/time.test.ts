import { describe, expect, it } from 'vitest';
import { calendarDay, isoTime, parseInstant, TimeError } from '../../src/model/time.js';

describe('parseInstant', () => {
  it('reads a date as the end of its UTC day, or its start', () => {
    expect(isoTime(parseInstant('2024-03-02'))).toBe('2024-03-02T23:59:59.999Z');
    expect(isoTime(parseInstant('2024-03-02', 'start'))).toBe('2024-03-02T00:00:00.000Z');
    expect(isoTime(parseInstant('2024-02-29', 'start'))).toBe('2024-02-29T00:00:00.000Z');
  });

  it('reads instants with Z, an offset, no zone (UTC) and fractions of a second', () => {
    expect(isoTime(parseInstant('2024-03-02T10:00:00Z'))).toBe('2024-03-02T10:00:00.000Z');
    expect(isoTime(parseInstant('2024-03-02T15:30:00+05:30'))).toBe('2024-03-02T10:00:00.000Z');
    expect(isoTime(parseInstant('2024-03-02 10:00'))).toBe('2024-03-02T10:00:00.000Z');
    expect(isoTime(parseInstant('2024-03-02T10:00:00.250Z'))).toBe('2024-03-02T10:00:00.250Z');
  });

  it('refuses days that do not exist, in a date or in an instant', () => {
    for (const t of ['2024-02-30', '2023-02-29', '2024-04-31', '2024-13-01', '2024-00-10']) expect(() => parseInstant(t), t).toThrow(TimeError);
    // Date.parse rolls these over into the next month.
    for (const t of ['2024-02-30T10:00:00Z', '2023-02-29T00:00Z', '2024-04-31 12:00', '2024-02-31T23:00:00+05:30']) expect(() => parseInstant(t), t).toThrow(TimeError);
  });

  it('reads years 0000–0099 as written, not as 1900–1999', () => {
    expect(isoTime(parseInstant('0050-01-01', 'start'))).toBe('0050-01-01T00:00:00.000Z');
    expect(isoTime(parseInstant('0000-01-01'))).toBe('0000-01-01T23:59:59.999Z');
    expect(isoTime(parseInstant('0050-01-01T00:00:00Z'))).toBe('0050-01-01T00:00:00.000Z');
  });

  it('refuses what is not an ISO-8601 date or instant', () => {
    for (const t of ['1700000000', 'yesterday', '2024-03-02T25:00Z', '2024-03-02T10:60Z', '2024-03-02T10:00:00+25:00', '']) expect(() => parseInstant(t), t).toThrow(TimeError);
  });
});

describe('calendarDay', () => {
  it('is the UTC start of a real day, undefined otherwise', () => {
    expect(calendarDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(isoTime(calendarDay('0050-03-01')!)).toBe('0050-03-01T00:00:00.000Z');
    expect(calendarDay('2023-02-29')).toBeUndefined();
    expect(calendarDay('2024-00-10')).toBeUndefined();
    expect(calendarDay('20240210')).toBeUndefined();
  });
});
