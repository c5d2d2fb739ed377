import { describe, expect, it } from 'vitest';
import { TimeError, calendarDay, parseInstant } from '../../src/model/time.js';

describe('parseInstant', () => {
  it('reads dates as the end (or start) of the UTC day and instants with or without a zone', () => {
    expect(parseInstant('2024-03-01')).toBe(Date.UTC(2024, 2, 2) - 1);
    expect(parseInstant('2024-03-01', 'start')).toBe(Date.UTC(2024, 2, 1));
    expect(parseInstant('2024-03-01T23:30:00-05:00')).toBe(Date.UTC(2024, 2, 2, 4, 30));
    expect(parseInstant('2024-03-01 12:00')).toBe(Date.UTC(2024, 2, 1, 12));
  });

  it('refuses a day that does not exist, whether written as a date or inside an instant', () => {
    for (const bad of ['2024-02-30', '2024-02-30T10:00:00Z', '2023-02-29T00:00:00+01:00', '2024-13-01T00:00Z', '2024-04-31 08:00']) {
      expect(() => parseInstant(bad), bad).toThrow(TimeError);
    }
    expect(parseInstant('2024-02-29T10:00:00Z')).toBe(Date.UTC(2024, 1, 29, 10));
  });
});

describe('calendarDay', () => {
  it('is the UTC start of a real day, undefined otherwise', () => {
    expect(calendarDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(calendarDay('2023-02-29')).toBeUndefined();
    expect(calendarDay('2024-00-10')).toBeUndefined();
    expect(calendarDay('20240210')).toBeUndefined();
  });
});
