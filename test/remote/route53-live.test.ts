import { createServer } from 'node:net';
import { Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readLiveZone } from '../../src/cli/commands/live-zone.js';
import { UsageError } from '../../src/cli/io.js';
import { compareRecordSets, recordKey } from '../../src/model/index.js';
import { Route53LiveError, fetchLiveZone, parseZoneId } from '../../src/sources/route53-live.js';
import { BROKEN_XML_ZONE_ID, DENIED_ZONE_ID, HTML_ZONE_ID, LOOPING_ZONE_ID, ZONE_ID, startFakeRoute53, type FakeRoute53 } from './route53-server.js';

let fake: FakeRoute53;

function client(endpoint = fake.endpoint): Route53Client {
  return new Route53Client({
    region: 'us-east-1',
    endpoint,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDEXAMPLETESTONLY', secretAccessKey: 'test-secret-not-real' },
  });
}

beforeAll(async () => {
  fake = await startFakeRoute53();
});
afterAll(async () => {
  await fake?.close();
});

describe('parseZoneId', () => {
  it('accepts the three spellings and rejects others', () => {
    expect(parseZoneId('Z123ABC')).toBe('Z123ABC');
    expect(parseZoneId('/hostedzone/Z123ABC')).toBe('Z123ABC');
    expect(parseZoneId('route53://Z123ABC')).toBe('Z123ABC');
    expect(() => parseZoneId('example.com')).toThrow(Route53LiveError);
    expect(() => parseZoneId('Z12/../x')).toThrow('"Z12/../x" is not a hosted zone id (expected Z…, /hostedzone/Z… or route53://Z…)');
  });
});

describe('fetchLiveZone against a local Route 53 API', () => {
  it('reads every page, following NextRecordName/Type/Identifier', async () => {
    fake.requests.length = 0;
    const { recordSets, native } = await fetchLiveZone(`/hostedzone/${ZONE_ID}`, { client: client() });
    const starts = fake.requests.map((u) => [u.pathname, u.searchParams.get('name'), u.searchParams.get('type'), u.searchParams.get('identifier')]);
    expect(starts).toEqual([
      [`/2013-04-01/hostedzone/${ZONE_ID}/rrset`, null, null, null],
      [`/2013-04-01/hostedzone/${ZONE_ID}/rrset`, 'api.example.net.', 'A', 'blue'],
      [`/2013-04-01/hostedzone/${ZONE_ID}/rrset`, 'api.example.net.', 'A', 'green'],
    ]);
    expect(recordSets.map((r) => recordKey(r))).toEqual([
      'example.net. NS',
      'example.net. SOA',
      'example.net. TXT',
      '\\052.example.net. CNAME',
      'api.example.net. A "blue"',
      'api.example.net. A "green"',
      'cdn.example.net. A',
    ]);
    expect([...recordSets].sort(compareRecordSets)).toEqual(recordSets);
    const byKey = new Map(recordSets.map((r) => [recordKey(r), r]));
    expect(byKey.get('api.example.net. A "green"')).toMatchObject({ setIdentifier: 'green', weight: 0, ttl: 60, values: ['192.0.2.20'] });
    expect(byKey.get('cdn.example.net. A')).toMatchObject({
      aliasTarget: { hostedZoneId: 'Z2FDTNDATAQYW2', dnsName: 'd111111abcdef8.cloudfront.net.', evaluateTargetHealth: false },
    });
    expect(byKey.get('cdn.example.net. A')?.ttl).toBeUndefined();
    expect(byKey.get('example.net. TXT')?.values).toHaveLength(2);
    expect(byKey.get('example.net. NS')).toMatchObject({ ttl: 172800 });
    expect(byKey.get('\\052.example.net. CNAME')?.values).toEqual(['www.example.net.']);
    // the native objects are the API's, PascalCase, without unset members
    expect(native.get('api.example.net. A "blue"')).toEqual({
      Name: 'api.example.net.',
      Type: 'A',
      SetIdentifier: 'blue',
      Weight: 10,
      TTL: 60,
      ResourceRecords: [{ Value: '192.0.2.10' }],
    });
    expect(native.get('cdn.example.net. A')).toEqual({
      Name: 'cdn.example.net.',
      Type: 'A',
      AliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2', DNSName: 'd111111abcdef8.cloudfront.net.', EvaluateTargetHealth: false },
    });
    expect(native.size).toBe(recordSets.length);
  });

  it('accepts route53:// ids', async () => {
    const c = client();
    const a = await fetchLiveZone(`route53://${ZONE_ID}`, { client: c });
    expect(a.recordSets).toHaveLength(7);
  });

  it('says the zone does not exist (NoSuchHostedZone, HTTP 404)', async () => {
    const err = await fetchLiveZone('ZNOSUCHZONE1', { client: client() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Route53LiveError);
    expect((err as Error).message).toBe('hosted zone ZNOSUCHZONE1 does not exist (NoSuchHostedZone: No hosted zone found with ID: ZNOSUCHZONE1)');
  });

  it('says access was denied', async () => {
    await expect(fetchLiveZone(DENIED_ZONE_ID, { client: client() })).rejects.toThrow(
      /^listing hosted zone Z9DENIED9EXAMPLE: access denied \(User: arn:aws:iam::111122223333:user\/ro is not authorized/,
    );
  });

  it('stops a listing that goes round a loop, at the first page it has read before', async () => {
    fake.requests.length = 0;
    await expect(fetchLiveZone(LOOPING_ZONE_ID, { client: client() })).rejects.toThrow(
      `hosted zone ${LOOPING_ZONE_ID}: page 3 points back at a page already read (NextRecordName b.example.net.)`,
    );
    expect(fake.requests).toHaveLength(3);
  });

  it('refuses a 200 answer that is not a ListResourceRecordSets response, rather than call the zone empty', async () => {
    await expect(fetchLiveZone(HTML_ZONE_ID, { client: client() })).rejects.toThrow(
      `hosted zone ${HTML_ZONE_ID}: page 1 is not a ListResourceRecordSets response (it has no IsTruncated)`,
    );
    const broken = await fetchLiveZone(BROKEN_XML_ZONE_ID, { client: client() }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(Route53LiveError);
    // One line, without the SDK's hint about a hidden `$response` field (meant for programmers).
    expect((broken as Error).message).toBe(
      `listing hosted zone ${BROKEN_XML_ZONE_ID}: the answer (HTTP 200) is not one the AWS API sends (XML parse error: missing closing tag </Name>)`,
    );
  });

  it('says the endpoint cannot be reached', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    await expect(fetchLiveZone(ZONE_ID, { client: client(`http://127.0.0.1:${port}`) })).rejects.toThrow(/cannot reach the endpoint \(ECONNREFUSED/);
  });
});

describe('readLiveZone (diff --against and apply --to route53://)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("says a failure of the zone or the service as the user's to fix (exit 2), naming the zone", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLETESTONLY');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-secret-not-real');
    vi.stubEnv('AWS_SESSION_TOKEN', undefined);
    vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
    for (const [zone, said] of [
      [DENIED_ZONE_ID, /^cannot read route53:\/\/Z9DENIED9EXAMPLE: listing hosted zone Z9DENIED9EXAMPLE: access denied/],
      [BROKEN_XML_ZONE_ID, /^cannot read route53:\/\/Z6BROKEN6EXAMPLE: listing hosted zone Z6BROKEN6EXAMPLE: the answer \(HTTP 200\) is not one the AWS API sends/],
      ['not-a-zone', /^cannot read route53:\/\/not-a-zone: "not-a-zone" is not a hosted zone id/],
    ] as const) {
      const err = await readLiveZone(`route53://${zone}`, fake.endpoint).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(said);
    }
    const live = await readLiveZone(`route53://${ZONE_ID}`, fake.endpoint);
    expect(live).toMatchObject({ file: `route53://${ZONE_ID}`, kind: 'route53', zoneId: ZONE_ID, zoneName: 'example.net.' });
  });
});
