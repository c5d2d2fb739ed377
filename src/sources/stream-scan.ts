/**
 * Scanning a stream piece by piece (stream-pieces.ts): each piece goes to the
 * scanner like a file's bytes, a few at a time so the threads share the work,
 * and the pieces' outcomes are put back together into the stream's, in order:
 * a record's position counts the records of the pieces before it. Memory is
 * bounded by the pieces in flight, not by the stream's length.
 */
import { AFTER_PADDING } from './gunzip-reused.js';
import { describeFsError } from './inputs.js';
import { gzipProblem, type IndexedRecord, type ScanOutcome } from './scan.js';
import { PieceMemory, streamPieces, streamProblem, type StreamPiece } from './stream-pieces.js';
import { scanSource, type Scanner } from './worker-pool.js';

/** Where a piece starts in the stream (for its problems' positions). */
type PiecePlace = Pick<StreamPiece, 'line' | 'atLineStart' | 'partial'>;

export interface StreamScanOptions {
  /** Bytes a piece holds before it is cut (stream-pieces.ts's PIECE_BYTES by default). */
  readonly pieceBytes?: number;
}

/** A piece's scan option: the last piece before a read error is cut short. */
const cutShort = (place: PiecePlace) => (place.partial === true ? { cut: true } : {});

/**
 * Takes a stream's Route 53 records as each piece is scanned (positions count
 * the pieces before), so that a long stream's records need not all be held
 * until its end; returns why the stream stops there (a record text that does
 * not parse), or undefined.
 */
export interface PieceSink {
  take(records: readonly IndexedRecord[], texts: readonly { readonly text: string; readonly index: number }[] | undefined): string | undefined;
}

/**
 * The outcome of a whole stream, and the bytes read from it (before gunzip).
 * With a sink, the records go to it piece by piece and the outcome holds none.
 */
export async function scanStream(
  source: AsyncIterable<Uint8Array | string>,
  name: string,
  scanner: Scanner,
  options: StreamScanOptions = {},
  sink?: PieceSink,
): Promise<{ outcome: ScanOutcome; bytes: number }> {
  let bytesRead = 0;
  let inflated = 0;
  let recordsBefore = 0;
  let format: ScanOutcome['format'];
  let problem: string | undefined;
  let readError: string | undefined;
  let gunzipError: unknown;
  let digest = false;
  const records: IndexedRecord[] = [];
  const recordTexts: { text: string; index: number }[] = [];
  const add = (outcome: ScanOutcome, piece: PiecePlace) => {
    if (problem !== undefined) return; // a piece after a problem: its positions are not known
    inflated += outcome.inflated;
    digest ||= outcome.digest === true;
    format ??= outcome.format;
    const shift = recordsBefore;
    recordsBefore += outcome.recordCount ?? 0;
    const pieceRecords = outcome.records.map((r) => ({ record: r.record, index: r.index + shift }));
    const pieceTexts = outcome.recordTexts?.map((t) => ({ text: t.text, index: t.index + shift }));
    if (sink !== undefined) {
      // A text that does not parse ends the stream there, as it ends a file (its message names the record).
      problem = sink.take(pieceRecords, pieceTexts);
      if (problem !== undefined) return;
    } else {
      for (const r of pieceRecords) records.push(r);
      for (const t of pieceTexts ?? []) recordTexts.push(t);
    }
    // In the bytes read before a read error, a value cut short is the error's doing: that is reported.
    if (outcome.problem !== undefined && piece.partial !== true) problem = streamProblem(outcome.problem, piece);
  };
  // Pieces scanned at once: enough to keep the threads busy, few enough to bound memory.
  const window = scanner.capacity > 1 ? 4 : 1;
  const inFlight: Promise<[ScanOutcome, PiecePlace]>[] = [];
  // Only the piece's position is kept with its scan: its bytes are given up (moved to a worker), and
  // their memory serves again once scanned (moved back, or still here when scanned on this thread).
  const memory = new PieceMemory();
  // The last piece before a read error ends where reading stopped: read as cut short (ScanOptions.cut).
  const send = ({ bytes, ...place }: StreamPiece) =>
    inFlight.push(
      scanner.scan({ bytes, countRecords: true, ...cutShort(place), transfer: true, onReturn: (back) => memory.giveBack(back) }, name).then((o) => {
        memory.giveBack(bytes);
        return [o, place];
      }),
    );
  // The first piece waits for a second: a stream that is one piece (most stdin) is scanned
  // on this thread, as a small file is, without starting a worker for it.
  let first: StreamPiece | undefined;
  let pieces = 0;
  try {
    for await (const piece of streamPieces(source, { ...options, memory, onRead: (n) => (bytesRead += n) })) {
      if (++pieces === 1) {
        first = piece;
        continue;
      }
      if (first !== undefined) send(first);
      first = undefined;
      send(piece);
      if (inFlight.length >= window) add(...(await inFlight.shift()!));
      if (problem !== undefined) break;
    }
  } catch (err) {
    // Reported after the pieces read before it, which are kept.
    const code = (err as NodeJS.ErrnoException)?.code;
    if (typeof code === 'string' && (code.startsWith('Z_') || code === AFTER_PADDING)) gunzipError = err;
    else readError = `cannot read: ${describeFsError(err)}`;
  }
  for (const p of inFlight.splice(0)) add(...(await p));
  if (first !== undefined) add(scanSource({ bytes: first.bytes, countRecords: true, ...cutShort(first) }, name), first);
  // A gzip problem says how many records were read before it (and kept), as a file's does.
  if (gunzipError !== undefined) readError = gzipProblem(gunzipError, { bytes: inflated, records: recordsBefore });
  problem ??= readError;
  const outcome: ScanOutcome = {
    inflated,
    records,
    ...(format !== undefined ? { format } : {}),
    ...(recordTexts.length > 0 ? { recordTexts } : {}),
    ...(digest ? { digest: true } : {}),
    ...(problem !== undefined ? { problem } : {}),
  };
  return { outcome, bytes: bytesRead };
}
