/**
 * The structural walk that bounds the records of compact CloudTrail files:
 * the WebAssembly walker and its JavaScript twin give the same entries on any
 * bytes, however the buffer is chunked; the bounds cut out exactly the
 * records a full parse sees; anything but the compact shape is declined.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CompactRecords,
  STRUCTURE_CHUNK,
  scriptStructureWalker,
  structureWalker,
  wasmStructureWalker,
  type StructureWalker,
} from '../../src/sources/json-structure.js';

/** Every entry of a walk over `buf`, chunk by chunk. */
function entries(walker: StructureWalker, buf: Uint8Array, chunk: number): number[] {
  walker.reset();
  const all: number[] = [];
  for (let offset = 0; offset < buf.length; offset += chunk) all.push(...walker.walkChunk(buf, offset, chunk));
  return all;
}

/** The records of the whole buffer, or undefined when the walk declines it. */
function compactRecords(buf: Uint8Array, walker?: StructureWalker, chunk?: number): CompactRecords | undefined {
  const walk = new CompactRecords(buf, walker, chunk);
  return walk.finish() ? walk : undefined;
}

const wasm = wasmStructureWalker();
const arbChunk = fc.constantFrom(64, 128, 192, STRUCTURE_CHUNK);

/** Records that stress the walk: strings full of quotes, backslashes and brackets; nesting; record-like objects. */
const arbRecord = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
  fc.record({
    eventVersion: fc.constant('1.09'),
    s: fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', 'a', '\u00e9', '\n'), maxLength: 80 }),
    nested: fc.constant([{ a: 1 }, { eventVersion: '1.0', eventSource: 'route53.amazonaws.com' }]),
  }),
);

describe('the structural walk', () => {
  it('runs as WebAssembly on this Node (the JavaScript twin is only a stand-in)', () => {
    expect(wasm).toBeDefined();
    expect(structureWalker().kind).toBe('wasm');
  });

  it('gives the same entries in WebAssembly and JavaScript, on any bytes and any chunking', () => {
    if (wasm === undefined) throw new Error('no WebAssembly walker');
    const script = scriptStructureWalker();
    const arbBytes = fc.oneof(
      // Byte soup from JSON's structural characters: invalid JSON, unbalanced, backslashes anywhere.
      fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', 'a', ' '), maxLength: 600 }).map((s) => Buffer.from(s)),
      fc.array(arbRecord, { maxLength: 8 }).map((records) => Buffer.from(JSON.stringify({ Records: records }))),
    );
    fc.assert(
      fc.property(arbBytes, arbChunk, (buf, chunk) => {
        expect(entries(wasm, buf, chunk)).toEqual(entries(script, buf, chunk));
        expect(wasm.depth()).toBe(script.depth());
      }),
      { numRuns: 400 },
    );
  });

  it('finds a string or an escape that runs across chunks', () => {
    if (wasm === undefined) throw new Error('no WebAssembly walker');
    // For some of these lengths a backslash is a chunk's last byte: what it escapes is in the next chunk.
    for (let at = 50; at < 70; at++) {
      const value = `${'x'.repeat(at - 14)}\\"}{][`;
      const text = JSON.stringify({ Records: [{ v: value }, { w: 1 }] });
      for (const walker of [wasm, scriptStructureWalker()]) {
        const found = compactRecords(Buffer.from(text), walker, 64);
        expect(found?.count).toBe(2);
        expect(JSON.parse(text.slice(found!.starts[0], found!.ends[0]! + 1))).toEqual({ v: value });
      }
    }
  });
});

describe('compactRecords', () => {
  it('bounds exactly the records of compact documents back to back, with either walker and any chunking', () => {
    const walkers = [wasm ?? scriptStructureWalker(), scriptStructureWalker()];
    fc.assert(
      fc.property(fc.array(fc.array(arbRecord, { maxLength: 6 }), { minLength: 1, maxLength: 3 }), fc.constantFrom('', '\n'), arbChunk, fc.nat(1), (docs, blank, chunk, w) => {
        const text = docs.map((records) => JSON.stringify({ Records: records })).join(blank);
        const buf = Buffer.from(text);
        const found = compactRecords(buf, walkers[w], chunk);
        expect(found).toBeDefined();
        // As JSON gives them back (-0 becomes 0).
        const all = docs.flat().map((record) => JSON.parse(JSON.stringify(record)) as unknown);
        expect(found!.count).toBe(all.length);
        for (let i = 0; i < all.length; i++) expect(JSON.parse(buf.toString('utf8', found!.starts[i], found!.ends[i]! + 1))).toEqual(all[i]);
      }),
      { numRuns: 300 },
    );
  });

  it('walks only as far as asked', () => {
    const records = Array.from({ length: 50_000 }, (_, i) => ({ eventVersion: '1.09', i }));
    const buf = Buffer.from(JSON.stringify({ Records: records }));
    const walk = new CompactRecords(buf);
    expect(walk.reach(100)).toBe(true);
    expect(walk.count).toBeGreaterThan(0);
    expect(walk.count).toBeLessThan(records.length);
    expect(walk.ends[walk.count - 1]).toBeGreaterThanOrEqual(100);
    expect(walk.finish()).toBe(true);
    expect(walk.count).toBe(records.length);
  });

  it("gives a released walk's arrays to the next walk, never to one still in use", () => {
    const big = Buffer.from(JSON.stringify({ Records: Array.from({ length: 3000 }, (_, i) => ({ eventVersion: '1.09', i })) }));
    const small = Buffer.from(JSON.stringify({ Records: [{ eventVersion: '1.09', i: 'a' }, { eventVersion: '1.09', i: 'b' }] }));
    const first = new CompactRecords(big);
    expect(first.finish()).toBe(true);
    const grown = first.starts;
    expect(grown.length).toBeGreaterThanOrEqual(3000);
    // Alive at once: each has its own arrays.
    const second = new CompactRecords(small);
    expect(second.starts).not.toBe(grown);
    first.release();
    const third = new CompactRecords(small);
    expect(third.starts).toBe(grown);
    // Stale bounds of the big walk beyond `count` do not leak into the small one's records.
    expect(third.finish()).toBe(true);
    expect(third.count).toBe(2);
    expect(JSON.parse(small.toString('utf8', third.starts[1], third.ends[1]! + 1))).toEqual({ eventVersion: '1.09', i: 'b' });
    third.release();
  });

  it('declines what only a full parse can number', () => {
    const record = { eventVersion: '1.09', eventSource: 'route53.amazonaws.com' };
    for (const text of [
      JSON.stringify({ Records: [record, record] }, null, 2), // pretty-printed
      JSON.stringify({ Records: [record], Other: [record] }), // a second member array
      JSON.stringify({ Records: [1, record] }), // a record that is not an object
      JSON.stringify({ Records: [[record], record] }),
      `{"Records":[${JSON.stringify(record)}, ${JSON.stringify(record)}]}`, // a blank between records
      `{"Records":[${JSON.stringify(record)},]}`, // a trailing comma
      `{"Logs":[${JSON.stringify(record)}]}`,
    ]) {
      expect(compactRecords(Buffer.from(text)), text).toBeUndefined();
    }
    // Cut off: the records before are found, but not every record is counted.
    const cut = new CompactRecords(Buffer.from(JSON.stringify({ Records: [record, record] }).slice(0, -1)));
    expect(cut.reach(Infinity)).toBe(true);
    expect(cut.count).toBe(2);
    expect(cut.finish()).toBe(false);
  });

  it('bounds exactly the records that end before a cut, wherever the text is cut, with either walker and any chunking', () => {
    const walkers = [wasm ?? scriptStructureWalker(), scriptStructureWalker()];
    fc.assert(
      fc.property(fc.array(fc.array(arbRecord, { maxLength: 6 }), { minLength: 1, maxLength: 3 }), arbChunk, fc.nat(1), fc.nat(), (docs, chunk, w, at) => {
        const texts = docs.map((records) => JSON.stringify({ Records: records }));
        const whole = Buffer.from(texts.join('\n'));
        // Where the text may stop with every document whole: at its start, after a document, after the newline after one.
        const docEnds = [0];
        let end = -1;
        for (const t of texts) {
          end += 1 + Buffer.byteLength(t);
          docEnds.push(end, end + 1);
        }
        const full = compactRecords(whole)!;
        const ends = Array.from(full.ends.subarray(0, full.count));
        const starts = Array.from(full.starts.subarray(0, full.count));
        const cut = whole.subarray(0, at % (whole.length + 1));
        const walk = new CompactRecords(cut, walkers[w], chunk);
        expect(walk.finishCut()).toBe(true);
        // Exactly the records whose closing brace is in the text, at the bounds of the whole text's walk.
        const complete = ends.filter((end) => end < cut.length).length;
        expect(walk.count).toBe(complete);
        expect(Array.from(walk.starts.subarray(0, complete))).toEqual(starts.slice(0, complete));
        expect(Array.from(walk.ends.subarray(0, complete))).toEqual(ends.slice(0, complete));
        expect(walk.finish()).toBe(docEnds.includes(cut.length));
      }),
      { numRuns: 300 },
    );
  });

  it('is built from the .wat in the repository', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-wasm.js', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
