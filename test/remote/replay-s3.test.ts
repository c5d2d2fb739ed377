/**
 * `zone-replay replay s3://…` against a real S3-compatible server on loopback:
 * the same snapshot as from the local copy of the trail.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runMain, type MainResult } from '../support/run-main.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startS3rver, type TestS3 } from './s3rver-server.js';

const TRAIL = new URL('../../fixtures/shop-trail/trail/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

async function run(args: string[]): Promise<MainResult> {
  return runMain(args);
}

let s3: TestS3;

beforeAll(async () => {
  s3 = await startS3rver();
  const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await client.send(new CreateBucketCommand({ Bucket: 'org-trail' }));
  for (const f of files(TRAIL)) {
    await client.send(new PutObjectCommand({ Bucket: 'org-trail', Key: `cloudtrail/${relative(TRAIL, f)}`, Body: readFileSync(f) }));
  }
  vi.stubEnv('AWS_ENDPOINT_URL', s3.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
  vi.stubEnv('AWS_REGION', 'us-east-1');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await s3?.close();
});

describe('replay from s3://', () => {
  it('gives the same snapshot as the local trail, listing only what --at needs', async () => {
    const args = ['--zone', 'shop.example.com', '--at', '2024-03-02', '--format', 'route53', '--jobs', '1'];
    const remote = await run(['replay', 's3://org-trail/cloudtrail', ...args]);
    const local = await run(['replay', TRAIL, ...args]);
    expect(remote.code, remote.err).toBe(0);
    expect(remote.out).toBe(local.out);
    expect(JSON.parse(remote.out).ResourceRecordSets.length).toBeGreaterThan(5);
  });

  it('says in the completeness report that logs after the listed days were not read', async () => {
    const args = ['--zone', 'shop.example.com', '--at', '2024-03-01T12:00:00Z', '--jobs', '1', '--quiet'];
    const json = await run(['replay', 's3://org-trail/cloudtrail', ...args, '--format', 'json']);
    expect(json.code, json.err).toBe(0);
    const c = (JSON.parse(json.out) as { snapshots: { completeness: { listedUntilDay?: string; inputSpan: { last: string } } }[] }).snapshots[0]!.completeness;
    expect(c.listedUntilDay).toBe('2024-03-02');
    expect(c.inputSpan.last < '2024-03-03').toBe(true); // the 3rd's folder was not listed
    const text = await run(['replay', 's3://org-trail/cloudtrail', ...args]);
    expect(text.out).toContain('not read: s3:// logs delivered after 2024-03-02 (listed up to the instant asked for); a DELETE in them could prove more sets existed at this instant');
    const local = await run(['replay', TRAIL, ...args, '--format', 'json']);
    expect((JSON.parse(local.out) as { snapshots: { completeness: { listedUntilDay?: string } }[] }).snapshots[0]!.completeness.listedUntilDay).toBeUndefined();
  });

  it('names the region folders it did not list, as a local walk does', async () => {
    const args = ['--zone', 'shop.example.com', '--at', '2024-03-02', '--jobs', '1', '--format', 'json'];
    const regionsNotRead = (r: MainResult) => (JSON.parse(r.out) as { snapshots: { completeness: { regionsNotRead: string[] } }[] }).snapshots[0]!.completeness.regionsNotRead;
    const remote = await run(['replay', 's3://org-trail/cloudtrail', ...args]);
    expect(remote.code, remote.err).toBe(0);
    expect(regionsNotRead(remote)).toEqual(['eu-west-1']);
    expect(regionsNotRead(await run(['replay', TRAIL, ...args]))).toEqual(['eu-west-1']);
    expect(remote.err).toContain('logs of 1 region(s) not read (eu-west-1; 1 folder(s))');
    const every = await run(['replay', 's3://org-trail/cloudtrail', ...args, '--all-regions']);
    expect(regionsNotRead(every)).toEqual([]);
  });

  it('says why nothing was read from a bucket holding only other regions\' logs', async () => {
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await client.send(new CreateBucketCommand({ Bucket: 'eu-only-trail' }));
    const eu = files(TRAIL).filter((f) => f.includes('/eu-west-1/'));
    expect(eu.length).toBeGreaterThan(0);
    for (const f of eu) await client.send(new PutObjectCommand({ Bucket: 'eu-only-trail', Key: relative(TRAIL, f), Body: readFileSync(f) }));
    const r = await run(['zones', 's3://eu-only-trail/']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('No Route 53 hosted-zone events in s3://eu-only-trail/ (0 file(s) read, 0 unreadable).\n');
    expect(r.err).toContain('logs of 1 region(s) not read (eu-west-1; 1 folder(s))');
  });

  it('lists up to the later of --from and --to when diff looks back in time', async () => {
    const args = ['--zone', 'shop.example.com', '--from', '2024-03-03', '--to', '2024-03-01T12:00:00Z', '--format', 'json', '--jobs', '1', '--quiet'];
    const remote = await run(['diff', 's3://org-trail/cloudtrail', ...args]);
    const local = await run(['diff', TRAIL, ...args]);
    expect(remote.err).toBe(local.err);
    expect(remote.code).toBe(local.code);
    const report = JSON.parse(remote.out) as { completeness: { listedUntilDay?: string } };
    expect(report.completeness.listedUntilDay).toBe('2024-03-04'); // the day after --from's
    delete report.completeness.listedUntilDay;
    expect(report).toEqual(JSON.parse(local.out));
  });

  it('says clearly when the bucket does not exist', async () => {
    const r = await run(['replay', 's3://no-such-bucket-here/x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no-such-bucket-here/);
  });
});
