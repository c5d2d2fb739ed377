/**
 * Skipping records before parsing them. CloudTrail delivers compact files,
 * `{"Records":[{"eventVersion":…},{"eventVersion":…}]}`, where about one
 * record in a hundred is Route 53's. Parsing whole files costs far more than
 * inflating them, so for that shape the record boundaries and the Route 53
 * marker are found with Buffer.indexOf (native), and only the records that
 * carry `"eventSource":"route53.amazonaws.com"` are decoded and parsed.
 *
 * A raw `{"eventVersion":` cannot occur inside a JSON string (its quotes
 * would be escaped), only as a record start or, in theory, as a nested
 * object. A cut that does not parse as one record makes the caller fall back
 * to parsing the whole file, so the fast path can only be faster, never wrong.
 */
import { ROUTE53_SOURCE } from '../events/normalize.js';
import type { JsonObject } from '../model/index.js';

const PREFIX = Buffer.from('{"Records":[{"eventVersion":');
const RECORD_START = Buffer.from('{"eventVersion":');
const ROUTE53_MARKER = Buffer.from(`"eventSource":${JSON.stringify(ROUTE53_SOURCE)}`);

/**
 * A Route 53 record found by the fast path: its JSON text (checked to parse as
 * one Route 53 record) and its position among the file's records. Text, not
 * the parsed object, because it crosses from a worker thread as a plain copy.
 */
export interface FastRecord {
  readonly text: string;
  readonly index: number;
}

/** True when the file has the compact delivery shape the fast path reads. */
export function isCompactCloudTrail(buf: Buffer): boolean {
  return buf.length > PREFIX.length && buf.subarray(0, PREFIX.length).equals(PREFIX);
}

/**
 * The Route 53 records of a compact CloudTrail file, or undefined when the
 * file must be parsed whole (a cut did not parse, the shape is unexpected).
 */
export function fastRoute53Records(buf: Buffer): FastRecord[] | undefined {
  if (!isCompactCloudTrail(buf)) return undefined;
  const out: FastRecord[] = [];
  let marker = buf.indexOf(ROUTE53_MARKER);
  if (marker < 0) return out;
  const close = buf.lastIndexOf(']');
  if (close < 0) return undefined;
  // Record starts, found lazily up to the markers that need them.
  let start = PREFIX.length - RECORD_START.length;
  let index = 0;
  let next = buf.indexOf(RECORD_START, start + 1);
  while (marker >= 0) {
    while (next >= 0 && next < marker) {
      start = next;
      index++;
      next = buf.indexOf(RECORD_START, start + 1);
    }
    // The record runs from its start to the comma before the next start (or the closing bracket).
    const end = next >= 0 ? next - 1 : close;
    if (buf[end] !== (next >= 0 ? 0x2c : 0x5d)) return undefined;
    const text = buf.toString('utf8', start, end);
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
    if ((record as JsonObject).eventSource === ROUTE53_SOURCE) out.push({ text, index });
    marker = next >= 0 ? buf.indexOf(ROUTE53_MARKER, next) : -1;
  }
  return out;
}
