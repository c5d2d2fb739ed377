/** Half-open time spans in ms since epoch: merge, clip, complement. */

/** A time span [start, end], ms since epoch. */
export interface Span {
  start: number;
  end: number;
}

/** The spans sorted, with overlapping or touching ones merged; empty spans dropped. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** `span` cut to `window`, or undefined when nothing of it lies inside. */
export function clipSpan(span: Span, window: Span): Span | undefined {
  const start = Math.max(span.start, window.start);
  const end = Math.min(span.end, window.end);
  return end > start ? { start, end } : undefined;
}

/** The parts of `window` that no span covers, in order. */
export function complementSpans(window: Span, spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  let cursor = window.start;
  for (const s of mergeSpans(spans)) {
    const c = clipSpan(s, window);
    if (c === undefined) continue;
    if (c.start > cursor) out.push({ start: cursor, end: c.start });
    cursor = Math.max(cursor, c.end);
  }
  if (window.end > cursor) out.push({ start: cursor, end: window.end });
  return out;
}

/** The common part of two merged span lists. */
export function intersectSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const x of mergeSpans(a)) {
    for (const y of mergeSpans(b)) {
      const c = clipSpan(x, y);
      if (c !== undefined) out.push(c);
    }
  }
  return mergeSpans(out);
}

/** True when the two spans share some time (touching is not overlapping). */
export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** `YYYY-MM-DDTHH:MM:SSZ` (milliseconds only when not zero), as CloudTrail writes times. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
