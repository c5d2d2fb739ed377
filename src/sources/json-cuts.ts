/**
 * Where a byte stream of JSON values can be cut without splitting a value:
 * just after a top-level object or array closes. A stream (stdin, a pipe, a
 * file too big to read at once) is cut there into pieces of about 1 MiB, each
 * read like a file, so memory is bounded by the piece size (or by the stream's
 * largest single value), not by the stream's length.
 *
 * The cutter follows JSON's structure byte by byte, carrying its state from
 * one buffer to the next: the nesting depth, whether it is inside a string,
 * and whether the previous byte was an escaping backslash. It does not
 * validate: invalid JSON is reported by the reader of the piece. A closing
 * bracket with nothing open makes it give up cutting (`broken`), so the rest
 * of the stream stays one piece and its error positions stay exact.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/** Carries the cutter's state across the buffers of one stream. */
export class TopLevelCuts {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** A closing bracket came with nothing open: no more cuts. */
  broken = false;

  /**
   * Reads the next buffer of the stream; returns the offset just after the
   * last top-level value that ends in it, or -1 when none does.
   */
  feed(buf: Uint8Array): number {
    let last = -1;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    const n = buf.length;
    let i = 0;
    while (i < n) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i++;
        }
        // Most bytes are string content: a tight loop to the next quote or backslash.
        let c = 0;
        while (i < n && (c = buf[i]!) !== QUOTE && c !== BACKSLASH) i++;
        if (i === n) break;
        if (c === BACKSLASH) escaped = true;
        else inString = false;
        i++;
        continue;
      }
      const c = buf[i++]!;
      if (c === QUOTE) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++; // { [
      else if (c === 0x7d || c === 0x5d) {
        // } ]
        depth--;
        if (depth === 0 && !this.broken) last = i;
        else if (depth < 0) this.broken = true;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return this.broken ? -1 : last;
  }
}

/** Newlines in the first `end` bytes of a buffer (for the line a piece starts at). */
export function countNewlines(buf: Uint8Array, end: number): number {
  let count = 0;
  const b = Buffer.from(buf.buffer, buf.byteOffset, end);
  for (let i = b.indexOf(NEWLINE); i !== -1; i = b.indexOf(NEWLINE, i + 1)) count++;
  return count;
}
