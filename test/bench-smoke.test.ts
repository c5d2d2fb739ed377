/**
 * A small run of `npm run bench` (the real benchmark is too slow for tests):
 * the harness works end to end and measures what it says. No timing is asserted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      for (const k of ['zr1', 'zrN', 'inflate1', 'inflateN', 'gzip', 'zrDefault', 'gzipEast']) expect(report.trail.results[k]?.ms, k).toBeGreaterThan(0);
      expect(Object.keys(report.ratios)).toHaveLength(11); // --jobs 2 adds the one-worker reading
      // The simulator writes four regions, Route 53 in us-east-1 only: a default run reads fewer files.
      expect(report.trail.filesRead).toBeGreaterThan(0);
      expect(report.trail.filesRead).toBeLessThan(report.trail.files);
      expect(report.replay.applied).toBe(report.replay.events);
      expect(report.replay.snapshotSets).toBe(report.replay.sets + 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
