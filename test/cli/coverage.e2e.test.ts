/**
 * Digest files that come with the logs feed every snapshot's completeness
 * report: coverage proved when every file verifies, not proved when one was altered.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

type Coverage = 'not-verified' | { proved: { start: string; end: string }[]; coversAt: boolean; verification: { ok: boolean; failures: number; signed: string } };

async function coverage(args: string[]): Promise<Coverage> {
  const r = await runCli([...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { snapshots: { completeness: { coverage: Coverage } }[] }).snapshots[0]!.completeness.coverage;
}

describe('coverage in the completeness report', () => {
  it('is proved when the digests verify every log file, and not proved when one was altered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-cov-'));
    cpSync('fixtures/verify/signed-trail', dir, { recursive: true });
    const good = await coverage([dir]);
    expect(good).toMatchObject({ coversAt: true, proved: [{ start: '2024-05-01T10:01:31Z', end: '2024-05-01T13:01:31Z' }], verification: { ok: true, failures: 0, signed: 'none' } });
    expect(await coverage([dir, '--no-verify'])).toBe('not-verified');

    const logs = join(dir, 'AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01');
    const victim = join(logs, readdirSync(logs).sort()[0]!);
    writeFileSync(victim, gzipSync(gunzipSync(readFileSync(victim)).toString().replace('192.0.2.0', '192.0.2.9')));
    const bad = await coverage([dir]);
    expect(bad).toMatchObject({ coversAt: false, verification: { ok: false } });
    if (bad !== 'not-verified') expect(bad.verification.failures).toBeGreaterThan(0);
  });
});
