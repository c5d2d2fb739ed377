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
import { TopLevelCuts } from './json-cuts.js';
import { isJsonBlank } from './json-values.js';

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

const DOCUMENT_OPEN = Buffer.from('{"Records":[');

/** Where the first record starts in the compact delivery shape (after any blanks: a piece of a stream), or -1. */
function firstRecordStart(buf: Buffer): number {
  let i = 0;
  while (i < buf.length && isJsonBlank(buf[i])) i++;
  return buf.length - i > PREFIX.length && buf.subarray(i, i + PREFIX.length).equals(PREFIX) ? i + PREFIX.length - RECORD_START.length : -1;
}

/** True when the file has the compact delivery shape the fast path reads. */
export function isCompactCloudTrail(buf: Buffer): boolean {
  return firstRecordStart(buf) >= 0;
}

/**
 * Where the record before the record start `next` ends: at the comma between
 * two records, or, when `next` opens the next document of files written back
 * to back (`cat`), at the `]` that closes the previous one. -1 otherwise.
 */
function recordEnd(buf: Buffer, next: number): number {
  if (buf[next - 1] === 0x2c) return next - 1;
  const open = next - DOCUMENT_OPEN.length;
  return open >= 0 && buf.subarray(open, next).equals(DOCUMENT_OPEN) ? previousDocumentEnd(buf, open) : -1;
}

/**
 * Where the document before the `{"Records":[` at `open` ends (its closing
 * `]`), when only `]}` and blanks come between them, or -1. In valid JSON
 * that sequence occurs only between top-level values (inside a value a comma
 * would follow the `}`; inside a string its quotes would be escaped), so it
 * finds exact document boundaries without following the JSON.
 */
export function previousDocumentEnd(buf: Buffer, open: number): number {
  let j = open - 1;
  while (j > 0 && isJsonBlank(buf[j])) j--;
  return j > 0 && buf[j] === 0x7d && buf[j - 1] === 0x5d ? j - 1 : -1;
}

/** Offset of the last `{"Records":[` that opens a document after another one (see previousDocumentEnd), or -1. */
export function lastDocumentStart(buf: Buffer): number {
  for (let at = buf.lastIndexOf(DOCUMENT_OPEN); at > 0; at = buf.lastIndexOf(DOCUMENT_OPEN, at - 1)) {
    if (previousDocumentEnd(buf, at) >= 0) return at;
  }
  return -1;
}

/**
 * The Route 53 records of a compact CloudTrail file, or undefined when the
 * file must be parsed whole (a cut did not parse, the shape is unexpected).
 */
export function fastRoute53Records(buf: Buffer): FastRecord[] | undefined {
  let start = firstRecordStart(buf);
  if (start < 0) return undefined;
  const out: FastRecord[] = [];
  let marker = buf.indexOf(ROUTE53_MARKER);
  if (marker < 0) return out;
  const close = buf.lastIndexOf(']');
  if (close < 0) return undefined;
  // Record starts, found lazily up to the markers that need them.
  let index = 0;
  let next = buf.indexOf(RECORD_START, start + 1);
  while (marker >= 0) {
    while (next >= 0 && next < marker) {
      start = next;
      index++;
      next = buf.indexOf(RECORD_START, start + 1);
    }
    // The record runs from its start to the comma before the next start (or the closing bracket).
    const end = next >= 0 ? recordEnd(buf, next) : close;
    if (end < 0) return undefined;
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

/**
 * Every record of a compact CloudTrail file (or of several back to back),
 * Route 53's or not, without parsing: the objects in each document's
 * `Records` array, found by following the JSON's structure, so an object
 * nested in a record is not counted (as `{"eventVersion":` would be).
 */
export function countCompactRecords(buf: Buffer): number {
  const structure = new TopLevelCuts();
  structure.feed(buf);
  return structure.recordObjects;
}
