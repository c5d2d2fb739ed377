/**
 * Where the records of compact CloudTrail documents start and end, found by
 * following the JSON's structure: strings, escapes and nesting. The fast path
 * (fast-records.ts) cuts out and numbers records by these bounds, never by
 * what their text looks like: a record-like object nested in another
 * service's request parameters is inside a record, so it is neither counted
 * nor taken for a Route 53 record, whatever its text.
 *
 * The walk runs in WebAssembly SIMD (json-structure.wat, about 5 GB/s here),
 * 64 KiB at a time, only as far as the records asked for. A byte-by-byte
 * JavaScript twin with the same semantics (about 1 GB/s) stands in where
 * WebAssembly cannot run; tests hold the two to the same entries.
 */
import { JSON_STRUCTURE_WASM } from './json-structure-wasm.js';
import { wasmExports } from './wasm-instance.js';

/** The most bytes walked per call (the .wat's input area). */
export const STRUCTURE_CHUNK = 0x40000;
/** Where the .wat writes its entries. */
const OUT = 0x40100;

/** The kinds of an entry, `(position << 2) | kind` (see json-structure.wat). */
const RECORD_START = 0;
const RECORD_END = 1;
const MEMBER_ARRAY_OPEN = 2;
const MEMBER_ARRAY_CLOSE = 3;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;

/**
 * Walks a buffer in order, chunk by chunk, carrying its state. Each call
 * returns the entries of `buf[offset, offset + length)`, a view valid until
 * the next call. `length` is at most STRUCTURE_CHUNK and a multiple of 64,
 * except for the buffer's last chunk.
 */
export interface StructureWalker {
  readonly kind: 'wasm' | 'script';
  reset(): void;
  walkChunk(buf: Uint8Array, offset: number, length: number): Uint32Array;
  /** The nesting depth after the last chunk walked. */
  depth(): number;
}

interface StructureExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  reset(): void;
  depth(): number;
  walk(len: number, base: number): number;
}

class WasmStructureWalker implements StructureWalker {
  readonly kind = 'wasm';
  private readonly bytes: Uint8Array;
  private readonly entries: Uint32Array;

  constructor(private readonly exports: StructureExports) {
    this.bytes = new Uint8Array(exports.memory.buffer);
    this.entries = new Uint32Array(exports.memory.buffer, OUT);
  }

  reset(): void {
    this.exports.reset();
  }

  depth(): number {
    return this.exports.depth();
  }

  walkChunk(buf: Uint8Array, offset: number, length: number): Uint32Array {
    const len = Math.min(length, buf.length - offset);
    this.bytes.set(buf.subarray(offset, offset + len), 0);
    // The walk reads whole 64-byte blocks; zeros are not structural.
    const padded = (len + 63) & ~63;
    this.bytes.fill(0, len, padded);
    return this.entries.subarray(0, this.exports.walk(padded, offset));
  }
}

/**
 * The same walk byte by byte. As in the .wat, a backslash that is not itself
 * escaped escapes the next byte wherever it is (in valid JSON, only in strings),
 * and an escaped byte matters only when it is a quote.
 */
class ScriptStructureWalker implements StructureWalker {
  readonly kind = 'script';
  private nesting = 0;
  private memberArray = false;
  private inString = false;
  private escaped = false;
  private readonly entries = new Uint32Array(STRUCTURE_CHUNK);

  reset(): void {
    this.nesting = 0;
    this.memberArray = false;
    this.inString = false;
    this.escaped = false;
  }

  walkChunk(buf: Uint8Array, offset: number, length: number): Uint32Array {
    const end = Math.min(offset + length, buf.length);
    const entries = this.entries;
    let n = 0;
    let depth = this.nesting;
    let { memberArray, inString, escaped } = this;
    for (let i = offset; i < end; i++) {
      const c = buf[i]!;
      const isEscaped = escaped;
      escaped = c === BACKSLASH && !isEscaped;
      if (c === QUOTE) {
        if (!isEscaped) inString = !inString;
        continue;
      }
      if (inString) continue;
      if (c === 0x7b || c === 0x5b) {
        if (depth === 1) {
          memberArray = c === 0x5b;
          if (memberArray) entries[n++] = (i << 2) | MEMBER_ARRAY_OPEN;
        } else if (depth === 2 && memberArray && c === 0x7b) {
          entries[n++] = (i << 2) | RECORD_START;
        }
        depth++;
      } else if (c === CLOSE_BRACE || c === 0x5d) {
        depth--;
        if (memberArray && depth === 2) entries[n++] = (i << 2) | RECORD_END;
        else if (memberArray && depth === 1) entries[n++] = (i << 2) | MEMBER_ARRAY_CLOSE;
      }
    }
    this.nesting = depth;
    this.memberArray = memberArray;
    this.inString = inString;
    this.escaped = escaped;
    // `<<` made positions at or past 2^29 negative as int32; the Uint32Array stores them as intended.
    return entries.subarray(0, n);
  }

  depth(): number {
    return this.nesting;
  }
}

/** The WebAssembly walker, or undefined where this Node cannot run it (no SIMD, --jitless). */
export function wasmStructureWalker(): StructureWalker | undefined {
  const exports = wasmExports<StructureExports>(JSON_STRUCTURE_WASM);
  return exports === undefined ? undefined : new WasmStructureWalker(exports);
}

export function scriptStructureWalker(): StructureWalker {
  return new ScriptStructureWalker();
}

let shared: StructureWalker | undefined;

/** This thread's walker: WebAssembly when it runs, else the script. */
export function structureWalker(): StructureWalker {
  return (shared ??= wasmStructureWalker() ?? scriptStructureWalker());
}

const RECORDS_KEY = Buffer.from('{"Records":');

/** The bound arrays of the last walk released on this thread, for the next (see CompactRecords.release). */
let spareBounds: { starts: Uint32Array; ends: Uint32Array } | undefined;
/** Bound arrays kept for the next walk hold up to this many records (256 KiB each). */
const MAX_SPARE_BOUNDS = 65_536;

/**
 * The records of the compact CloudTrail documents in a buffer (one, or
 * several back to back), walked only as far as asked: `starts[i]` is the
 * offset of record i's `{`, `ends[i]` of its `}`, counting on across
 * documents. The walk fails (`reach` and `finish` return false) where the
 * text is not in the compact delivery shape, so that only a full parse can
 * number its records: a member array other than `{"Records":[`, a record
 * that is not an object, anything but one comma between records.
 *
 * The walker carries the state of one walk: by default this thread's, so one
 * CompactRecords is walked at a time (the fast path's are, synchronously).
 */
export class CompactRecords {
  starts: Uint32Array;
  ends: Uint32Array;
  count = 0;
  private walked = 0;
  private failed: boolean;
  private inArray = false;
  private inRecord = false;
  // Where the next record may start, and where the array may close: -1 for nowhere.
  private nextStart = -1;
  private closeAt = -1;

  /** `walker` and `chunkBytes` are for tests. */
  constructor(
    private readonly buf: Uint8Array,
    private readonly walker = structureWalker(),
    private readonly chunkBytes = 64 * 1024,
  ) {
    // Entries hold positions in 30 bits.
    this.failed = buf.length >= 2 ** 30;
    walker.reset();
    const bounds = spareBounds ?? { starts: new Uint32Array(1024), ends: new Uint32Array(1024) };
    spareBounds = undefined;
    this.starts = bounds.starts;
    this.ends = bounds.ends;
  }

  /**
   * Done with this walk: its arrays go to the thread's next one (`starts` and
   * `ends` must not be read after). Typed arrays made anew for each of
   * thousands of files cost an allocation and fresh pages each.
   */
  release(): void {
    if (this.starts.length <= MAX_SPARE_BOUNDS) spareBounds = { starts: this.starts, ends: this.ends };
  }

  /** Walks on until the record holding `offset` (or the first after it) has ended, or to the end of the buffer. */
  reach(offset: number): boolean {
    while (!this.failed && this.walked < this.buf.length && (this.count === 0 || this.ends[this.count - 1]! < offset)) this.walkChunk();
    return !this.failed;
  }

  /** Walks to the end; true when every record is counted: the text is compact documents, whole. */
  finish(): boolean {
    return this.finishCut() && !this.inArray && this.walker.depth() === 0;
  }

  /**
   * Walks to the end of a text cut short (the first part of compact
   * documents, as a damaged gzip file inflates); true when it is that: every
   * record that ends before the cut is counted, the one the cut is in is not.
   * The walk follows strings and nesting from the text's start, so a cut
   * inside a string or a nested object ends no record.
   */
  finishCut(): boolean {
    while (!this.failed && this.walked < this.buf.length) this.walkChunk();
    return !this.failed;
  }

  private walkChunk(): void {
    const { buf } = this;
    const entries = this.walker.walkChunk(buf, this.walked, this.chunkBytes);
    this.walked += this.chunkBytes;
    let { count, inArray, inRecord, nextStart, closeAt } = this;
    for (let k = 0; k < entries.length; k++) {
      const entry = entries[k]!;
      const pos = entry >>> 2;
      switch (entry & 3) {
        case MEMBER_ARRAY_OPEN:
          if (inArray || pos < RECORDS_KEY.length || !RECORDS_KEY.equals(buf.subarray(pos - RECORDS_KEY.length, pos))) return this.fail();
          inArray = true;
          nextStart = closeAt = pos + 1;
          break;
        case RECORD_START:
          if (!inArray || inRecord || pos !== nextStart) return this.fail();
          if (count === this.starts.length) this.grow();
          this.starts[count] = pos;
          inRecord = true;
          break;
        case RECORD_END:
          if (!inRecord || buf[pos] !== CLOSE_BRACE) return this.fail();
          this.ends[count++] = pos;
          inRecord = false;
          if (buf[pos + 1] === COMMA) {
            nextStart = pos + 2;
            closeAt = -1;
          } else {
            nextStart = -1;
            closeAt = pos + 1;
          }
          break;
        case MEMBER_ARRAY_CLOSE:
          if (inRecord || pos !== closeAt) return this.fail();
          inArray = false;
          break;
      }
    }
    Object.assign(this, { count, inArray, inRecord, nextStart, closeAt });
  }

  private fail(): void {
    this.failed = true;
  }

  private grow(): void {
    const starts = new Uint32Array(this.starts.length * 2);
    const ends = new Uint32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}
