/**
 * Skipping records before parsing them. CloudTrail delivers compact files,
 * `{"Records":[{"eventVersion":…},{"eventVersion":…}]}`, where about one
 * record in a hundred is Route 53's. Parsing whole files costs far more than
 * inflating them, so for that shape Route 53's name is found by a SIMD search
 * (marker-search.ts), the record bounds by a structural walk
 * (json-structure.ts), and only the records that hold the name are decoded
 * and parsed.
 *
 * Bounds come from the structure, not from text that looks like a record
 * start: the text of another service's request parameters is attacker-
 * controlled, and a nested object shaped like a whole Route 53 record must
 * not be taken for one, nor shift the numbering. Anything unexpected in the
 * structure (not the compact shape, a text cut off) makes the caller parse the
 * whole file. A record that holds the name and does not parse is reported by
 * the thread that parses it, with the records before it kept, as a full parse
 * keeps those before its problem.
 */
import { CompactRecords } from './json-structure.js';
import { isJsonBlank } from './json-values.js';
import { markerSearch } from './marker-search.js';

const PREFIX = Buffer.from('{"Records":[{"eventVersion":');

/**
 * A record found by the fast path: its JSON text and its position among the
 * file's records. The text is a whole record by the structure and holds Route
 * 53's name (nearly always as its eventSource). The receiving thread parses it
 * (scan.ts, parseRecordText), which it must do anyway to normalize it, so it
 * is parsed once; that thread also drops the few records of other services.
 * Text, not the parsed object, because it crosses from a worker thread as a
 * plain copy.
 */
export interface FastRecord {
  readonly text: string;
  readonly index: number;
}

const DOCUMENT_OPEN = Buffer.from('{"Records":[');

/** True when the file starts as the compact delivery shape does (after any blanks: a piece of a stream). */
export function isCompactCloudTrail(buf: Buffer): boolean {
  let i = 0;
  while (i < buf.length && isJsonBlank(buf[i])) i++;
  return buf.length - i > PREFIX.length && buf.subarray(i, i + PREFIX.length).equals(PREFIX);
}

/**
 * True when a document ends just before offset `at`: only `]}` and blanks
 * come before it. Before a `{"Records":[`, in valid JSON that sequence occurs
 * only between top-level values (inside a value a comma would follow the `}`;
 * inside a string its quotes would be escaped), so it finds exact document
 * boundaries without following the JSON. At the end of a text, it is a cheap
 * guard against a file cut off.
 */
function documentEndsBefore(buf: Buffer, at: number): boolean {
  let j = at - 1;
  while (j > 0 && isJsonBlank(buf[j])) j--;
  return j > 0 && buf[j] === 0x7d && buf[j - 1] === 0x5d;
}

/** Offset of the last `{"Records":[` that opens a document after another one (see documentEndsBefore), or -1. */
export function lastDocumentStart(buf: Buffer): number {
  for (let at = buf.lastIndexOf(DOCUMENT_OPEN); at > 0; at = buf.lastIndexOf(DOCUMENT_OPEN, at - 1)) {
    if (documentEndsBefore(buf, at)) return at;
  }
  return -1;
}

/** What the fast path found in a compact CloudTrail file. */
export interface FastScan {
  readonly records: FastRecord[];
  /** Every record of the file, Route 53's or not: given when asked for. */
  readonly recordCount?: number;
}

/**
 * The records that hold Route 53's name in a compact CloudTrail file (or in
 * several back to back), or undefined when the file must be parsed whole (the
 * shape is not the compact one, the name is outside every record, the text
 * ends inside a document). Records are cut at the bounds the structural walk
 * found (json-structure.ts), and the walk stops after the last of them (a
 * later document that is not compact, hiding one, makes the walk fail).
 * `countRecords` walks the whole file to count every record.
 *
 * A text `cut` short (what a damaged gzip file inflated before its damage, a
 * stream's bytes before a read error) is walked to its end; its records are
 * those that end before the cut, found by the same walk (never by what the
 * text after the last of them looks like), and always counted.
 */
export function fastRoute53Records(buf: Buffer, countRecords = false, cut = false): FastScan | undefined {
  if (cut) return cutRoute53Records(buf);
  if (!isCompactCloudTrail(buf) || !documentEndsBefore(buf, buf.length)) return undefined;
  const markers = markerSearch().offsets(buf);
  if (markers.length === 0 && !countRecords) return { records: [] };
  const walk = new CompactRecords(buf);
  try {
    return recordsAt(buf, markers, walk, countRecords);
  } finally {
    walk.release();
  }
}

/** fastRoute53Records of a text cut short: its whole records, the name in the one the cut is in ignored. */
function cutRoute53Records(buf: Buffer): FastScan | undefined {
  if (!isCompactCloudTrail(buf)) return undefined;
  const walk = new CompactRecords(buf);
  try {
    if (!walk.finishCut()) return undefined;
    const whole = walk.count === 0 ? -1 : walk.ends[walk.count - 1]!;
    const markers = markerSearch()
      .offsets(buf)
      .filter((m) => m < whole);
    const found = recordsAt(buf, markers, walk, false);
    return found === undefined ? undefined : { records: found.records, recordCount: walk.count };
  } finally {
    walk.release();
  }
}

/** fastRoute53Records' walk to the records holding `markers` (and on to the end when counting). */
function recordsAt(buf: Buffer, markers: readonly number[], walk: CompactRecords, countRecords: boolean): FastScan | undefined {
  const records: FastRecord[] = [];
  let index = 0;
  let next = 0;
  while (next < markers.length) {
    const marker = markers[next]!;
    if (!walk.reach(marker)) return undefined;
    const { starts, ends, count } = walk;
    while (index < count && ends[index]! < marker) index++;
    // The name outside every whole record: the text ends inside one, or the document has other members.
    if (index === count || starts[index]! > marker) return undefined;
    records.push({ text: buf.toString('utf8', starts[index], ends[index]! + 1), index });
    // The name again in the same record (in a nested value) adds nothing.
    while (next < markers.length && markers[next]! <= ends[index]!) next++;
  }
  if (!countRecords) return { records };
  return walk.finish() ? { records, recordCount: walk.count } : undefined;
}
