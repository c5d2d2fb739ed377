/**
 * Gunzipping file after file into memory used again, not fresh memory per
 * file. `gunzipSync` allocates each file's output anew, and memory new to the
 * process costs a page fault per 4 KiB on first touch: on the project's
 * standard VM about 15 µs each, so a third of inflating a CloudTrail trail
 * (measured in BENCHMARKS.md, "Tenth session").
 *
 * Node offers no public way to inflate into a given buffer. Its own
 * `gunzipSync` runs a loop over the zlib handle's `writeSync` (lib/zlib.js,
 * processChunkSync, unchanged from Node 10 to 24); this module runs the same
 * loop with an output buffer it keeps. It relies on those internals, so it
 * checks their shape and a known answer once per thread, and falls back to
 * `gunzipSync` when anything differs: a Node that changes them is slower, not
 * wrong.
 *
 * The bytes returned are a view of memory the next call overwrites: callers
 * copy out what they keep (scan.ts keeps only strings and parsed records).
 */
import { constants, Gunzip, gunzipSync, gzipSync } from 'node:zlib';

/** Bytes that start with gzip's magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A gzip file's trailer's ISIZE: the inflated size of its last member, mod 2^32 (0 when too short to tell). */
export function gzipSizeHint(gz: Uint8Array): number {
  if (gz.length < 18) return 0;
  const n = gz.length;
  return (gz[n - 4]! | (gz[n - 3]! << 8) | (gz[n - 2]! << 16) | (gz[n - 1]! << 24)) >>> 0;
}

/**
 * The output size to inflate a gzip file into: its trailer's ISIZE, so the
 * usual file inflates in one piece (zlib's default 16 KiB chunks cost half the
 * time of inflating a CloudTrail file in allocating and concatenating them).
 * Only a hint: a wrong ISIZE just means the output grows.
 */
export function inflateChunkSize(gz: Uint8Array): number {
  if (gz.length < 18) return 16 * 1024;
  // Capped: a forged trailer must not make every file allocate gigabytes; big files take a few chunks.
  return Math.min(Math.max(gzipSizeHint(gz) + 1, 1024), 16 * 1024 * 1024);
}

/** The zlib binding's handle, as lib/zlib.js uses it. */
interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  reset(): void;
  onerror: (message: string, errno: number, code: string) => void;
}

/** A gunzip failure, with Node's zlib codes (`Z_BUF_ERROR` for a truncated file) or `ERR_BUFFER_TOO_LARGE`. */
export class GunzipError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'GunzipError';
  }
}

/** The code of the error for bytes after a gzip member's NUL padding that are not NUL too. */
export const AFTER_PADDING = 'ERR_GZIP_AFTER_PADDING';

/**
 * zlib stops at a NUL byte after a gzip member (padding, which gzip allows)
 * and reads nothing after it, without a word: the error for `unread`, what it
 * left of the input, when that is not all NUL (another member, or garbage,
 * after the padding), else undefined. `tail` holds the last bytes of the
 * input: at least `unread` of them, or the check says they are not padding.
 */
export function afterPaddingError(tail: Uint8Array, unread: number): GunzipError | undefined {
  if (unread <= 0) return undefined;
  if (unread <= tail.length && tail.subarray(tail.length - unread).every((b) => b === 0)) return undefined;
  return new GunzipError(`${unread} bytes after NUL padding, not read`, AFTER_PADDING);
}

/** Output memory kept between calls: enough for any CloudTrail file; a bigger one's buffer is let go after it. */
const KEEP_BYTES = 16 * 2 ** 20;

/** `gunzip` of one file: its inflated bytes (a transient view, see the module comment) or throws GunzipError. */
export interface Gunzipper {
  gunzip(gz: Uint8Array, sizeHint: number, maxBytes: number): Buffer;
  /** True when it reuses memory; false when it is `gunzipSync` (Node's internals differ). */
  readonly reusing: boolean;
  /**
   * Input bytes the last call left unread after the gzip data: zlib stops at
   * NUL padding after a member, without a word (see afterPaddingError). 0
   * for `gunzipSync`, which does not tell.
   */
  readonly unread: number;
}

class ReusingGunzipper implements Gunzipper {
  readonly reusing = true;
  unread = 0;
  private out: Buffer = Buffer.allocUnsafeSlow(64 * 1024);
  private failure: GunzipError | undefined;

  constructor(
    /** Holds the stream whose handle this uses, so that nothing of it is collected. */
    private readonly engine: object,
    private readonly handle: ZlibHandle,
    private readonly state: Uint32Array,
  ) {
    // Replaces the stream's own handler, which would destroy the stream (and close the handle) on a corrupt file.
    handle.onerror = (message, _errno, code) => {
      this.failure = new GunzipError(message, code);
    };
  }

  gunzip(gz: Uint8Array, sizeHint: number, maxBytes: number): Buffer {
    this.unread = 0;
    this.handle.reset();
    this.failure = undefined;
    let out = this.out;
    // Grown by doubling at least: files come in any order of size, and each new buffer is fresh memory.
    if (out.length < sizeHint) out = this.out = Buffer.allocUnsafeSlow(Math.min(Math.max(sizeHint, Math.min(out.length * 2, KEEP_BYTES)), maxBytes + 1));
    let inOff = 0;
    let inLen = gz.length;
    let outOff = 0;
    for (;;) {
      this.handle.writeSync(constants.Z_FINISH, gz, inOff, inLen, out, outOff, out.length - outOff);
      if (this.failure !== undefined) throw this.failure;
      const availOut = this.state[0]!;
      const availIn = this.state[1]!;
      inOff += inLen - availIn;
      inLen = availIn;
      outOff = out.length - availOut;
      if (outOff > maxBytes) throw new GunzipError(`Cannot create a Buffer larger than ${maxBytes} bytes`, 'ERR_BUFFER_TOO_LARGE');
      // Room left in the output: zlib is done (an input that ends early is an error, reported above).
      if (availOut !== 0) break;
      const grown = Buffer.allocUnsafeSlow(Math.min(out.length * 2, maxBytes + 1));
      out.copy(grown, 0, 0, outOff);
      out = grown;
    }
    if (out.length <= KEEP_BYTES) this.out = out;
    else this.out = Buffer.allocUnsafeSlow(64 * 1024);
    // Input left unread: zlib stopped at NUL padding after a member.
    this.unread = inLen;
    return out.subarray(0, outOff);
  }
}

class PlainGunzipper implements Gunzipper {
  readonly reusing = false;
  readonly unread = 0;
  gunzip(gz: Uint8Array, sizeHint: number, maxBytes: number): Buffer {
    try {
      return gunzipSync(gz, { maxOutputLength: maxBytes, chunkSize: Math.max(sizeHint, 1024) });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new GunzipError(e.message, e.code ?? (err instanceof RangeError ? 'ERR_BUFFER_TOO_LARGE' : 'Z_DATA_ERROR'));
    }
  }
}

/** `gunzipSync`, behind the same interface: the stand-in where Node's internals differ. */
export function plainGunzipper(): Gunzipper {
  return new PlainGunzipper();
}

/** A gunzipper that reuses memory, or undefined when this Node's zlib internals differ from the expected ones or miss the known answer. */
export function reusingGunzipper(): Gunzipper | undefined {
  try {
    const engine = new Gunzip() as unknown as { _handle?: Partial<ZlibHandle>; _writeState?: unknown };
    const handle = engine._handle;
    const state = engine._writeState;
    if (typeof handle?.writeSync !== 'function' || typeof handle.reset !== 'function' || !(state instanceof Uint32Array) || state.length !== 2) return undefined;
    const reusing = new ReusingGunzipper(engine, handle as ZlibHandle, state);
    // A known answer through each path: output grown from too small, then a cut input reported as Node reports it.
    const text = 'zone-replay '.repeat(10_000);
    const gz = gzipSync(text);
    if (reusing.gunzip(gz, 16, 2 ** 20).toString('latin1') !== text) return undefined;
    try {
      reusing.gunzip(gz.subarray(0, gz.length - 9), 16, 2 ** 20);
      return undefined;
    } catch (err) {
      if (!(err instanceof GunzipError) || err.code !== 'Z_BUF_ERROR') return undefined;
    }
    return reusing;
  } catch {
    return undefined;
  }
}

let mine: Gunzipper | undefined;

/** This thread's gunzipper (one per thread: its memory and zlib state are not shared). */
export function threadGunzipper(): Gunzipper {
  return (mine ??= reusingGunzipper() ?? plainGunzipper());
}
