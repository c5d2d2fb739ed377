/**
 * Gunzipping into reused memory: on any input, valid or not, the answer is
 * gunzipSync's (the bytes, or the error's code and message), call after call
 * on the same memory, whatever the size hint; and on this Node the reusing
 * path is the one taken (a Node whose internals differ would fall back, and
 * this test says so).
 */
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GunzipError, plainGunzipper, reusingGunzipper, threadGunzipper, type Gunzipper } from '../../src/sources/gunzip-reused.js';
import { readFileReused } from '../../src/sources/read-reused.js';
import { STREAMED_FILE_BYTES } from '../../src/sources/inputs.js';
import { scanPath } from '../../src/sources/scan.js';

const MAX = 2 ** 20;

/** gunzipSync's answer, in the shape compared: the bytes as hex, or the error's code and message. */
function expected(gz: Uint8Array, max = MAX): { bytes: string } | { code: string; message?: string } {
  try {
    return { bytes: Buffer.from(gunzipSync(gz, { maxOutputLength: max })).toString('hex') };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // The too-large error's message is worded by whoever throws it; its code is what callers use.
    return e.code === 'ERR_BUFFER_TOO_LARGE' ? { code: e.code } : { code: e.code ?? '?', message: e.message };
  }
}

function actual(g: Gunzipper, gz: Uint8Array, hint: number, max = MAX): { bytes: string } | { code: string; message?: string } {
  try {
    return { bytes: g.gunzip(gz, hint, max).toString('hex') }; // copied out at once: the next call overwrites it
  } catch (err) {
    expect(err).toBeInstanceOf(GunzipError);
    const e = err as GunzipError;
    return e.code === 'ERR_BUFFER_TOO_LARGE' ? { code: e.code } : { code: e.code, message: e.message };
  }
}

/** Gzip files as found, and as broken: cut short, a byte changed, two members, bytes after the end, not gzip at all. */
const arbGzip = fc
  .record({
    members: fc.array(fc.oneof(fc.uint8Array({ maxLength: 3000 }), fc.string({ maxLength: 2000 }).map((s) => Buffer.from(s.repeat(3)))), { minLength: 1, maxLength: 3 }),
    damage: fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('trailing' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 20 }) }),
    ),
  })
  .map(({ members, damage }) => {
    const gz = Buffer.concat(members.map((m) => gzipSync(m)));
    if (damage.kind === 'cut') return gz.subarray(0, damage.at % (gz.length + 1));
    if (damage.kind === 'flip') {
      const at = damage.at % gz.length;
      gz[at] = gz[at]! ^ damage.xor;
      return gz;
    }
    if (damage.kind === 'trailing') return Buffer.concat([gz, damage.bytes]);
    return gz;
  });

describe('gunzipping into reused memory', () => {
  it('is the path taken on this Node', () => {
    // If this fails after a Node upgrade, its zlib internals changed: runs still work (through gunzipSync), only slower.
    expect(reusingGunzipper()).toBeDefined();
    expect(threadGunzipper().reusing).toBe(true);
    expect(plainGunzipper().reusing).toBe(false);
  });

  it("gives gunzipSync's answer on any input, call after call, whatever the size hint", () => {
    const reusing = reusingGunzipper()!;
    const plain = plainGunzipper();
    let failures = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(arbGzip, fc.integer({ min: 0, max: 70_000 })), { minLength: 1, maxLength: 6 }), (files) => {
        for (const [gz, hint] of files) {
          const want = expected(gz);
          if ('code' in want) failures++;
          expect(actual(reusing, gz, hint)).toEqual(want);
          expect(actual(plain, gz, hint)).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
    expect(failures).toBeGreaterThan(50); // the broken inputs were broken
  });

  it('stops at the output limit, and the next file is read whole', () => {
    const g = reusingGunzipper()!;
    const big = gzipSync(Buffer.alloc(300_000, 'x'));
    expect(actual(g, big, 1024, 100_000)).toEqual({ code: 'ERR_BUFFER_TOO_LARGE' });
    expect(expected(big, 100_000)).toEqual({ code: 'ERR_BUFFER_TOO_LARGE' });
    // Exactly at the limit is not over it.
    expect(g.gunzip(big, 1024, 300_000).length).toBe(300_000);
    const small = gzipSync('after');
    expect(g.gunzip(small, 6, MAX).toString()).toBe('after');
  });

  it('reuses its memory: the next call overwrites the bytes the last one returned', () => {
    const g = reusingGunzipper()!;
    const first = g.gunzip(gzipSync('first file'), 16, MAX);
    expect(first.toString()).toBe('first file');
    g.gunzip(gzipSync('SECOND one'), 16, MAX);
    expect(first.toString()).toBe('SECOND one'); // why scan.ts copies out what it keeps
  });
});

describe('reading files into reused memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zr-read-'));

  it('reads what readFileSync reads: empty, small, grown buffers, and files bigger than the kept buffer', () => {
    const sizes = [0, 1, 1000, 300_000, 2_000_000, 9 * 2 ** 20];
    const texts = sizes.map((n, i) => Buffer.alloc(n, String.fromCharCode(97 + i)));
    texts.forEach((t, i) => writeFileSync(join(dir, `f${i}`), t));
    for (const order of [sizes.keys(), [...sizes.keys()].reverse()]) {
      for (const i of order) expect(readFileReused(join(dir, `f${i}`)).equals(texts[i]!), `file of ${sizes[i]} bytes`).toBe(true);
    }
  });

  it('does not read a file too big to read whole: a big file met in a walked folder is read as a stream', () => {
    const big = join(dir, 'big.jsonl');
    writeFileSync(big, '');
    truncateSync(big, STREAMED_FILE_BYTES); // sparse: no time to write
    expect(readFileReused(big, STREAMED_FILE_BYTES)).toEqual({ size: STREAMED_FILE_BYTES });
    expect(readFileReused(big, STREAMED_FILE_BYTES + 1)).toHaveLength(STREAMED_FILE_BYTES);
    expect(scanPath(big, big)).toMatchObject({ tooLarge: true, records: [] });
  });

  it('throws as readFileSync does for a missing file or a folder', () => {
    expect(() => readFileReused(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }) as Error);
    expect(() => readFileReused(dir)).toThrow(expect.objectContaining({ code: 'EISDIR' }) as Error);
  });

  it('scans file after file correctly although both the read and the inflated bytes are reused', () => {
    const record = (id: string, source: string) => `{"eventVersion":"1.08","eventSource":"${source}","eventName":"ChangeResourceRecordSets","eventID":"${id}"}`;
    const files = Array.from({ length: 12 }, (_, i) => {
      const records = Array.from({ length: 1 + (i % 4) }, (_, j) => record(`e${i}-${j}`, j % 2 === 0 ? 'route53.amazonaws.com' : 's3.amazonaws.com'));
      const text = `{"Records":[${records.join(',')}]}`;
      const path = join(dir, `log${i}.json${i % 3 === 0 ? '' : '.gz'}`);
      writeFileSync(path, i % 3 === 0 ? text : gzipSync(text.padEnd(text.length + i * 5000, ' ')));
      return path;
    });
    const ids = files.map((p) => {
      const outcome = scanPath(p, p);
      return (outcome.recordTexts ?? []).map((r) => (JSON.parse(r.text) as { eventID: string }).eventID);
    });
    expect(ids).toEqual(files.map((_, i) => Array.from({ length: 1 + (i % 4) }, (_, j) => `e${i}-${j}`).filter((_, j) => j % 2 === 0)));
  });
});
