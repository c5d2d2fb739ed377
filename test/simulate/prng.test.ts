import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Rng, hash32 } from '../../src/simulate/prng.js';
import { javaDate, fileStamp } from '../../src/simulate/clock.js';

describe('Rng', () => {
  test('a seed and label give one stream; other seeds and labels another', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string(), (seed, label) => {
        const a = new Rng(seed, label);
        const b = new Rng(seed, label);
        const xs = Array.from({ length: 8 }, () => a.uint32());
        expect(Array.from({ length: 8 }, () => b.uint32())).toEqual(xs);
        const c = new Rng(seed + 1, label);
        expect(Array.from({ length: 8 }, () => c.uint32())).not.toEqual(xs);
        const d = new Rng(seed, label + 'x');
        expect(Array.from({ length: 8 }, () => d.uint32())).not.toEqual(xs);
      }),
      { numRuns: 50 },
    );
  });

  test('int stays in range, uuid is version 4, chars use the alphabet', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: -50, max: 50 }), fc.nat({ max: 100 }), (seed, lo, span) => {
        const r = new Rng(seed);
        const v = r.int(lo, lo + span);
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(lo + span);
        expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(r.alnum(16)).toMatch(/^[A-Za-z0-9]{16}$/);
        const n = r.next();
        expect(n >= 0 && n < 1).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('shuffle is a permutation', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.integer()), (seed, xs) => {
        expect(new Rng(seed).shuffle([...xs]).sort()).toEqual([...xs].sort());
      }),
    );
  });

  test('hash32 is pure and spreads', () => {
    expect(hash32('a', 1)).toBe(hash32('a', 1));
    expect(hash32('a', 1)).not.toBe(hash32('a', 2));
  });
});

describe('clock', () => {
  test('Java date text as Route 53 logs it', () => {
    expect(javaDate(Date.parse('2018-01-16T00:41:43Z'))).toBe('Jan 16, 2018 12:41:43 AM');
    expect(javaDate(Date.parse('2020-01-06T18:50:43Z'))).toBe('Jan 6, 2020 6:50:43 PM');
    expect(javaDate(Date.parse('2020-01-02T12:05:01Z'))).toBe('Jan 2, 2020 12:05:01 PM');
    expect(fileStamp(Date.parse('2015-08-01T02:10:59Z'))).toBe('20150801T0210Z');
  });
});
