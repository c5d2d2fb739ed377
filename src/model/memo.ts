/**
 * A bounded cache for pure functions of strings. A trail repeats the same
 * names and values thousands of times (UPSERT churn, a second trail's copy of
 * every event), and canonicalizing one costs tens of microseconds before the
 * JIT has warmed up. When full it forgets everything: simple, and enough for
 * keys that recur close together.
 */
export class StringMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max = 50_000) {}

  /** Entries held. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The value for `key`, computed once (compute must be pure; its result is
   * shared). compute takes the key so callers can pass a function made once,
   * not a closure per call: on a cold JIT, that allocation was a good part of
   * a lookup's cost.
   */
  get(key: string, compute: (key: string) => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined || this.entries.has(key)) return hit as V;
    const value = compute(key);
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}
