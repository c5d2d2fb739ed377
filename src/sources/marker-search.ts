/**
 * Where Route 53's name occurs in a log's bytes, as a whole string value:
 * `"route53.amazonaws.com"`. Every Route 53 record holds it (as its
 * eventSource), however it is spaced; the few other records that hold it (in
 * a nested value) are parsed too, and dropped. Most files of a trail hold none,
 * so this search runs over every byte read: it is, after inflating, the
 * largest cost per byte.
 *
 * The search runs in WebAssembly SIMD (marker-search.wat, about 12 GB/s here
 * with the copy into its memory); where WebAssembly cannot run, Buffer.indexOf
 * (3.8 GB/s) finds the same offsets. Tests hold the two to the same answers.
 */
import { ROUTE53_SOURCE } from '../events/normalize.js';
import { MARKER_SEARCH_WASM } from './marker-search-wasm.js';
import { wasmExports } from './wasm-instance.js';

/** Route 53's name as a JSON string value. */
export const ROUTE53_MARKER = Buffer.from(JSON.stringify(ROUTE53_SOURCE));

/** The most bytes searched per call (the .wat's input area, less what follows a chunk). */
export const MARKER_CHUNK = 0x40000;
/** Where the .wat reads the name, and where it writes offsets. */
const NEEDLE = 0x40100;
const OUT = 0x40200;

export interface MarkerSearch {
  readonly kind: 'wasm' | 'script';
  /** The offsets of every occurrence of Route 53's name in a buffer, ascending. */
  offsets(buf: Uint8Array): number[];
}

interface SearchExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  find(scanEnd: number, dataEnd: number, base: number): number;
}

/** The search with Buffer.indexOf. */
export function scriptMarkerSearch(): MarkerSearch {
  return {
    kind: 'script',
    offsets(bytes) {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const found: number[] = [];
      for (let at = buf.indexOf(ROUTE53_MARKER); at !== -1; at = buf.indexOf(ROUTE53_MARKER, at + 1)) found.push(at);
      return found;
    },
  };
}

/**
 * The WebAssembly search, or undefined where this Node cannot run it (no SIMD,
 * --jitless). `chunk` (bytes copied per call, at most MARKER_CHUNK) is for tests.
 */
export function wasmMarkerSearch(chunk = MARKER_CHUNK): MarkerSearch | undefined {
  const exports = wasmExports<SearchExports>(MARKER_SEARCH_WASM);
  if (exports === undefined) return undefined;
  const memory = new Uint8Array(exports.memory.buffer);
  const offsets = new Uint32Array(exports.memory.buffer, OUT);
  memory.set(ROUTE53_MARKER, NEEDLE);
  const overlap = ROUTE53_MARKER.length - 1;
  return {
    kind: 'wasm',
    offsets(buf) {
      const found: number[] = [];
      for (let start = 0; start < buf.length; start += chunk) {
        // Each chunk with the bytes after it that an occurrence starting in it may need.
        const end = Math.min(buf.length, start + chunk + overlap);
        memory.set(buf.subarray(start, end), 0);
        const n = exports.find(Math.min(chunk, buf.length - start), end - start, start);
        for (let i = 0; i < n; i++) found.push(offsets[i]!);
      }
      return found;
    },
  };
}

let shared: MarkerSearch | undefined;

/** This thread's search: WebAssembly when it runs, else Buffer.indexOf. */
export function markerSearch(): MarkerSearch {
  return (shared ??= wasmMarkerSearch() ?? scriptMarkerSearch());
}
