/**
 * The scenario's clock: a min-heap of tasks by time (ties by insertion
 * order), and a ledger of used seconds so no two Route 53 calls share an
 * eventTime — "in eventTime order" then has exactly one meaning.
 */
import { SECOND } from './clock.js';

interface Entry<T> {
  readonly time: number;
  readonly seq: number;
  readonly task: T;
}

/** Tasks ordered by time. */
export class Schedule<T> {
  private readonly heap: Entry<T>[] = [];
  private readonly used = new Set<number>();
  private seq = 0;

  /** Reserves the first free second at or after `time` and returns it. */
  claim(time: number): number {
    let t = Math.floor(time / SECOND) * SECOND;
    while (this.used.has(t)) t += SECOND;
    this.used.add(t);
    return t;
  }

  /** Adds a task at a free second at or after `time`; returns the second used. */
  add(time: number, task: T): number {
    const t = this.claim(time);
    this.push({ time: t, seq: this.seq++, task });
    return t;
  }

  /** The earliest task, or undefined when none is left. */
  pop(): { time: number; task: T } | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private less(a: Entry<T>, b: Entry<T>): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }

  private push(e: Entry<T>): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
