/**
 * Streams read in pieces: the pieces put back together are the stream, each
 * piece holds whole top-level values, and reading a stream piece by piece
 * gives the same records, positions and problems as reading it whole.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { jsonValues } from '../../src/sources/json-values.js';
import { PieceMemory, streamPieces, streamProblem, type StreamPiece } from '../../src/sources/stream-pieces.js';
import { TopLevelCuts } from '../../src/sources/json-cuts.js';

/** `bytes` cut at the given fractions, as a stream delivers them. */
function chunked(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const a of [...at, bytes.length]) {
    if (a > from) out.push(bytes.subarray(from, a));
    from = Math.max(from, a);
  }
  return out;
}

async function* source(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  for (const c of chunks) yield c;
}

/** The pieces put back together are the stream, but for blanks after its last value. */
function expectWhole(got: readonly StreamPiece[], bytes: Buffer): void {
  const joined = Buffer.concat(got.map((p) => p.bytes));
  expect(bytes.subarray(0, joined.length).equals(joined)).toBe(true);
  expect(bytes.subarray(joined.length).toString('latin1')).toMatch(/^\s*$/);
}

async function pieces(chunks: readonly Buffer[], pieceBytes: number): Promise<StreamPiece[]> {
  const out: StreamPiece[] = [];
  for await (const p of streamPieces(source(chunks), { pieceBytes })) out.push(p);
  return out;
}

const values = (text: string) => [...jsonValues(text)].map((v) => v.value);
const arbCuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });
const arbBlank = fc.constantFrom('', '\n', ' ', '\r\n', '\n\n\t');

describe('streamPieces', () => {
  it('cuts any JSON values back to back only between values, whatever the chunks', async () => {
    let cutRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.boolean(), arbBlank), { minLength: 1, maxLength: 8 }),
        arbCuts,
        fc.integer({ min: 1, max: 64 }),
        async (list, cuts, pieceBytes) => {
          // Scalars back to back need a blank between them; objects and arrays do not.
          const text = list.map(([v, pretty, blank]) => JSON.stringify(v, null, pretty ? 2 : 0) + (blank === '' ? ' ' : blank)).join('');
          const bytes = Buffer.from(text);
          const got = await pieces(chunked(bytes, cuts), pieceBytes);
          if (got.length > 1) cutRuns++;
          expectWhole(got, bytes);
          expect(got.flatMap((p) => values(p.bytes.toString('utf8')))).toEqual(list.map(([v]) => JSON.parse(JSON.stringify(v)) as unknown));
          // Each piece knows the stream line it starts on.
          let line = 1;
          for (const p of got) {
            expect(p.line).toBe(line);
            line += p.bytes.toString('latin1').split('\n').length - 1;
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(cutRuns).toBeGreaterThan(30); // the law was checked on streams actually cut
  });

  it('cuts CloudTrail files written back to back at their boundaries, even among pretty-printed ones', async () => {
    const arbDoc = fc.tuple(
      fc.array(fc.record({ eventVersion: fc.constant('1.09'), eventID: fc.uuid(), note: fc.string({ maxLength: 30 }) }), { minLength: 1, maxLength: 4 }),
      fc.boolean(),
    );
    let cutRuns = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(arbDoc, arbBlank), { minLength: 1, maxLength: 6 }), arbCuts, fc.integer({ min: 1, max: 400 }), async (docs, cuts, pieceBytes) => {
        // The first document is compact, as delivered; later ones may be pretty-printed.
        const text = docs.map(([[records, pretty], blank], i) => JSON.stringify({ Records: records }, null, pretty && i > 0 ? 2 : 0) + blank).join('');
        const bytes = Buffer.from(text);
        const got = await pieces(chunked(bytes, cuts), pieceBytes);
        if (got.length > 1) cutRuns++;
        expectWhole(got, bytes);
        expect(got.flatMap((p) => values(p.bytes.toString('utf8')))).toEqual(docs.map(([[records]]) => ({ Records: records })));
      }),
      { numRuns: 200 },
    );
    expect(cutRuns).toBeGreaterThan(20);
  });

  it('gives each piece memory of its own: moving each away as it comes, and using its memory again, leaves the rest of the stream and the reader\'s chunks intact', async () => {
    const arbDoc = fc.array(fc.record({ eventVersion: fc.constant('1.09'), eventID: fc.uuid(), note: fc.string({ maxLength: 40 }) }), { minLength: 1, maxLength: 4 });
    let moved = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(arbDoc, arbBlank), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        arbCuts,
        fc.integer({ min: 1, max: 400 }),
        fc.boolean(),
        async (docs, jsonLines, cuts, pieceBytes, recycle) => {
          // CloudTrail files back to back (cut by search), or JSON Lines (cut by following the JSON).
          const text = jsonLines
            ? docs.flatMap(([records]) => records.map((r) => JSON.stringify(r) + '\n')).join('')
            : docs.map(([records, blank]) => JSON.stringify({ Records: records }) + blank).join('');
          const bytes = Buffer.from(text);
          // One chunk for the whole text (an S3 object read whole) or many.
          const chunks = cuts.length === 0 ? [Buffer.from(bytes)] : chunked(Buffer.from(bytes), cuts);
          const lengths = chunks.map((c) => c.length);
          const copies: Buffer[] = [];
          // Memory given back as soon as a piece is read serves the next pieces: it must be the piece's alone.
          const memory = recycle ? new PieceMemory() : undefined;
          for await (const p of streamPieces(source(chunks), { pieceBytes, ...(memory !== undefined ? { memory } : {}) })) {
            copies.push(Buffer.from(p.bytes));
            // What the scanner does with a piece it sends to a worker: its whole buffer moves (and comes back).
            const back = structuredClone(p.bytes, { transfer: [p.bytes.buffer as ArrayBuffer] });
            expect(p.bytes.buffer.byteLength).toBe(0);
            memory?.giveBack(back.fill(0x7b)); // scribbled on: a piece still sharing it would show
            moved++;
          }
          expectWhole(copies.map((bytes) => ({ bytes, line: 1, atLineStart: true })), bytes);
          expect(chunks.map((c) => c.length)).toEqual(lengths);
        },
      ),
      { numRuns: 200 },
    );
    expect(moved).toBeGreaterThan(200);
  });

  it('gunzips, gzip members back to back included (`cat *.json.gz`)', async () => {
    const a = '{"Records":[{"eventVersion":"1.09","eventID":"a"}]}';
    const b = '{"Records":[{"eventVersion":"1.09","eventID":"b"}]}\n';
    const got = await pieces(chunked(Buffer.concat([gzipSync(a), gzipSync(b)]), [0.3, 0.5]), 10);
    expect(got.map((p) => p.bytes.toString())).toEqual([a, b]);
  });

  it('leaves text that is not JSON whole (CSV), and a blank stream one blank piece', async () => {
    const csv = Buffer.from('eventversion,useridentity\n"1.09","{}"\n'.repeat(20));
    expect((await pieces(chunked(csv, [0.1, 0.5]), 8)).map((p) => p.bytes.length)).toEqual([csv.length]);
    expect((await pieces([Buffer.from('  \n')], 1)).map((p) => p.bytes.toString())).toEqual(['  \n']);
    // A trailing newline after the last value is not a piece of its own (its reader would call it empty).
    const lines = await pieces(Array.from({ length: 10 }, () => Buffer.from('{"a":1}\n'.repeat(8))), 1);
    expect(lines.map((p) => p.bytes.toString())).toEqual(['{"a":1}\n'.repeat(8).slice(0, -1), ...Array<string>(9).fill('\n' + '{"a":1}\n'.repeat(8).slice(0, -1))]);
  });

  it('gives up cutting after a bracket that closes nothing, keeping the rest whole', () => {
    const cuts = new TopLevelCuts();
    expect(cuts.feed(Buffer.from('{"a":"}"}'))).toBe(9);
    expect(cuts.feed(Buffer.from(']{"b":1}'))).toBe(-1);
    expect(cuts.broken).toBe(true);
  });

  it('carries a string and an escape across buffers', () => {
    const cuts = new TopLevelCuts();
    expect(cuts.feed(Buffer.from('{"a":"x\\'))).toBe(-1);
    expect(cuts.feed(Buffer.from('"}"}'))).toBe(4);
  });
});

describe('streamProblem', () => {
  it('makes a piece\'s positions the stream\'s', () => {
    const at = { line: 120, atLineStart: false };
    expect(streamProblem('invalid JSON at line 3, column 7: unexpected end', at)).toBe('invalid JSON at line 122, column 7: unexpected end');
    expect(streamProblem('invalid JSON at line 1, column 7: x', at)).toBe('invalid JSON at line 120, column 7 counted from the end of the value before it: x');
    expect(streamProblem('invalid JSON at line 1, column 7: x', { line: 1, atLineStart: true })).toBe('invalid JSON at line 1, column 7: x');
  });
});
