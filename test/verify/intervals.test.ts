import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complementSpans, intersectSpans, isoTime, mergeSpans, type Span } from '../../src/verify/intervals.js';

const span = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 30 })).map(([s, len]): Span => ({ start: s, end: s + len }));
const covered = (spans: readonly Span[], t: number) => spans.some((s) => s.start <= t && t < s.end);
const POINTS = Array.from({ length: 132 }, (_, t) => t);

describe('intervals', () => {
  it('merge keeps exactly the covered points, sorted, disjoint and not touching', () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 12 }), (spans) => {
        const merged = mergeSpans(spans);
        const samePoints = POINTS.every((t) => covered(merged, t) === covered(spans, t));
        const ordered = merged.every((m, i) => m.end > m.start && (i === 0 || m.start > merged[i - 1]!.end));
        return samePoints && ordered && JSON.stringify(mergeSpans(merged)) === JSON.stringify(merged);
      }),
    );
  });

  it('complement and covered parts partition the window', () => {
    fc.assert(
      fc.property(span, fc.array(span, { maxLength: 10 }), (window, spans) => {
        const holes = complementSpans(window, spans);
        const inside = (t: number) => t >= window.start && t < window.end;
        return POINTS.every((t) => covered(holes, t) === (inside(t) && !covered(spans, t)));
      }),
    );
  });

  it('intersection covers the points both cover', () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 8 }), fc.array(span, { maxLength: 8 }), (a, b) => {
        const both = intersectSpans(a, b);
        return POINTS.every((t) => covered(both, t) === (covered(a, t) && covered(b, t)));
      }),
    );
  });

  it('writes times as CloudTrail does', () => {
    expect(isoTime(Date.UTC(2015, 7, 17, 15, 1, 31))).toBe('2015-08-17T15:01:31Z');
  });
});
