/**
 * The search for Route 53's name: the WebAssembly search finds exactly the
 * offsets Buffer.indexOf finds, on any bytes, however they are chunked, an
 * occurrence across two chunks and one cut off by the buffer's end included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MARKER_CHUNK, ROUTE53_MARKER, markerSearch, scriptMarkerSearch, wasmMarkerSearch } from '../../src/sources/marker-search.js';
import { wasmExports } from '../../src/sources/wasm-instance.js';

const NAME = ROUTE53_MARKER.toString('latin1');
const script = scriptMarkerSearch();

/** Text that stresses the filter (its bytes '5' and 'z'), the compare, and overlapping occurrences. */
const arbPiece = fc.oneof(
  fc.constant(NAME),
  fc.constant(NAME.slice(0, -1)), // cut short
  fc.constant(NAME + NAME.slice(1)), // two sharing a quote
  fc.constant('"route53.amazonaws.con"'),
  fc.constant('"Route53.amazonaws.com"'),
  fc.constant('route53.amazonaws.com'), // unquoted: not the marker
  fc.string({ unit: fc.constantFrom('5', 'z', '"', 'a', '.', '\u00e9'), maxLength: 30 }),
  fc.string({ maxLength: 40 }),
);

describe('the search for Route 53\'s name', () => {
  it('runs as WebAssembly on this Node (Buffer.indexOf is only a stand-in)', () => {
    expect(wasmMarkerSearch()).toBeDefined();
    expect(markerSearch().kind).toBe('wasm');
    // A module this Node cannot compile (here: not WebAssembly at all) means the stand-in, not an error.
    expect(wasmExports(Buffer.from('not wasm').toString('base64'))).toBeUndefined();
  });

  it('finds what Buffer.indexOf finds, on any bytes and any chunking', () => {
    const searches = [1, 23, 64, 100, 1000, MARKER_CHUNK].map((chunk) => ({ chunk, search: wasmMarkerSearch(chunk)! }));
    let found = 0;
    fc.assert(
      fc.property(fc.array(arbPiece, { maxLength: 40 }), (pieces) => {
        const buf = Buffer.from(pieces.join(''));
        const expected = script.offsets(buf);
        found += expected.length;
        for (const { chunk, search } of searches) expect(search.offsets(buf), `chunk ${chunk}`).toEqual(expected);
      }),
      { numRuns: 400 },
    );
    expect(found).toBeGreaterThan(200); // the law was checked on texts that hold the name
  });

  it('finds the name at either side of its 256 KiB chunks, and in views of bigger buffers', () => {
    const search = markerSearch();
    const size = 2 * MARKER_CHUNK + 500;
    for (const at of [0, MARKER_CHUNK - 23, MARKER_CHUNK - 22, MARKER_CHUNK - 1, MARKER_CHUNK, MARKER_CHUNK + 41, size - 23]) {
      const buf = Buffer.alloc(size, 'a');
      buf.write(NAME, at, 'latin1');
      expect(search.offsets(buf), `at ${at}`).toEqual([at]);
      // A view: offsets are the view's own.
      const view = Buffer.concat([Buffer.from('xyz'), buf]).subarray(3);
      expect(search.offsets(view)).toEqual([at]);
    }
    // Cut off by the end of the buffer: not there.
    const cut = Buffer.alloc(MARKER_CHUNK + 10, 'a');
    cut.write(NAME.slice(0, 20), MARKER_CHUNK - 10, 'latin1');
    expect(search.offsets(cut)).toEqual([]);
    expect(search.offsets(Buffer.alloc(0))).toEqual([]);
  });
});
