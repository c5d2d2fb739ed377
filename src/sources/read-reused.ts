/**
 * Reading whole files into memory the thread uses again. `readFileSync`
 * allocates each file's buffer anew; on a trail of thousands of small files
 * that fresh memory's page faults cost more than the reads (BENCHMARKS.md,
 * "Tenth session"). The bytes returned are a view the next call overwrites:
 * callers copy out what they keep.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

/** Files up to this size are read into the kept buffer; bigger ones into their own. */
const KEEP_BYTES = 8 * 2 ** 20;

let kept: Buffer = Buffer.allocUnsafeSlow(256 * 1024);

/**
 * The file's bytes: a view of this thread's reused buffer (valid until the
 * next call) or, for a big file, a buffer of its own. A file of `streamFrom`
 * bytes or more is not read: its size is returned, for the caller to read it
 * as a stream. Throws as readFileSync does.
 */
export function readFileReused(path: string): Buffer;
export function readFileReused(path: string, streamFrom: number): Buffer | { readonly size: number };
export function readFileReused(path: string, streamFrom = Infinity): Buffer | { readonly size: number } {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size >= streamFrom) return { size };
    // Not a regular file's size (a pipe or a special file says 0): read it as readFileSync does.
    if (size === 0 || size > KEEP_BYTES) return readFileSync(fd);
    if (kept.length < size) kept = Buffer.allocUnsafeSlow(Math.min(KEEP_BYTES, Math.max(size, kept.length * 2)));
    let length = 0;
    // Up to the size stat gave: a file that grows meanwhile is read as it was, as readFileSync reads it.
    while (length < size) {
      const n = readSync(fd, kept, length, size - length, null);
      if (n === 0) break;
      length += n;
    }
    return kept.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
