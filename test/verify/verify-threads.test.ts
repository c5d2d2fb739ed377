/**
 * verify hashes log files on scan threads when there are many: the report is
 * the one a single thread gives, bad files included.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate/index.js';
import { verifyTrail } from '../../src/verify/index.js';

const out = mkdtempSync(join(tmpdir(), 'zr-verify-threads-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function logFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith('.json.gz') && !f.includes('CloudTrail-Digest') && statSync(f).isFile())
    .sort();
}

describe('verify on threads', () => {
  it('gives the report one thread gives, with a cut gzip file and an edited one among many', async () => {
    await simulate({ out, seed: 11, zones: 3, days: 3, events: 60, route53Share: 0.2, drift: 0 });
    const logs = logFiles(join(out, 'trail'));
    expect(logs.length).toBeGreaterThan(64); // enough for the threaded path
    const cut = logs[3]!;
    writeFileSync(cut, readFileSync(cut).subarray(0, 40));
    const edited = logs[10]!;
    writeFileSync(edited, gzipSync('{"Records":[]}'));
    const seen: { jobs: number; filesDone: number; filesTotal: number; bytesDone: number }[] = [];
    const watch = (jobs: number) => (p: { filesDone: number; filesTotal: number; bytesDone: number }) => seen.push({ jobs, ...p });
    const one = await verifyTrail([join(out, 'trail')], { jobs: 1, onProgress: watch(1) });
    const two = await verifyTrail([join(out, 'trail')], { jobs: 2, onProgress: watch(2) });
    expect(two).toEqual(one);
    // Progress counts every log file once, unreadable ones included, up to the total, on both paths.
    const bytes = logs.reduce((n, f) => n + statSync(f).size, 0);
    for (const jobs of [1, 2]) {
      const mine = seen.filter((p) => p.jobs === jobs);
      expect(mine.map((p) => p.filesDone)).toEqual(logs.map((_, i) => i + 1));
      expect(mine.every((p) => p.filesTotal === logs.length)).toBe(true);
      expect(mine.at(-1)!.bytesDone).toBe(bytes);
    }
    const status = (f: string) => one.logFiles.find((l) => l.file === f)?.status;
    expect([status(cut), status(edited)]).toEqual(['altered', 'altered']);
    expect(one.problems.some((p) => p.file === cut && /does not decompress/.test(p.message))).toBe(true);
    expect(one.logFiles.filter((l) => l.status === 'ok').length).toBe(logs.length - 2);
  });
});
