import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { S3SourceError, listTrailObjects, parseS3Url, s3Inputs } from '../../src/sources/s3.js';
import { startS3rver, type TestS3 } from './s3rver-server.js';

const BUCKET = 'trail-bucket';
const ORG = 'o-a1b2c3d4e5';
const ORG_ACCOUNTS = ['111122223333', '444455556666'];
const SOLO = '777788889999';

/** A gzipped CloudTrail log file holding one Route 53 event. */
function logFile(account: string, region: string, when: string, n: number): Buffer {
  const record = {
    eventVersion: '1.11',
    eventTime: when,
    eventSource: 'route53.amazonaws.com',
    eventName: 'ChangeResourceRecordSets',
    awsRegion: region,
    eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    recipientAccountId: account,
    requestParameters: { hostedZoneId: 'Z0418273EXAMPLE1QWE2', changeBatch: { changes: [] } },
  };
  return gzipSync(Buffer.from(JSON.stringify({ Records: [record] })));
}

interface Upload {
  key: string;
  body: Buffer;
}

/** The trail: several days, two regions, an organization with two accounts and a standalone account, digests. */
function trail(): Upload[] {
  const out: Upload[] = [];
  let n = 0;
  const days = ['2024/03/04', '2024/03/05', '2024/03/06', '2024/03/07', '2024/03/09'];
  const bases = [...ORG_ACCOUNTS.map((a) => [`logs/AWSLogs/${ORG}/${a}/`, a] as const), [`logs/AWSLogs/${SOLO}/`, SOLO] as const];
  for (const [base, account] of bases) {
    for (const region of ['us-east-1', 'eu-west-1']) {
      for (const day of region === 'us-east-1' ? days : ['2024/03/05']) {
        const stamp = day.replace(/\//g, '');
        const key = `${base}CloudTrail/${region}/${day}/${account}_CloudTrail_${region}_${stamp}T1005Z_${String(n).padStart(16, 'x')}.json.gz`;
        out.push({ key, body: logFile(account, region, `${day.replace(/\//g, '-')}T10:00:00Z`, n++) });
      }
      const digestKey = `${base}CloudTrail-Digest/${region}/2024/03/05/${account}_CloudTrail-Digest_${region}_org-trail_us-east-1_20240305T110000Z.json.gz`;
      out.push({ key: digestKey, body: gzipSync(Buffer.from('{"logFiles":[]}')) });
    }
  }
  out.push({ key: 'logs/AWSLogs/not-an-account/CloudTrail/us-east-1/2024/03/05/x.json.gz', body: Buffer.from('junk') });
  return out;
}

let s3: TestS3;
let uploads: Upload[];

function client(endpoint = s3.endpoint): S3Client {
  return new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}

/** A client that records every ListObjectsV2 request and the keys each answer held. */
function recordingClient(): { c: S3Client; lists: { input: Record<string, unknown>; keys: string[] }[]; gets: { max: number } } {
  const c = client();
  const lists: { input: Record<string, unknown>; keys: string[] }[] = [];
  const gets = { max: 0 };
  let inFlight = 0;
  c.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'GetObjectCommand') {
        gets.max = Math.max(gets.max, ++inFlight);
        try {
          return await next(args);
        } finally {
          inFlight--;
        }
      }
      const result = await next(args);
      if (context.commandName === 'ListObjectsV2Command') {
        const out = result.output as { Contents?: { Key?: string }[] };
        lists.push({ input: args.input as Record<string, unknown>, keys: (out.Contents ?? []).map((o) => o.Key ?? '') });
      }
      return result;
    },
    { step: 'initialize', name: 'recordCalls' },
  );
  return { c, lists, gets };
}

beforeAll(async () => {
  s3 = await startS3rver();
  const c = client();
  await c.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await c.send(new CreateBucketCommand({ Bucket: 'empty-bucket' }));
  uploads = trail();
  await Promise.all(uploads.map((u) => c.send(new PutObjectCommand({ Bucket: BUCKET, Key: u.key, Body: u.body }))));
});

afterAll(async () => {
  await s3?.close();
});

const isUsEast1Log = (k: string) => /\/CloudTrail\/us-east-1\//.test(k);
const dayOf = (k: string) => /\/(\d{4}\/\d{2}\/\d{2})\//.exec(k)![1]!;
const realAccount = (k: string) => !k.includes('not-an-account');

describe('parseS3Url', () => {
  it('splits bucket and prefix', () => {
    expect(parseS3Url('s3://trail-bucket')).toEqual({ bucket: 'trail-bucket', prefix: '' });
    expect(parseS3Url('s3://trail-bucket/logs')).toEqual({ bucket: 'trail-bucket', prefix: 'logs/' });
    expect(parseS3Url('s3://trail-bucket/logs/AWSLogs/')).toEqual({ bucket: 'trail-bucket', prefix: 'logs/AWSLogs/' });
  });

  it('says what is wrong with a bad URL', () => {
    expect(() => parseS3Url('https://trail-bucket/logs')).toThrow(S3SourceError);
    expect(() => parseS3Url('https://trail-bucket/logs')).toThrow('"https://trail-bucket/logs" is not an S3 URL (expected s3://bucket/prefix)');
    expect(() => parseS3Url('s3://Trail_Bucket/x')).toThrow(/"Trail_Bucket" is not a valid bucket name/);
    expect(() => parseS3Url('s3:///x')).toThrow(/is not a valid bucket name/);
  });
});

describe('listTrailObjects against s3rver', () => {
  it('lists only us-east-1 and the window\'s delivery days (plus the day after --until), day folder by day folder', async () => {
    const { c, lists } = recordingClient();
    const found = await listTrailObjects(c, `s3://${BUCKET}/logs`, { since: '2024-03-05', until: '2024-03-06T12:00:00Z' });
    const expected = uploads
      .map((u) => u.key)
      .filter((k) => realAccount(k) && isUsEast1Log(k) && k.includes('/CloudTrail/') && ['2024/03/05', '2024/03/06', '2024/03/07'].includes(dayOf(k)))
      .sort();
    expect(found.map((f) => f.key)).toEqual(expected);
    expect(found.every((f) => f.size > 0)).toBe(true);
    // discovery: AWSLogs/, the organization and each account's region folders; then 3 accounts × 3 day folders
    expect(lists.filter((x) => x.input.Delimiter === '/').map((x) => x.input.Prefix).sort()).toEqual(
      ['logs/AWSLogs/', `logs/AWSLogs/${ORG}/`, ...ORG_ACCOUNTS.map((a) => `logs/AWSLogs/${ORG}/${a}/CloudTrail/`), `logs/AWSLogs/${SOLO}/CloudTrail/`].sort(),
    );
    const dayLists = lists.filter((x) => x.input.Delimiter === undefined);
    expect(dayLists).toHaveLength(9);
    for (const d of dayLists) expect(String(d.input.Prefix)).toMatch(/\/CloudTrail\/us-east-1\/2024\/03\/0[567]\/$/);
    // nothing outside the window came back from the server at all
    for (const d of dayLists) for (const k of d.keys) expect(['2024/03/05', '2024/03/06', '2024/03/07']).toContain(dayOf(k));
  });

  it('reports the region folders it leaves unlisted, and lists those of other partitions', async () => {
    // A trail in another partition: where it records global services is not assumed, so its folders are listed.
    const c = client();
    await c.send(new CreateBucketCommand({ Bucket: 'partition-bucket' }));
    const account = '123456789012';
    const keys = ['us-east-1', 'eu-west-1', 'ap-south-1', 'cn-northwest-1', 'us-gov-west-1'].map(
      (region) => `AWSLogs/${account}/CloudTrail/${region}/2024/03/05/${account}_CloudTrail_${region}_20240305T1005Z_${region.replace(/-/g, '')}.json.gz`,
    );
    await Promise.all(keys.map((Key, i) => c.send(new PutObjectCommand({ Bucket: 'partition-bucket', Key, Body: logFile(account, 'us-east-1', '2024-03-05T10:00:00Z', 900 + i) }))));
    const skipped: { path: string; region: string }[] = [];
    const found = await listTrailObjects(c, 's3://partition-bucket/', { onSkippedFolder: (f) => skipped.push(f) });
    expect(found.map((f) => f.key.split('/')[3])).toEqual(['cn-northwest-1', 'us-east-1', 'us-gov-west-1']);
    expect(skipped.sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual([
      { path: `s3://partition-bucket/AWSLogs/${account}/CloudTrail/ap-south-1/`, region: 'ap-south-1' },
      { path: `s3://partition-bucket/AWSLogs/${account}/CloudTrail/eu-west-1/`, region: 'eu-west-1' },
    ]);
    // Named regions are listed as named, and nothing is reported skipped.
    const named: unknown[] = [];
    const eu = await listTrailObjects(c, 's3://partition-bucket/', { regions: ['eu-west-1'], onSkippedFolder: (f) => named.push(f) });
    expect(eu.map((f) => f.key.split('/')[3])).toEqual(['eu-west-1']);
    expect(named).toEqual([]);
  });

  it('adds the digests of the same regions and days when asked', async () => {
    const found = await listTrailObjects(client(), `s3://${BUCKET}/logs/`, { since: '2024-03-05', until: '2024-03-05', digests: true });
    const digests = found.filter((f) => f.key.includes('/CloudTrail-Digest/'));
    expect(digests.map((d) => d.key)).toEqual(uploads.map((u) => u.key).filter((k) => k.includes('/CloudTrail-Digest/us-east-1/')).sort());
  });

  it('lists other regions when told, and only the accounts under a narrower prefix', async () => {
    const eu = await listTrailObjects(client(), `s3://${BUCKET}/logs/AWSLogs/${ORG}/`, { regions: ['eu-west-1'] });
    expect(eu.map((f) => f.key)).toEqual(
      uploads.map((u) => u.key).filter((k) => k.includes(`/${ORG}/`) && k.includes('/CloudTrail/eu-west-1/')).sort(),
    );
    const every = await listTrailObjects(client(), `s3://${BUCKET}/logs/AWSLogs/${ORG}/`, { regions: 'all', since: '2024-03-05', until: '2024-03-05' });
    expect(every.map((f) => f.key)).toEqual(
      uploads
        .map((u) => u.key)
        .filter((k) => k.includes(`/${ORG}/`) && k.includes('/CloudTrail/') && ['2024/03/05', '2024/03/06'].includes(dayOf(k)))
        .sort(),
    );
    expect(new Set(every.map((f) => f.key.split('/')[5]))).toEqual(new Set(['eu-west-1', 'us-east-1']));
    const solo = await listTrailObjects(client(), `s3://${BUCKET}/logs/AWSLogs/${SOLO}`);
    expect(solo.map((f) => f.key)).toEqual(uploads.map((u) => u.key).filter((k) => k.startsWith(`logs/AWSLogs/${SOLO}/CloudTrail/us-east-1/`)).sort());
  });

  it('an open or long window is one listing per region that starts at --since (StartAfter) and pages', async () => {
    const { c, lists } = recordingClient();
    const found = await listTrailObjects(c, `s3://${BUCKET}/logs`, { since: '2024-03-06', pageSize: 1 });
    expect(found.map((f) => dayOf(f.key)).sort()).toEqual(['2024/03/06', '2024/03/07', '2024/03/09'].flatMap((d) => [d, d, d]).sort());
    const ranged = lists.filter((x) => x.input.Delimiter === undefined);
    expect(ranged).toHaveLength(9); // 3 accounts × 3 pages of one key: the listing follows NextContinuationToken
    expect(ranged.every((r) => r.keys.length === 1)).toBe(true);
    for (const r of ranged) {
      expect(String(r.input.StartAfter)).toMatch(/\/CloudTrail\/us-east-1\/2024\/03\/06$/);
      for (const k of r.keys) expect(dayOf(k) >= '2024/03/06').toBe(true);
    }
    const untilOnly = await listTrailObjects(client(), `s3://${BUCKET}/logs`, { until: '2024-03-04T23:50:00Z' });
    expect(untilOnly.map((f) => dayOf(f.key)).sort()).toEqual(['2024/03/04', '2024/03/04', '2024/03/04', '2024/03/05', '2024/03/05', '2024/03/05']);
  });

  it('says which bucket does not exist, and when a prefix holds no trail', async () => {
    await expect(listTrailObjects(client(), 's3://no-such-bucket/logs')).rejects.toThrow('listing s3://no-such-bucket/logs/AWSLogs/: no such bucket');
    await expect(listTrailObjects(client(), 's3://empty-bucket/')).rejects.toThrow(/s3:\/\/empty-bucket\/AWSLogs\/ holds no CloudTrail account folders/);
    await expect(listTrailObjects(client(), `s3://${BUCKET}/logs/AWSLogs/${SOLO}/CloudTrail/us-east-1/`)).rejects.toThrow(/not deeper/);
    await expect(listTrailObjects(client(), `s3://${BUCKET}/logs`, { regions: ['mars'] })).rejects.toThrow('"mars" is not an AWS region name (like us-east-1)');
  });

  it('says the endpoint cannot be reached', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    await expect(listTrailObjects(client(`http://127.0.0.1:${port}`), `s3://${BUCKET}/logs`)).rejects.toThrow(/cannot reach the endpoint \(ECONNREFUSED/);
  });
});

/**
 * A ListObjectsV2 endpoint that lists one account's us-east-1 folder and then, for the
 * objects under it, answers every page "truncated, continue with token SAME".
 */
async function loopingListServer(): Promise<{ endpoint: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const xml = (body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>loop-bucket</Name>${body}</ListBucketResult>`;
  const server = createHttpServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const prefix = url.searchParams.get('prefix') ?? '';
    res.setHeader('content-type', 'application/xml');
    if (url.searchParams.get('delimiter') === '/') {
      const folder = prefix.endsWith('AWSLogs/') ? `${prefix}${SOLO}/` : `${prefix}us-east-1/`;
      res.end(xml(`<Prefix>${prefix}</Prefix><Delimiter>/</Delimiter><IsTruncated>false</IsTruncated><CommonPrefixes><Prefix>${folder}</Prefix></CommonPrefixes>`));
      return;
    }
    res.end(
      xml(
        `<Prefix>${prefix}</Prefix><KeyCount>1</KeyCount><IsTruncated>true</IsTruncated><NextContinuationToken>SAME</NextContinuationToken>` +
          `<Contents><Key>${prefix}2024/03/05/${SOLO}_CloudTrail_us-east-1_20240305T1005Z_aaaaaaaaaaaaaaaa.json.gz</Key><Size>20</Size></Contents>`,
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { endpoint: `http://127.0.0.1:${port}`, requests: () => requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('listTrailObjects against a misbehaving server', () => {
  it('stops a listing whose continuation token comes back, naming the prefix', async () => {
    const loop = await loopingListServer();
    try {
      await expect(listTrailObjects(client(loop.endpoint), 's3://loop-bucket/')).rejects.toThrow(
        `listing s3://loop-bucket/AWSLogs/${SOLO}/CloudTrail/us-east-1/: the server gave a continuation token it had given before (the listing would never end)`,
      );
      expect(loop.requests()).toBe(4); // accounts, regions, then two pages of the objects
    } finally {
      await loop.close();
    }
  });
});

describe('s3Inputs', () => {
  it('downloads the very bytes uploaded, with bounded concurrency', async () => {
    const { c, gets } = recordingClient();
    const inputs = await s3Inputs(`s3://${BUCKET}/logs`, { client: c, since: '2024-03-04', until: '2024-03-09', concurrency: 2 });
    const expected = uploads.filter((u) => realAccount(u.key) && isUsEast1Log(u.key)).sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(inputs.map((i) => i.name)).toEqual(expected.map((u) => `s3://${BUCKET}/${u.key}`));
    const bodies = await Promise.all(inputs.map((i) => i.read()));
    bodies.forEach((b, i) => expect(b.equals(expected[i]!.body)).toBe(true));
    expect(inputs.map((i) => i.size)).toEqual(expected.map((u) => u.body.length));
    expect(gets.max).toBeGreaterThan(0);
    expect(gets.max).toBeLessThanOrEqual(2);
  });

  it('makes its own client from the endpoint option and the environment credentials', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
    try {
      const inputs = await s3Inputs(`s3://${BUCKET}/logs/AWSLogs/${SOLO}/`, { endpoint: s3.endpoint, since: '2024-03-09', until: '2024-03-09' });
      expect(inputs).toHaveLength(1);
      expect((await inputs[0]!.read()).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('a failed download names the object', async () => {
    const c = client();
    const key = `AWSLogs/${SOLO}/CloudTrail/us-east-1/2024/03/09/${SOLO}_CloudTrail_us-east-1_20240309T1005Z_gonegonegonegone.json.gz`;
    await c.send(new CreateBucketCommand({ Bucket: 'gone-bucket' }));
    await c.send(new PutObjectCommand({ Bucket: 'gone-bucket', Key: key, Body: logFile(SOLO, 'us-east-1', '2024-03-09T10:00:00Z', 99) }));
    const inputs = await s3Inputs('s3://gone-bucket', { client: c });
    expect(inputs.map((i) => i.name)).toEqual([`s3://gone-bucket/${key}`]);
    await c.send(new DeleteObjectCommand({ Bucket: 'gone-bucket', Key: key }));
    await expect(inputs[0]!.read()).rejects.toThrow(`downloading s3://gone-bucket/${key}: no such key`);
  });
});
