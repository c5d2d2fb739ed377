/**
 * What the first few kilobytes of a file say about its shape, without
 * parsing the whole file: the keys of the first JSON object (or of the
 * objects in a top-level array), whether that first value ends within the
 * head and whether another value follows it (JSON Lines).
 */
import { scanJsonValue } from './json-values.js';

/** The shape of the first JSON value in a file's head. */
export interface HeadShape {
  /** First non-whitespace character, '' when the head is blank. */
  readonly opener: string;
  /** Keys of the first object (opener '{') or of the objects inside the first array (opener '['). */
  readonly keys: ReadonlySet<string>;
  /** The first value ends inside the head. */
  readonly complete: boolean;
  /** Another value starts after the first one (only known when complete). */
  readonly more: boolean;
  /** Set when the head is not JSON before its end: offset and reason. */
  readonly error?: { readonly offset: number; readonly reason: string };
}

let cachedHead: string | undefined;
let cachedShape: HeadShape | undefined;

/** The shape of `head` (memoized for the last head, as every format's detect asks). */
export function headShape(head: string): HeadShape {
  if (cachedShape !== undefined && head === cachedHead) return cachedShape;
  const shape = computeShape(head);
  cachedHead = head;
  cachedShape = shape;
  return shape;
}

function computeShape(head: string): HeadShape {
  const start = head.search(/\S/);
  if (start === -1) return { opener: '', keys: new Set(), complete: false, more: false };
  const opener = head[start] ?? '';
  const keys = new Set<string>();
  const depth = opener === '[' ? 2 : 1;
  const r = scanJsonValue(head, start, (key, d) => {
    if (d === depth) keys.add(key);
  });
  if ('error' in r) {
    // Running off the end of the head only means the value is longer than the head.
    const truncated = r.offset >= head.length;
    return truncated
      ? { opener, keys, complete: false, more: false }
      : { opener, keys, complete: false, more: false, error: { offset: r.offset, reason: r.error } };
  }
  return { opener, keys, complete: true, more: /\S/.test(head.slice(r.end)) };
}

const RECORD_KEYS = ['eventVersion', 'eventSource', 'eventName', 'eventID', 'eventTime'];

/** The keys look like a CloudTrail record's. */
export function looksLikeRecord(keys: ReadonlySet<string>): boolean {
  return RECORD_KEYS.some((k) => keys.has(k));
}
