/**
 * Digest files that come with the logs feed every snapshot's completeness
 * report: coverage proved when every file verifies, not proved when one was altered.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

  it('judges only the regions read: an unlisted eu-west-1 log fails validation only with --all-regions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-cov-'));
    cpSync('fixtures/verify/signed-trail', dir, { recursive: true });
    const eu = join(dir, 'AWSLogs/111122223333/CloudTrail/eu-west-1/2024/05/01');
    mkdirSync(eu, { recursive: true });
    const record = { eventVersion: '1.11', eventTime: '2024-05-01T10:00:00Z', eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', awsRegion: 'eu-west-1', eventID: 'eu-1' };
    writeFileSync(join(eu, '111122223333_CloudTrail_eu-west-1_20240501T1005Z_Ab3dE6gH9jK2mN5p.json.gz'), gzipSync(JSON.stringify({ Records: [record] })));
    expect(await coverage([dir])).toMatchObject({ coversAt: true, verification: { ok: true, failures: 0 } });
    const all = await coverage([dir, '--all-regions']);
    expect(all).toMatchObject({ verification: { ok: false } });
    if (all !== 'not-verified') expect(all.verification.failures).toBe(1); // listed by no digest
  });

  it('is not verified when the only digests are of regions not read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-cov-'));
    cpSync('fixtures/verify/signed-trail/AWSLogs', join(dir, 'AWSLogs'), { recursive: true });
    const digests = join(dir, 'AWSLogs/111122223333/CloudTrail-Digest');
    renameSync(join(digests, 'us-east-1'), join(digests, 'eu-west-1'));
    expect(await coverage([dir])).toBe('not-verified');
  });
});

describe('a trail whose logs hold only some Route 53 calls', () => {
  it('is named in the text report, not counted in the proof', async () => {
    const { simulate } = await import('../../src/simulate/index.js');
    const out = mkdtempSync(join(tmpdir(), 'zr-cov-sim-'));
    await simulate({ out, seed: 7, zones: 3, days: 4, events: 120, route53Share: 0.2, drift: 4 });
    const r = await runCli([join(out, 'trail'), join(out, 'trail2'), '--at', '2024-03-04']);
    expect(r.stdout).toMatch(/not counted: the digests of trail route53-audit \(\d{12}, us-east-1\): its logs lack \d+ Route 53 change\(s\) other logs hold/);
  });
});
