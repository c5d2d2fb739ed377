import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../cli/run-cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function io(cwd: string): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: new PassThrough(),
    color: false,
    progress: false,
    env: {},
    cwd,
    out: () => out,
    err: () => err,
  };
}

const ARGS = ['--days', '3', '--events', '20', '--zones', '2', '--route53-share', '0.5'];

describe('zone-replay simulate', () => {
  test('writes into a new folder and prints the summary as JSON', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'zr-cli-'));
    dirs.push(cwd);
    const t = io(cwd);
    expect(await main(['simulate', '--out', 'sim', '--format', 'json', ...ARGS], t)).toBe(0);
    const summary = JSON.parse(t.out()) as { files: number; out: string; events: { route53: number } };
    expect(summary.out).toBe(join(cwd, 'sim'));
    expect(summary.files).toBeGreaterThan(0);
    const truth = JSON.parse(readFileSync(join(cwd, 'sim', 'ground-truth.json'), 'utf8')) as { counts: { route53: number } };
    expect(truth.counts.route53).toBe(summary.events.route53);
  });

  test('refuses a non-empty folder unless --force, which replaces only its own entries', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'zr-cli-'));
    dirs.push(cwd);
    writeFileSync(join(cwd, 'keep.txt'), 'mine');
    const t = io(cwd);
    expect(await main(['simulate', '--out', '.', ...ARGS], t)).toBe(2);
    expect(t.err()).toMatch(/is not empty; use --force/);
    expect(existsSync(join(cwd, 'trail'))).toBe(false);
    const t2 = io(cwd);
    expect(await main(['simulate', '--out', '.', '--force', ...ARGS], t2)).toBe(0);
    expect(t2.out()).toMatch(/Wrote a simulation to/);
    expect(readFileSync(join(cwd, 'keep.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(cwd, 'ground-truth.json'))).toBe(true);
  });

  test('an --out that cannot be made is an error, not an endless loop (/proc: mkdir says ENOENT under a parent that exists)', async () => {
    // In a child process with a time limit: Node's recursive mkdir spins there, synchronously, forever.
    const r = await runCli(['simulate', '--out', '/proc/zone-replay-test/out', ...ARGS], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot create --out /proc/zone-replay-test/out: ENOENT at /proc/zone-replay-test');
  });

  test('bad options are usage errors that name the option', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'zr-cli-'));
    dirs.push(cwd);
    for (const [args, re] of [
      [['--route53-share', '0'], /--route53-share/],
      [['--days', 'x'], /--days must be a number/],
      [['--zones', '1.5'], /--zones must be a whole number/],
      [['--start', 'yesterday'], /--start must be an ISO-8601/],
    ] as const) {
      const t = io(cwd);
      expect(await main(['simulate', '--out', 'x', ...args], t)).toBe(2);
      expect(t.err()).toMatch(re);
    }
    expect(existsSync(join(cwd, 'x'))).toBe(false);
  });
});
