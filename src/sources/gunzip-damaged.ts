/**
 * The text a damaged gzip file held before its damage. zlib checks a gzip
 * member's CRC and length only once it has inflated all of it, and Node's
 * gunzip throws away what it inflated when a check fails (or when the file
 * ends early, or bytes that are not gzip follow it): a file whose every byte
 * of text inflated would give nothing.
 *
 * What zlib inflated before its error is found again here without Node's
 * internals: a prefix of the file inflates with `finishFlush: Z_SYNC_FLUSH`
 * (as Node documents for truncated input) as far as its bytes go, and fails
 * only when an error lies within it, so the longest prefix that does not fail
 * stops where the failed gunzip stopped. Being the same zlib, its text is
 * what that gunzip inflated: all of a member whose CRC or length check fails
 * (the check is on the trailer's last bytes), the text before a cut, the
 * members before bytes that are not gzip, the text before a corrupt deflate
 * block. A gzip stream (stream-pieces.ts) finds its text the same way, so the
 * two paths keep the same records.
 *
 * Only for files that failed: a few inflates of the file, searching back
 * from its end (where a bad trailer or bytes after the gzip data fail, within
 * a few bytes) by doubling steps, then halving.
 */
import { constants, gunzipSync } from 'node:zlib';
import { AFTER_PADDING } from './gunzip-reused.js';

/** The text inflated from `gz`'s first `n` bytes, or undefined when zlib fails in them (too large throws). */
function prefixText(gz: Uint8Array, n: number, maxBytes: number): Buffer | undefined {
  try {
    return gunzipSync(gz.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: maxBytes });
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException)?.code === 'ERR_BUFFER_TOO_LARGE') throw err;
    return undefined;
  }
}

/**
 * The text of a gzip file up to its first error (undefined when it would
 * inflate to more than `maxBytes`): all of it when the file is only cut short.
 */
export function gunzipBeforeError(gz: Uint8Array, maxBytes: number): Buffer | undefined {
  try {
    const whole = prefixText(gz, gz.length, maxBytes);
    if (whole !== undefined) return whole;
    // `bad` fails, `good` does not (an empty prefix inflates to nothing).
    let bad = gz.length;
    let good = 0;
    let text: Buffer = Buffer.alloc(0);
    for (let step = 1; bad - step > 0; step *= 2) {
      const t = prefixText(gz, bad - step, maxBytes);
      if (t !== undefined) {
        good = bad - step;
        text = t;
        break;
      }
      bad -= step;
    }
    while (bad - good > 1) {
      const mid = good + Math.floor((bad - good) / 2);
      const t = prefixText(gz, mid, maxBytes);
      if (t === undefined) bad = mid;
      else {
        good = mid;
        text = t;
      }
    }
    return text;
  } catch {
    return undefined;
  }
}

/** zlib's messages for a gzip member's header that is not one (Node's gunzip takes any bytes after a member for another member). */
const HEADER_ERRORS = new Set(['incorrect header check', 'unknown compression method', 'unknown header flags set', 'header crc mismatch']);

/** What came of the text before a gzip error: its bytes, and the records read in it (and kept). */
export interface BeforeGzipError {
  readonly bytes: number;
  readonly records: number;
}

/** zlib's checks of a member's trailer, explained. */
const CHECKS = new Map([
  ['incorrect data check', 'incorrect data check: the text does not match its CRC'],
  ['incorrect length check', 'incorrect length check: the text is not the length its trailer gives'],
]);

/**
 * What a zlib error says about gzip data, in words, and (given what was read
 * before it) which records are kept. A member header that is not one, after
 * text was inflated, is bytes after the gzip data: the members before passed
 * their checks. Any other error leaves the text before it unverified.
 */
export function gzipProblem(err: unknown, before?: BeforeGzipError): string {
  const e = err as NodeJS.ErrnoException;
  const n = before?.records ?? 0;
  const kept = (what: string) => (n === 0 ? '' : `; ${n === 1 ? 'the record' : `the ${n} records`} read before ${what} ${n === 1 ? 'is' : 'are'} kept`);
  if (e?.code === 'Z_BUF_ERROR') return `gzip data is truncated (unexpected end of file)${kept('it')}${n > 0 ? ', unverified' : ''}`;
  const message = e?.message ?? String(err);
  // Bytes after the gzip data: another member's header that is not one, or bytes after NUL padding. Which
  // of the two zlib meets depends on where a stream's chunks end, so both are said alike.
  if (((before?.bytes ?? 0) > 0 && HEADER_ERRORS.has(message)) || e?.code === AFTER_PADDING) return `gzip data is followed by bytes that are not gzip data${kept('them')}`;
  return `gzip data is corrupt (${CHECKS.get(message) ?? message})${kept('it')}${n > 0 ? ', unverified' : ''}`;
}
