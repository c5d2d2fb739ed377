/**
 * A small run of `npm run bench` (the real benchmark is too slow for tests):
 * the harness works end to end and measures what it says. No timing is asserted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

describe('bench (smoke)', () => {
  it('writes a trail with the simulator, measures every contender and the replay at scale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-bench-'));
    try {
      const out = execFileSync(process.execPath, ['bench/run.js', '--smoke', '--dir', dir, '--jobs', '2'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const report = JSON.parse(out) as {
        trail: { files: number; filesRead: number; route53: number; results: Record<string, { ms: number } | undefined> };
        ratios: Record<string, string>;
        replay: { events: number; applied: number; snapshotSets: number; sets: number };
      };
      expect(report.trail.files).toBeGreaterThan(10);
      expect(report.trail.route53).toBeGreaterThan(0);
      for (const k of ['zr1', 'zrN', 'inflate1', 'inflateN', 'inflate1Fresh', 'gzip', 'zrDefault', 'zrValidating', 'gzipEast']) expect(report.trail.results[k]?.ms, k).toBeGreaterThan(0);
      expect(Object.keys(report.ratios)).toHaveLength(14); // --jobs 2 adds the one-worker reading
      // The simulator writes four regions, Route 53 in us-east-1 only: a default run reads fewer files.
      expect(report.trail.filesRead).toBeGreaterThan(0);
      expect(report.trail.filesRead).toBeLessThan(report.trail.files);
      expect(report.replay.applied).toBe(report.replay.events);
      expect(report.replay.snapshotSets).toBe(report.replay.sets + 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('has its limit inflate every byte, in memory reused or fresh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-inflate-'));
    try {
      // Sizes that make the reused buffers grow, shrink back into them, and a file of two members.
      const texts = [100, 300_000, 10, 2_000_000, 5_000].map((n, i) => 'x'.repeat(n) + i);
      const files = texts.map((t, i) => {
        const f = join(dir, `f${i}.json.gz`);
        writeFileSync(f, i === 4 ? Buffer.concat([gzipSync(t), gzipSync(t)]) : gzipSync(t));
        return f;
      });
      writeFileSync(join(dir, 'list'), files.join('\n') + '\n');
      const total = texts.reduce((n, t, i) => n + t.length * (i === 4 ? 2 : 1), 0);
      for (const args of [['1'], ['2'], ['1', '--fresh']]) {
        const out = JSON.parse(execFileSync(process.execPath, ['bench/inflate-only.js', args[0]!, join(dir, 'list'), ...args.slice(1)], { encoding: 'utf8' })) as { files: number; inflatedBytes: number };
        expect(out, args.join(' ')).toEqual({ files: 5, inflatedBytes: total });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
