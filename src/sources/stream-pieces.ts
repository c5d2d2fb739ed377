/**
 * A stream (stdin, a pipe, a file too big to read at once) as pieces that are
 * each read like a file: gunzipped when the stream is gzip (members back to
 * back, as `cat *.json.gz` writes them, included), then cut between top-level
 * JSON values once a piece holds `pieceBytes` (see CutMode). Memory is then
 * bounded by the pieces in flight, not by the stream's length. A stream that
 * is not JSON (Athena's CSV, UTF-16 text) is not cut: it stays one piece.
 */
import { createGunzip } from 'node:zlib';
import { pipeline, Readable } from 'node:stream';
import { lastDocumentStart, isCompactCloudTrail } from './fast-records.js';
import { gunzipBeforeError } from './gunzip-damaged.js';
import { afterPaddingError } from './gunzip-reused.js';
import { STREAMED_FILE_BYTES } from './inputs.js';
import { countNewlines, TopLevelCuts } from './json-cuts.js';
import { isJsonBlank } from './json-values.js';
import { isGzip, MAX_TEXT_BYTES } from './scan.js';

/** Bytes a piece holds before it is cut at the next value's end (bigger pieces cost more in fresh memory pages than they save). */
export const PIECE_BYTES = 2 ** 20;

/** Whole top-level values of a stream, and where they start in it (after gunzip). */
export interface StreamPiece {
  /** In memory of its own (its buffer holds nothing else anyone uses), so a reader may move it to a worker. */
  readonly bytes: Buffer;
  /** 1-based line of the stream the piece starts on. */
  readonly line: number;
  /** The piece starts at the beginning of that line. */
  readonly atLineStart: boolean;
  /** The bytes read before the stream failed (its error follows): the last value may be cut short. */
  readonly partial?: true;
}

export interface StreamPieceOptions {
  readonly pieceBytes?: number;
  /** Told of every raw chunk read (before gunzip), for the bytes-read count. */
  readonly onRead?: (bytes: number) => void;
  /** Where pieces get their memory (by default, always fresh). */
  readonly memory?: PieceMemory;
}

/** Free buffers kept for pieces: about the pieces a scan has in flight. */
const FREE_BUFFERS = 8;
/** The most room to spare a new piece buffer gets. */
const SPARE_BYTES = 4 * 2 ** 20;

/**
 * Memory for pieces, used again once a piece has been scanned. Copying a
 * stream's bytes into fresh memory costs the first touch of every page (on
 * this project's VM, 0.16–0.6 s for 575 MB against 0.01–0.03 s into memory
 * already touched), and the copy is the main thread's, which is what a stream
 * waits on.
 */
export class PieceMemory {
  private readonly free: ArrayBuffer[] = [];

  /** `length` bytes that no one else holds: a buffer given back, or a new one with room to spare. */
  take(length: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const size = this.free[i]!.byteLength;
      if (size >= length && (best === -1 || size < this.free[best]!.byteLength)) best = i;
    }
    // Pieces differ in size by a file or so: a quarter more (at most 4 MiB: a piece holding one huge
    // value is as big as the value) lets most buffers serve again.
    const buffer = best === -1 ? Buffer.allocUnsafeSlow(length + Math.min(length >>> 2, SPARE_BYTES)).buffer : this.free.splice(best, 1)[0]!;
    return Buffer.from(buffer, 0, length);
  }

  /** A piece's memory, once nothing reads it any more (a buffer moved away, now empty, is ignored). */
  giveBack(bytes: Uint8Array): void {
    const buffer = bytes.buffer;
    if (buffer instanceof ArrayBuffer && buffer.byteLength > 0 && this.free.length < FREE_BUFFERS && !this.free.includes(buffer)) this.free.push(buffer);
  }
}

/** The source's chunks as Buffers (`onBuffer` is told of each). */
async function* asBuffers(source: AsyncIterable<Uint8Array | string>, onRead?: (bytes: number) => void, onBuffer?: (buf: Buffer) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    onRead?.(buf.length);
    if (buf.length === 0) continue;
    onBuffer?.(buf);
    yield buf;
  }
}

/** The first buffer (at least two bytes when the stream has them), and the rest. */
async function peek(it: AsyncIterator<Buffer>): Promise<{ head: Buffer; done: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < 2) {
    const n = await it.next();
    if (n.done === true) return { head: Buffer.concat(parts), done: true };
    parts.push(n.value);
    length += n.value.length;
  }
  return { head: parts.length === 1 ? parts[0]! : Buffer.concat(parts), done: false };
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>, done: boolean): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  if (done) return;
  for (let n = await rest.next(); n.done !== true; n = await rest.next()) yield n.value;
}

/**
 * A gzip stream's bytes kept, up to this many, to find its text again when
 * zlib fails: as many as a file read whole has (inputs.ts), so that a file
 * keeps the same records read either way.
 */
const SALVAGE_BYTES = STREAMED_FILE_BYTES;

/** The last bytes of a gzip stream kept to check that what zlib leaves unread is NUL padding. */
const TAIL_BYTES = 64 * 1024;

/**
 * The stream's bytes, gunzipped when they start with gzip's magic number.
 * Gunzip errors are thrown, after the text inflated before them. zlib's
 * stream drops the text of the write that fails (all of a small file's when
 * its trailer's check fails), so while the stream is small its bytes are
 * kept (references, not copies) and that text is found from them as a file's
 * is (gunzip-damaged.ts). Past SALVAGE_BYTES it is lost.
 */
async function* decoded(source: AsyncIterable<Uint8Array | string>, onRead?: (bytes: number) => void): AsyncGenerator<Buffer> {
  let kept: Buffer[] | undefined = [];
  let keptBytes = 0;
  // Every byte read, and the last TAIL_BYTES of them: what zlib leaves unread after the gzip data is checked there.
  // Only a gzip stream's: a plain one stops being watched once its first bytes tell.
  let gzip = true;
  let readBytes = 0;
  const tail: Buffer[] = [];
  let tailBytes = 0;
  const keep = (buf: Buffer) => {
    if (!gzip) return;
    readBytes += buf.length;
    tail.push(buf);
    tailBytes += buf.length;
    while (tailBytes - tail[0]!.length >= TAIL_BYTES) tailBytes -= tail.shift()!.length;
    if (kept === undefined) return;
    keptBytes += buf.length;
    if (keptBytes <= SALVAGE_BYTES) kept.push(buf);
    else kept = undefined;
  };
  const it = asBuffers(source, onRead, keep)[Symbol.asyncIterator]();
  const { head, done } = await peek(it);
  const bytes = prepend(head, it, done);
  if (!isGzip(head)) {
    gzip = false;
    kept = undefined;
    tail.length = 0;
    yield* bytes;
    return;
  }
  // Output in chunks of 256 KiB, not 16 KiB: each chunk costs a round through the event loop.
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  // pipeline, not pipe: a read error of the source must end the gunzip stream (with that error).
  pipeline(Readable.from(bytes), gunzip, () => {});
  let inflated = 0;
  try {
    for await (const chunk of gunzip) {
      inflated += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    // The input zlib did not read (bytesWritten counts what it read): after NUL padding, as a file read whole.
    const padding = afterPaddingError(Buffer.concat(tail, tailBytes), readBytes - gunzip.bytesWritten);
    if (padding !== undefined) throw padding;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    if (kept !== undefined && typeof code === 'string' && code.startsWith('Z_')) {
      const text = gunzipBeforeError(Buffer.concat(kept, keptBytes), MAX_TEXT_BYTES);
      if (text !== undefined && text.length > inflated) yield text.subarray(inflated);
    }
    throw err;
  }
}

/**
 * How a stream is cut: not at all (not JSON), between CloudTrail files
 * written back to back (found by search, fast), or after any top-level JSON
 * value (followed byte by byte: json-cuts.ts).
 */
type CutMode = 'undecided' | 'none' | 'documents' | 'values';

/** Bytes looked at to choose the mode. */
const HEAD_BYTES = 64;

/** A piece this many times the piece size without a document boundary: cut by following the JSON instead. */
const DOCUMENT_SEARCH_LIMIT = 8;

/** The buffers (`length` bytes in all) joined in memory of their own (never a slice of Node's shared pool). */
function ownedCopy(buffers: readonly Buffer[], length: number, memory: PieceMemory | undefined): Buffer {
  const out = memory !== undefined ? memory.take(length) : Buffer.allocUnsafeSlow(length);
  let at = 0;
  for (const b of buffers) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

function modeOf(head: Buffer): CutMode {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0; // a UTF-8 byte-order mark
  while (i < head.length && isJsonBlank(head[i])) i++;
  if (i === head.length) return 'undecided';
  if (head[i] !== 0x7b && head[i] !== 0x5b) return 'none'; // { [
  return isCompactCloudTrail(head.subarray(i)) ? 'documents' : 'values';
}

/**
 * The pieces of a byte stream. Gunzip errors (corrupt or truncated data) are
 * thrown after the pieces before them; a stream that is only whitespace is one
 * (blank) piece, so its reader reports it empty.
 */
export async function* streamPieces(source: AsyncIterable<Uint8Array | string>, options: StreamPieceOptions = {}): AsyncGenerator<StreamPiece> {
  const pieceBytes = options.pieceBytes ?? PIECE_BYTES;
  let mode: CutMode = 'undecided';
  const cuts = new TopLevelCuts();
  // The bytes not yet in a piece; they start at a top-level boundary.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** pending is one buffer allocated here, which no one else holds (a reader's chunk may share its memory). */
  let pendingOwned = false;
  /** Offset in the pending bytes just after the last top-level value seen ('values'), or -1. */
  let cutAt = -1;
  /** Pending bytes at which the next document search is made ('documents'). */
  let nextSearch = pieceBytes;
  let line = 1;
  let atLineStart = true;
  let emitted = 0;
  const joined = (): Buffer => {
    if (pending.length > 1) {
      pending = [ownedCopy(pending, pendingBytes, options.memory)];
      pendingOwned = true;
    }
    return pending[0] ?? Buffer.alloc(0);
  };
  // A piece gets memory of its own, so the scanner moves it to a worker instead of copying it
  // (on stdin that copy was a third of the main thread's time). Of a buffer allocated here, the
  // smaller part is copied out: the piece, or what stays pending; a reader's chunk (maybe a big
  // S3 object read whole) is never copied past the piece.
  const take = (end: number): StreamPiece => {
    const all = joined();
    const reuse = pendingOwned && end >= all.length - end;
    const bytes = reuse ? all.subarray(0, end) : ownedCopy([all.subarray(0, end)], end, options.memory);
    const piece: StreamPiece = { bytes, line, atLineStart };
    let rest = all.subarray(end);
    if (reuse && rest.length > 0) rest = ownedCopy([rest], rest.length, options.memory);
    line += countNewlines(piece.bytes, end);
    atLineStart = end > 0 ? all[end - 1] === 0x0a : atLineStart;
    pending = rest.length > 0 ? [rest] : [];
    pendingOwned = rest.length > 0 && (reuse || pendingOwned);
    pendingBytes = rest.length;
    cutAt = -1;
    nextSearch = pieceBytes;
    emitted++;
    return piece;
  };
  try {
    yield* cutWhileReading();
  } catch (err) {
    // What was read before the error is read too, as a file's records before its problem are.
    if (pending.some((b) => !b.every(isJsonBlank))) yield { ...take(pendingBytes), partial: true };
    throw err;
  }
  if (pendingBytes === 0 && emitted > 0) return;
  // What follows the last value: kept unless it is only blanks after other pieces (a trailing newline).
  const afterOthers = emitted > 0;
  const last = take(pendingBytes);
  if (afterOthers && last.bytes.every(isJsonBlank)) return;
  yield last;

  /** The pieces cut as the stream is read (the last one is left pending). */
  async function* cutWhileReading(): AsyncGenerator<StreamPiece> {
    for await (const buf of decoded(source, options.onRead)) {
      pending.push(buf);
      pendingBytes += buf.length;
      pendingOwned = false; // a reader's chunk is among the pending bytes now
      if (mode === 'undecided') {
        if (pendingBytes < HEAD_BYTES) continue;
        mode = modeOf(joined());
        if (mode === 'values') cutAt = cuts.feed(joined());
      } else if (mode === 'values') {
        const end = cuts.feed(buf);
        if (end >= 0) cutAt = pendingBytes - buf.length + end;
      }
      // At most one piece per buffer read: a piece may hold more than pieceBytes.
      if (mode === 'values') {
        if (pendingBytes >= pieceBytes && cutAt > 0) yield take(cutAt);
      } else if (mode === 'documents' && pendingBytes >= nextSearch) {
        const open = lastDocumentStart(joined());
        if (open > 0) yield take(open);
        else if (pendingBytes < DOCUMENT_SEARCH_LIMIT * pieceBytes) nextSearch = 2 * pendingBytes;
        else {
          // Not CloudTrail files back to back after all (say, a pretty-printed one follows): follow the JSON.
          mode = 'values';
          const end = cuts.feed(joined());
          if (end >= 0) yield take(end);
        }
      }
    }
  }
}

/**
 * A reader's problem in a piece, its positions made the stream's. Positions
 * are written "line L, column C" (describePosition); on the piece's first
 * line, a piece that starts mid-line counts columns from where it starts.
 */
export function streamProblem(problem: string, piece: Pick<StreamPiece, 'line' | 'atLineStart'>): string {
  if (piece.line === 1 && piece.atLineStart) return problem;
  return problem.replace(/\bline (\d+), column (\d+)/g, (_, l: string, c: string) => {
    const n = Number(l);
    const column = n === 1 && !piece.atLineStart ? `${c} counted from the end of the value before it` : c;
    return `line ${n + piece.line - 1}, column ${column}`;
  });
}
