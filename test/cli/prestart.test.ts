import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workersToPrestart, type PrestartEnvironment } from '../../src/cli/prestart.js';
import { SMALL_INPUT_BYTES } from '../../src/sources/scan-worker-start.js';

/** Two cores and a few paths: a trail folder, a big and a small file. */
const env = (cores = 2): PrestartEnvironment => ({
  cores,
  bytesUnder: (path) => ({ 'trail/': 50 * SMALL_INPUT_BYTES, 'big.json.gz': SMALL_INPUT_BYTES, 'small.json': 1000, 'half.json': SMALL_INPUT_BYTES / 2 })[path],
});

describe('scan workers started before the CLI loads', () => {
  it.each([
    [['zones', 'trail/'], 1],
    [['trail/', '--at', '2018-01-16'], 1], // the default command
    [['--at', '2018-01-16', 'big.json.gz'], 1],
    [['small.json', '--at', '2018-01-16'], 0], // ingest scans a small input in-process
    [['log', 'half.json', 'half.json'], 1], // inputs add up
    [['zones', 's3://bucket/AWSLogs/'], 1],
    [['zones', 'trail/', '--jobs', '1'], 0],
    [['zones', 'trail/', '-j', '3'], 2],
    [['zones', 'trail/', '-j4'], 3],
    [['zones', 'trail/', '--jobs=2'], 1],
    [['zones', 'trail/', '--jobs', 'many'], 0], // a bad value is the CLI's to report
    [['simulate', '--out', 'trail/'], 0], // reads no trail
    [['verify', 'trail/'], 0],
    [['zones', 'trail/', '--help'], 0],
    [['zones', 'nowhere/'], 0],
  ])('%j: %i', (argv, expected) => {
    expect(workersToPrestart(argv, env())).toBe(expected);
  });

  it('starts none on one core, and calls a long list of paths big without looking', () => {
    expect(workersToPrestart(['zones', 'trail/'], env(1))).toBe(0);
    const glob = Array.from({ length: 100 }, (_, i) => `f${i}.json.gz`);
    expect(workersToPrestart(['zones', ...glob], env())).toBe(1);
  });
});

describe('the guess on real folders', () => {
  it('walks a folder only as far as it needs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-prestart-'));
    try {
      mkdirSync(join(dir, 'a', 'b'), { recursive: true });
      writeFileSync(join(dir, 'a', 'small.json'), '{}');
      const cores = availableParallelism();
      expect(workersToPrestart(['zones', dir])).toBe(0);
      writeFileSync(join(dir, 'a', 'b', 'big.json.gz'), Buffer.alloc(SMALL_INPUT_BYTES));
      expect(workersToPrestart(['zones', dir])).toBe(cores >= 2 ? cores - 1 : 0);
      // Many entries: big, whatever their size (the walk stops counting).
      rmSync(join(dir, 'a', 'b', 'big.json.gz'));
      for (let i = 0; i < 100; i++) writeFileSync(join(dir, 'a', `f${i}.json`), '');
      expect(workersToPrestart(['zones', dir])).toBe(cores >= 2 ? cores - 1 : 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
