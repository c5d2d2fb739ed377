/**
 * The real CLI, end to end, on the bundled fixture trees.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILT, runCli } from './run-cli.js';
import { ctChange, ctChangeBatch, ctCreateZone, ctDeleteZone, ctRrset } from '../support/cloudtrail.js';

const SHOP = 'fixtures/shop-trail/trail';
const AWS_EXAMPLE = 'fixtures/aws-example/route53-cloudtrail-example.json';

interface JsonSet {
  Name: string;
  Type: string;
  SetIdentifier?: string;
  TTL?: number;
  Weight?: number;
  ResourceRecords?: { Value: string }[];
  AliasTarget?: { DNSName: string };
  Provenance: { origin: string; eventId: string; identity: { userName?: string; arn?: string } };
}

async function snapshotSets(args: string[]): Promise<Map<string, JsonSet>> {
  const r = await runCli([...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as { snapshots: { ResourceRecordSets: JsonSet[] }[] };
  expect(doc.snapshots).toHaveLength(1);
  return new Map(doc.snapshots[0]!.ResourceRecordSets.map((s) => [`${s.Name} ${s.Type}${s.SetIdentifier ? ` ${s.SetIdentifier}` : ''}`, s]));
}

const values = (s: JsonSet | undefined) => s?.ResourceRecords?.map((r) => r.Value);

describe('zone-replay replay (end to end)', () => {
  beforeAll(() => {
    if (!BUILT) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  });

  it('prints the AWS example at 2018-01-16 with both records, their provenance, anomalies and labels', async () => {
    const r = await runCli([AWS_EXAMPLE, '--at', '2018-01-16']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('prod.example.com. A');
    expect(r.stdout).toContain('test.example.com. A');
    expect(r.stdout).toMatch(/CREATE: 2018-01-16T00:41:43Z ChangeResourceRecordSets by smithj \(IAMUser arn:aws:iam::111122223333:user\/smithj\)/);
    expect(r.stdout).toMatch(/after the zone's deletion/);
    expect(r.stdout).toMatch(/LOWER BOUND/);
    expect(r.stdout).toMatch(/inferred from record names/);
    expect(r.stdout).toMatch(/redacted or invalid values \(kept as logged\) \(8\)|redacted or invalid values \(kept as logged\) \(2\)/);
    expect(r.stdout).toMatch(/Do not use to reconstruct hosted zone/);
    expect(r.stdout).toContain('resolved to 2018-01-16T23:59:59.999Z');
  });

  it('replays a multi-file gzipped trail to the right zone at several instants', async () => {
    const early = await snapshotSets([SHOP, '--zone', 'shop.example.com', '--at', '2024-03-01T09:12:00Z']);
    expect([...early.keys()].sort()).toEqual(['shop.example.com. MX', 'shop.example.com. NS', 'shop.example.com. SOA', 'shop.example.com. TXT', 'www.shop.example.com. A']);
    expect(values(early.get('www.shop.example.com. A'))).toEqual(['203.0.113.10', '203.0.113.11']);
    expect(values(early.get('shop.example.com. MX'))).toEqual(['10 mx1.mail.example.net.', '20 mx2.mail.example.net.']);
    expect(early.get('shop.example.com. NS')!.Provenance.origin).toBe('synthesized');

    const day2 = await snapshotSets([SHOP, '--zone', 'Z0SHOPEXAMPLE01', '--at', '2024-03-02']);
    expect(day2.get('www.shop.example.com. A')).toMatchObject({ TTL: 60, ResourceRecords: [{ Value: '203.0.113.20' }] });
    expect(day2.get('www.shop.example.com. A')!.Provenance.identity.arn).toMatch(/assumed-role\/AWSReservedSSO_Admin_0123\/bob@example.com/);
    expect(day2.get('api.shop.example.com. A blue')).toMatchObject({ Weight: 50 });
    expect(day2.get('api.shop.example.com. A green')).toMatchObject({ Weight: 50 });
    expect(day2.get('shop.example.com. A')!.AliasTarget!.DNSName).toBe('d1x2y3z4example.cloudfront.net.');
    expect(day2.has('_3f2a9c.shop.example.com. CNAME')).toBe(true);
    expect(day2.has('www.shop.example.com. CNAME')).toBe(false);

    const end = await snapshotSets([SHOP, '--zone', 'shop.example.com.']);
    expect(end.has('_3f2a9c.shop.example.com. CNAME')).toBe(false);
    expect(values(end.get('\\052.shop.example.com. CNAME'))).toEqual(['www.shop.example.com.']);
    // apex A alias, MX, NS, SOA, TXT; * CNAME; api blue and green; www A.
    expect(end.size).toBe(9);
  });

  it('says a zone created in the logs did not exist yet at an instant before its creation, in snapshots and blame', async () => {
    const status = async (args: string[]) => {
      const r = await runCli([...args, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.split('\n').find((l) => l.startsWith('status: '));
    };
    for (const cmd of [[], ['blame']]) {
      expect(await status([...cmd, SHOP, '--zone', 'shop.example.com', '--at', '2024-02-01'])).toBe('status: not created yet at this instant (its CreateHostedZone is later in the logs); 0 record set(s)');
      expect(await status([...cmd, SHOP, '--zone', 'shop.example.com', '--at', '2024-03-02'])).toBe('status: exists (created in the logs); 9 record set(s)');
      expect(await status([...cmd, SHOP, '--zone', 'legacy.example.org', '--at', '2024-03-02'])).toBe('status: existed before the logs (creation not in the logs: a lower bound); 1 record set(s)');
    }
  });

  it('shows sets proved by a later DELETE in a zone created before the logs', async () => {
    const before = await snapshotSets([SHOP, '--zone', 'Z0LEGACYEXAMPLE', '--at', '2024-03-01T10:00:00Z']);
    expect(before.get('old-app.legacy.example.org. A')!.Provenance.origin).toBe('inferred');
    const after = await snapshotSets([SHOP, '--zone', 'Z0LEGACYEXAMPLE']);
    expect([...after.keys()].sort()).toEqual(['intranet.legacy.example.org. A', 'legacy.example.org. TXT']);
  });

  it('reports failed and rejected batches and duplicates in the completeness report', async () => {
    const r = await runCli([SHOP, '--zone', 'shop.example.com', '--format', 'json']);
    const c = (JSON.parse(r.stdout) as { snapshots: { completeness: { failedCalls: unknown[]; rejectedBatches: { reasons: string[] }[]; duplicatesDropped: number; lowerBound: boolean } }[] }).snapshots[0]!.completeness;
    expect(c.failedCalls).toHaveLength(1);
    expect(c.rejectedBatches).toHaveLength(1);
    expect(c.rejectedBatches[0]!.reasons[0]).toMatch(/CNAME/);
    expect(c.duplicatesDropped).toBe(1);
    expect(c.lowerBound).toBe(false);
  });

  it('prints list-resource-record-sets JSON with the report on stderr', async () => {
    const r = await runCli([SHOP, '--zone', 'shop.example.com', '--format', 'route53']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ResourceRecordSets: { Name: string }[] };
    expect(doc.ResourceRecordSets[0]!.Name).toBe('shop.example.com.');
    expect(r.stderr).toMatch(/Completeness/);
  });

  it('stops quietly when its reader stops early (| head)', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync('sh', ['-c', `node bin/zone-replay.js ${SHOP} --quiet 2>&1 | head -1`], { encoding: 'utf8' });
    expect(out).toMatch(/^Zone /);
    expect(out).not.toMatch(/EPIPE/);
  });

  const hasChecker = spawnSync('named-checkzone', ['-v']).status === 0;
  it.skipIf(!hasChecker && !process.env.CI)(`writes zone files named-checkzone accepts, placeholders where the logs lack SOA/NS${hasChecker ? '' : ' (skipped: named-checkzone is not installed; CI installs bind9-utils)'}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-bind-'));
    for (const [args, origin, placeholders] of [
      [[SHOP, '--zone', 'shop.example.com'], 'shop.example.com', false],
      [[SHOP, '--zone', 'Z0LEGACYEXAMPLE'], 'legacy.example.org', true],
      [[AWS_EXAMPLE, '--at', '2018-01-16'], 'example.com', true],
    ] as const) {
      const r = await runCli([...args, '--format', 'bind']);
      expect(r.code, r.stderr).toBe(0);
      const file = join(dir, `${origin}.zone`);
      writeFileSync(file, r.stdout);
      expect(() => execFileSync('named-checkzone', ['-q', origin, file])).not.toThrow();
      expect(r.stdout.includes('PLACEHOLDERS')).toBe(placeholders);
      expect(r.stdout).toMatch(/^; Completeness/m);
    }
  });

  it('warns on stderr about each unreadable input, naming the file, and goes on (--strict stops)', async () => {
    const r = await runCli(['zones', 'fixtures/ingest']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('example.com.');
    expect(r.stderr).toMatch(/warning: fixtures\/ingest\/broken\/bad\.json: invalid JSON at line \d+, column \d+/);
    expect(r.stderr).toMatch(/warning: .*\.json\.gz: gzip data is truncated/);
    expect(r.stderr).toMatch(/warning: fixtures\/ingest\/broken\/event-history\.csv: .*Event history/);
    const strict = await runCli(['zones', 'fixtures/ingest', '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe('');
  });

  it('leaves region folders without Route 53 events unread, and says so; --all-regions reads them to the same snapshot', async () => {
    const pruned = await runCli(['replay', SHOP, '--zone', 'shop.example.com', '--format', 'json']);
    const all = await runCli(['replay', SHOP, '--zone', 'shop.example.com', '--format', 'json', '--all-regions']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(all.code, all.stderr).toBe(0);
    expect(pruned.stderr).toContain('note: logs of 1 region(s) not read (eu-west-1; 1 folder(s)): CloudTrail records Route 53 in us-east-1 only; --all-regions reads them');
    expect(all.stderr).not.toContain('not read');
    type Doc = { snapshots: { ResourceRecordSets: unknown[]; completeness: { regionsNotRead: string[] } }[] };
    const [p, a] = [JSON.parse(pruned.stdout) as Doc, JSON.parse(all.stdout) as Doc];
    expect(p.snapshots[0]!.completeness.regionsNotRead).toEqual(['eu-west-1']);
    expect(a.snapshots[0]!.completeness.regionsNotRead).toEqual([]);
    expect(p.snapshots[0]!.ResourceRecordSets).toEqual(a.snapshots[0]!.ResourceRecordSets);
    const text = await runCli(['replay', SHOP, '--zone', 'shop.example.com', '--quiet']);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain("not read: the trail's folders for eu-west-1 (CloudTrail records Route 53 in us-east-1 only; --all-regions reads them)");
  });

  it('prunes a copy that dropped the key layout by its files\' names, unless the region is named', async () => {
    // `aws s3 sync s3://bucket/AWSLogs/<account>/CloudTrail/ ./ct`: region folders without AWSLogs/…/CloudTrail above them.
    const dir = mkdtempSync(join(tmpdir(), 'zr-flat-'));
    cpSync(join(SHOP, 'AWSLogs/111122223333/CloudTrail'), dir, { recursive: true });
    const args = ['--zone', 'shop.example.com', '--format', 'json'];
    type Doc = { snapshots: { ResourceRecordSets: unknown[]; completeness: { regionsNotRead: string[] } }[] };
    const flat = await runCli(['replay', dir, ...args]);
    const layout = await runCli(['replay', SHOP, ...args]);
    expect(flat.code, flat.stderr).toBe(0);
    expect(flat.stderr).toMatch(/note: logs of 1 region\(s\) not read \(eu-west-1; \d+ folder\(s\)\)/);
    const [f, l] = [JSON.parse(flat.stdout) as Doc, JSON.parse(layout.stdout) as Doc];
    expect(f.snapshots[0]!.completeness.regionsNotRead).toEqual(['eu-west-1']);
    expect(f.snapshots[0]!.ResourceRecordSets.length).toBe(l.snapshots[0]!.ResourceRecordSets.length);
    // The same zone (the list-resource-record-sets shape carries no file names).
    const sets = async (path: string) => (await runCli(['replay', path, '--zone', 'shop.example.com', '--format', 'route53', '--quiet'])).stdout;
    expect(await sets(dir)).toBe(await sets(SHOP));
    const euFiles = (d: string) => readdirSync(d, { recursive: true }).filter((n) => String(n).includes('_CloudTrail_eu-west-1_')).length;
    expect(euFiles(dir)).toBeGreaterThan(0);
    const every = await runCli(['replay', dir, ...args, '--all-regions']);
    expect((JSON.parse(every.stdout) as Doc).snapshots[0]!.completeness.regionsNotRead).toEqual([]);
    // Named on the command line, the region's folder is read: every one of its files.
    const named = await runCli(['replay', join(dir, 'eu-west-1')]);
    expect(named.stderr).toContain(`(${euFiles(dir)} file(s) read, 0 unreadable)`);
  });

  it('--at still reads the logs of later days: a later DELETE proves a set existed at the instant', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-later-'));
    cpSync(SHOP, dir, { recursive: true });
    const day = join(dir, 'AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/20');
    mkdirSync(day, { recursive: true });
    const record = {
      eventVersion: '1.11',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', userName: 'alice', accountId: '111122223333' },
      eventTime: '2024-03-20T10:00:00Z',
      eventSource: 'route53.amazonaws.com',
      eventName: 'ChangeResourceRecordSets',
      awsRegion: 'us-east-1',
      requestParameters: {
        hostedZoneId: 'Z0LEGACYEXAMPLE',
        changeBatch: { changes: [{ action: 'DELETE', resourceRecordSet: { name: 'ftp.legacy.example.org', type: 'A', tTL: 3600, resourceRecords: [{ value: '192.0.2.77' }] } }] },
      },
      responseElements: { changeInfo: { id: '/change/C0LATERDELETE1', status: 'PENDING', submittedAt: 'Mar 20, 2024 10:00:00 AM' } },
      eventID: '5b0f7c1e-0000-4000-8000-000000000020',
      recipientAccountId: '111122223333',
    };
    writeFileSync(join(day, '111122223333_CloudTrail_us-east-1_20240320T1005Z_La7eRdE1eTeEv1dE.json.gz'), gzipSync(JSON.stringify({ Records: [record] })));
    const r = await runCli(['replay', dir, '--zone', 'legacy.example.org', '--at', '2024-03-01T09:30:00Z', '--format', 'json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const sets = (JSON.parse(r.stdout) as { snapshots: { ResourceRecordSets: { Name: string }[] }[] }).snapshots[0]!.ResourceRecordSets;
    expect(sets.map((s) => s.Name)).toContain('ftp.legacy.example.org.');
  });

  it('lists zones', async () => {
    const r = await runCli(['zones', SHOP, '--format', 'json']);
    const doc = JSON.parse(r.stdout) as { zoneReplay: { report: string; reportVersion: number }; zones: { zoneId: string; zoneName: string; nameSource: string; genesisKnown: boolean }[] };
    expect(doc.zoneReplay).toMatchObject({ report: 'zones', reportVersion: 1 });
    const zones = doc.zones;
    expect(zones.map((z) => [z.zoneId, z.zoneName, z.nameSource, z.genesisKnown])).toEqual([
      ['Z0LEGACYEXAMPLE', 'legacy.example.org.', 'inferred', false],
      ['Z0SHOPEXAMPLE01', 'shop.example.com.', 'logged', true],
    ]);
  });

  it('answers an empty list (exit 0) from zones and timeline on logs without Route 53 events, saying what was read; the zone commands stop with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-no-route53-'));
    const record = { eventVersion: '1.08', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventTime: '2024-03-01T10:00:00Z', awsRegion: 'us-east-1', eventID: 'e-1' };
    writeFileSync(join(dir, 'a.json.gz'), gzipSync(JSON.stringify({ Records: [record] })));
    writeFileSync(join(dir, 'b.json.gz'), gzipSync(JSON.stringify({ Records: [{ ...record, eventID: 'e-2' }] })));
    for (const command of ['zones', 'timeline']) {
      const text = await runCli([command, dir]);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toBe(`No Route 53 hosted-zone events in ${dir} (2 file(s) read, 0 unreadable).\n`);
    }
    // A path the user gave is written as the refusal on stderr writes it: a terminal acts on none of it.
    const elsewhere = mkdtempSync(join(tmpdir(), 'zr-no-route53-'));
    const odd = join(elsewhere, 'trail\u001b[31m');
    mkdirSync(odd);
    cpSync(join(dir, 'a.json.gz'), join(odd, 'a.json.gz'));
    const escaped = await runCli(['zones', odd]);
    expect(escaped.stdout).toBe(`No Route 53 hosted-zone events in ${elsewhere}/trail\\x1b[31m (1 file(s) read, 0 unreadable).\n`);
    const json = await runCli(['zones', dir, '--format', 'json']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { zones: unknown[] }).zones).toEqual([]);
    for (const command of ['replay', 'log', 'blame']) {
      const r = await runCli([command, dir]);
      expect(r.code, command).toBe(2);
      expect(r.stderr).toContain(`no Route 53 hosted-zone events in ${dir} (2 file(s) read, 0 unreadable); nothing to`);
    }
  });

  it('gives a clear message and exit 2 for user mistakes, never a stack trace', async () => {
    for (const args of [[SHOP, '--at', 'yesterday'], [SHOP, '--zone', 'nope.example'], ['does-not-exist/'], [SHOP, '--format', 'xml'], [SHOP, '--format', 'route53']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^zone-replay: |error:/m);
      expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    }
  });

  it('says who deleted a zone and how to see it just before, in text, JSON, BIND and route53 output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-deleted-'));
    const zone = 'Z0DELETEDZONE1';
    const records = [
      ctCreateZone({ id: 'c0', time: '2024-03-01T09:00:00Z', zone, name: 'gone.example.com' }),
      ctChangeBatch({ id: 'c1', time: '2024-03-01T09:05:00Z', zone, changes: [ctChange('CREATE', ctRrset('www.gone.example.com', 'A', 60, ['192.0.2.1']))] }),
      ctChangeBatch({ id: 'c2', time: '2024-03-01T10:00:00Z', zone, changes: [ctChange('DELETE', ctRrset('www.gone.example.com', 'A', 60, ['192.0.2.1']))] }),
      ctDeleteZone({ id: 'd0', time: '2024-03-01T10:00:05Z', zone }),
    ];
    writeFileSync(join(dir, 'trail.json'), JSON.stringify({ Records: records }));
    const text = await runCli([dir, '--zone', zone]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^deleted: 2024-03-01T10:00:05Z DeleteHostedZone by alice .*, event d0$/m);
    // Just before: the SOA and NS of the zone (its last record was deleted first).
    expect(text.stdout).toContain('just before: 2 record set(s); --at 2024-03-01T10:00:04.999Z shows them');
    // Route 53 deletes only an empty zone: the instant before the DELETEs that emptied it holds its sets.
    expect(text.stdout).toContain('before the 1 batch(es) of DELETEs that emptied it: 3 record set(s); --at 2024-03-01T09:59:59.999Z shows them');
    const before = await runCli([dir, '--zone', zone, '--at', '2024-03-01T10:00:04.999Z', '--format', 'json']);
    const doc = JSON.parse(before.stdout) as { snapshots: { status: string; deletion: unknown; ResourceRecordSets: unknown[] }[] };
    expect([doc.snapshots[0]!.status, doc.snapshots[0]!.deletion, doc.snapshots[0]!.ResourceRecordSets.length]).toEqual(['exists', null, 2]);
    const after = JSON.parse((await runCli([dir, '--zone', zone, '--format', 'json'])).stdout) as { snapshots: { deletion: Record<string, unknown> }[] };
    expect(after.snapshots[0]!.deletion).toMatchObject({
      eventId: 'd0',
      eventName: 'DeleteHostedZone',
      recordSetsBefore: 2,
      lastInstantBefore: '2024-03-01T10:00:04.999Z',
      beforeEmptied: { batches: 1, recordSetsBefore: 3, lastInstantBefore: '2024-03-01T09:59:59.999Z' },
    });
    const bind = await runCli([dir, '--zone', zone, '--format', 'bind']);
    expect(bind.stdout).toContain('; DELETED at 2024-03-01T10:00:05Z (event d0): nothing is left at this instant; --at 2024-03-01T10:00:04.999Z writes the 2 record set(s) it held just before');
    const route53 = await runCli([dir, '--zone', zone, '--format', 'route53']);
    expect(route53.stderr).toContain('zone-replay: DELETED at 2024-03-01T10:00:05Z (event d0)');
  });

  it('stops with exit 2 at a named path that cannot exist, even beside readable ones, before reading anything', async () => {
    // README.md/x once crashed the guess of how many workers to start (ENOTDIR from stat) with a stack trace.
    for (const missing of ['does-not-exist.json.gz', 'README.md/x']) {
      for (const command of [['zones'], ['replay'], ['timeline'], ['log', '--zone', 'shop.example.com']]) {
        const r = await runCli([...command, SHOP, missing, '--jobs', '2']);
        expect(r.code, `${command[0]} ${missing}: ${r.stderr}`).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(`zone-replay: ${missing}: no such file or directory`);
        expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
      }
    }
  });
});
