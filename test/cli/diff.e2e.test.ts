/**
 * diff and apply, end to end: drift found and classified, a change batch that
 * the simulator applies cleanly to restore the zone, exit codes like diff(1).
 */
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const SHOP = 'fixtures/shop-trail/trail';
const LIVE = 'fixtures/shop-trail/live/shop.example.com.json';
const ZONE_FILE = 'fixtures/shop-trail/live/shop.example.com.zone';

interface DiffJson {
  summary: { added: number; removed: number; changed: number; ttlOnly: number; apex: number };
  differences: { key: string; kind: string; classification: string; evidence: { actor: string; eventTime: string } | null }[];
}

describe('zone-replay diff (end to end)', () => {
  it('classifies the drift in a live export, with evidence, and exits 1', async () => {
    const r = await runCli(['diff', SHOP, '--against', LIVE, '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as DiffJson;
    expect(doc.summary).toEqual({ added: 2, removed: 1, changed: 2, ttlOnly: 1, apex: 0 });
    const by = new Map(doc.differences.map((d) => [d.key, d]));
    expect(by.get('admin.shop.example.com. A')).toMatchObject({ kind: 'added', classification: 'not-in-logs', evidence: null });
    expect(by.get('_3f2a9c.shop.example.com. CNAME')).toMatchObject({ kind: 'added', classification: 'deleted-in-logs', evidence: { actor: 'alice', eventTime: '2024-03-03T09:00:00Z' } });
    expect(by.get('shop.example.com. TXT')).toMatchObject({ kind: 'removed', classification: 'missing-live' });
    expect(by.get('www.shop.example.com. A')).toMatchObject({ kind: 'changed', classification: 'changed-out-of-band', evidence: { actor: 'AWSReservedSSO_Admin_0123/bob@example.com' } });
    expect(by.get('api.shop.example.com. A "green"')).toMatchObject({ kind: 'changed' });
  });

  it('prints a readable text diff with a unified diff of the canonical zone text, without colour when not a TTY', async () => {
    const r = await runCli(['diff', SHOP, '--against', LIVE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('+admin.shop.example.com. 300 A 198.51.100.66');
    expect(r.stdout).toContain('-www.shop.example.com. 60 A 203.0.113.20');
    expect(r.stdout).toMatch(/^@@ /m);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('counts an apex NS changed out of band as drift (the logged creation names the servers), not an SOA it cannot know', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-apex-'));
    const live = JSON.parse(readFileSync(ZONE_FILE.replace(/\.zone$/, '.json'), 'utf8')) as { ResourceRecordSets: { Name: string; Type: string; ResourceRecords?: { Value: string }[] }[] };
    const apex = (type: string) => live.ResourceRecordSets.find((r) => r.Name === 'shop.example.com.' && r.Type === type)!;
    // Only the SOA differs: the replay's SOA primary is a guess, so this is reported apart.
    apex('SOA').ResourceRecords = [{ Value: 'ns-51.awsdns-06.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' }];
    const soaOnly = join(dir, 'soa.json');
    writeFileSync(soaOnly, JSON.stringify(live));
    const baseline = JSON.parse((await runCli(['diff', SHOP, '--against', LIVE, '--format', 'json'])).stdout) as DiffJson;
    const soa = await runCli(['diff', SHOP, '--against', soaOnly, '--format', 'json']);
    expect(soa.code, soa.stderr).toBe(1); // the fixture's own drift
    expect((JSON.parse(soa.stdout) as DiffJson).summary).toEqual({ ...baseline.summary, apex: 1 });
    expect((JSON.parse(soa.stdout) as DiffJson).differences.find((d) => d.key === 'shop.example.com. SOA')).toMatchObject({ classification: 'apex' });
    // A name server swapped out of band: CreateHostedZone's delegation set is in the logs, so it is drift.
    apex('NS').ResourceRecords = [{ Value: 'ns-1536.awsdns-00.co.uk.' }, { Value: 'ns-51.awsdns-06.com.' }, { Value: 'ns-919.awsdns-50.net.' }, { Value: 'ns1.attacker.example.' }];
    const nsChanged = join(dir, 'ns.json');
    writeFileSync(nsChanged, JSON.stringify(live));
    const ns = await runCli(['diff', SHOP, '--against', nsChanged, '--format', 'json']);
    const doc = JSON.parse(ns.stdout) as DiffJson;
    expect(doc.summary).toEqual({ ...baseline.summary, changed: baseline.summary.changed + 1, apex: 1 });
    expect(doc.differences.find((d) => d.key === 'shop.example.com. NS')).toMatchObject({ kind: 'changed', classification: 'changed-out-of-band', evidence: { actor: 'alice', eventTime: '2024-03-01T09:00:05Z' } });
    const text = await runCli(['diff', SHOP, '--against', nsChanged]);
    expect(text.stdout).toContain('ns1.attacker.example.');
    expect(text.stdout.indexOf('shop.example.com. NS')).toBeLessThan(text.stdout.indexOf('Apex SOA/NS the logs cannot tell'));
  });

  it('prints a text diff of more lines than a function call takes arguments', async () => {
    // 45,000 sets not in the logs, three lines each: past V8's ~125,000 arguments for push(...lines).
    const dir = mkdtempSync(join(tmpdir(), 'zr-bigdiff-'));
    const lines = ['$ORIGIN shop.example.com.', '$TTL 300'];
    for (let i = 0; i < 45_000; i++) lines.push(`h${i} IN A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    writeFileSync(join(dir, 'big.zone'), lines.join('\n') + '\n');
    const r = await runCli(['diff', SHOP, '--zone', 'shop.example.com', '--against', join(dir, 'big.zone'), '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^45000 added, /m);
    expect(r.stdout).toContain('h44999.shop.example.com.');
  });

  it('refuses an export from which no record set can be read (a wrong file given to a drift check), exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-notzone-'));
    const passwd = join(dir, 'passwd');
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
    const emptyJson = join(dir, 'empty.json');
    writeFileSync(emptyJson, JSON.stringify({ ResourceRecordSets: [] }, null, 4));
    const text = await runCli(['diff', SHOP, '--zone', 'shop.example.com', '--against', passwd, '--quiet']);
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain(`${passwd}: not a usable zone file: no record read (2 skipped; line 1: `);
    const json = await runCli(['diff', SHOP, '--zone', 'shop.example.com', '--against', emptyJson, '--quiet']);
    expect(json.code).toBe(2);
    expect(json.stderr).toContain(`${emptyJson}: no record set in it; Route 53 lists every hosted zone with its SOA and NS records`);
    const change = { Action: 'CREATE', ResourceRecordSet: { Name: 'x.shop.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] } };
    writeFileSync(join(dir, 'batch.json'), JSON.stringify({ ChangeBatch: { Changes: [change] } }));
    const applied = await runCli(['apply', join(dir, 'batch.json'), '--to', passwd]);
    expect(applied.code).toBe(2);
    expect(applied.stderr).toContain(`${passwd}: not a usable zone file`);
  });

  it('refuses an export of another zone than the one replayed (by its apex, or by its names), exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-otherzone-'));
    const set = (Name: string, Type: string, values: string[], TTL = 300) => ({ Name, Type, TTL, ResourceRecords: values.map((Value) => ({ Value })) });
    const withApex = join(dir, 'other-apex.json');
    writeFileSync(
      withApex,
      JSON.stringify({
        ResourceRecordSets: [
          set('other.example.net.', 'NS', ['ns-1.awsdns-01.com.', 'ns-2.awsdns-02.net.'], 172800),
          set('other.example.net.', 'SOA', ['ns-1.awsdns-01.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'], 900),
          set('www.other.example.net.', 'A', ['192.0.2.1']),
        ],
      }),
    );
    const namesOnly = join(dir, 'other-names.json');
    writeFileSync(namesOnly, JSON.stringify({ ResourceRecordSets: [set('www.other.example.net.', 'A', ['192.0.2.1'])] }));
    const byApex = await runCli(['diff', SHOP, '--zone', 'shop.example.com', '--against', withApex, '--quiet']);
    expect(byApex.code).toBe(2);
    expect(byApex.stderr).toContain(`${withApex} is an export of other.example.net., but the zone replayed is shop.example.com. (Z0SHOPEXAMPLE01): a wrong file, or a wrong --zone?`);
    const byNames = await runCli(['diff', SHOP, '--zone', 'shop.example.com', '--against', namesOnly, '--format', 'change-batch', '--force', '--quiet']);
    expect(byNames.code).toBe(2);
    expect(byNames.stdout).toBe('');
    expect(byNames.stderr).toContain(`${namesOnly} holds no record set in shop.example.com. (the zone replayed, Z0SHOPEXAMPLE01); its first is www.other.example.net.`);
    // A zone-replay report of the zone with no set and no name says nothing of which zone it is: compared.
    const emptyReport = join(dir, 'empty-report.json');
    writeFileSync(emptyReport, JSON.stringify({ zoneReplay: { version: 'test' }, snapshots: [{ zoneId: 'Z0SHOPEXAMPLE01', ResourceRecordSets: [] }] }));
    const empty = await runCli(['diff', SHOP, '--against', emptyReport, '--quiet']);
    expect(empty.stderr).toBe('');
    expect(empty.code).toBe(1);
    expect(empty.stdout).toContain('Diff of shop.example.com. Z0SHOPEXAMPLE01');
    // A zone whose name the replay only inferred (legacy.example.org., older than the logs): a warning, then the diff.
    const inferred = await runCli(['diff', SHOP, '--zone', 'legacy.example.org', '--against', withApex, '--quiet']);
    expect(inferred.code).toBe(1);
    expect(inferred.stderr).toContain('a name inferred from its record names; compared as asked');
    expect(inferred.stdout).toContain('Diff of legacy.example.org. Z0LEGACYEXAMPLE');
  });

  it('finds no drift against a zone file of the same zone (case, dots, \\052, aliases, routing) and exits 0', async () => {
    const r = await runCli(['diff', SHOP, '--against', ZONE_FILE]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('No differences outside the apex.');
  });

  it('writes a change batch that the simulator applies cleanly, restoring the zone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-diff-'));
    const refused = await runCli(['diff', SHOP, '--against', LIVE, '--format', 'change-batch']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refused: the plan deletes or replaces 4 of the zone's 10 record sets/);
    expect(refused.stdout).toBe('');
    const batch = await runCli(['diff', SHOP, '--against', LIVE, '--format', 'change-batch', '--force']);
    expect(batch.code).toBe(1);
    const doc = JSON.parse(batch.stdout) as { Changes: { Action: string }[] };
    expect(doc.Changes.map((c) => c.Action)).toEqual(['DELETE', 'DELETE', 'CREATE', 'UPSERT', 'UPSERT']);
    writeFileSync(join(dir, 'batch.json'), batch.stdout);
    const applied = await runCli(['apply', join(dir, 'batch.json'), '--to', LIVE]);
    expect(applied.code, applied.stderr).toBe(0);
    writeFileSync(join(dir, 'restored.json'), applied.stdout);
    const again = await runCli(['diff', SHOP, '--against', join(dir, 'restored.json')]);
    expect(again.code).toBe(0);
  });

  it('apply says where the change batch went when --to comes first and takes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-apply-order-'));
    const batch = join(dir, 'batch.json');
    const change = { Action: 'UPSERT', ResourceRecordSet: { Name: 'www.shop.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.7' }] } };
    writeFileSync(batch, JSON.stringify({ Changes: [change] }));
    const swallowed = await runCli(['apply', '--to', LIVE, batch]);
    expect(swallowed.code).toBe(2);
    expect(swallowed.stderr).toContain(`apply: no change batch given; --to took every word after it (${LIVE}, ${batch}): put the change batch before --to, or end its list with --`);
    const ended = await runCli(['apply', '--to', LIVE, '--', batch]);
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stdout).toContain('192.0.2.7');
  });

  it('apply reports the change Route 53 would reject, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-apply-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'www.shop.example.com', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'x.example.net' }] } }] }));
    const r = await runCli(['apply', join(dir, 'bad.json'), '--to', LIVE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Route 53 would reject batch 1 of 1/);
    expect(r.stdout).toMatch(/CNAME with DNS name www.shop.example.com. is not permitted/);
  });

  it('apply says why its --to cannot be read: missing, or a symbolic link that loops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-apply-to-'));
    writeFileSync(join(dir, 'batch.json'), JSON.stringify({ Changes: [{ Action: 'DELETE', ResourceRecordSet: { Name: 'www.shop.example.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] } }] }));
    symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
    const missing = await runCli(['apply', join(dir, 'batch.json'), '--to', join(dir, 'none.json')]);
    expect([missing.code, missing.stderr]).toEqual([2, `zone-replay: --to ${join(dir, 'none.json')}: no such file or directory\n`]);
    const loop = await runCli(['apply', join(dir, 'batch.json'), '--to', join(dir, 'loop')]);
    expect([loop.code, loop.stderr]).toEqual([2, `zone-replay: --to ${join(dir, 'loop')}: too many levels of symbolic links\n`]);
  });

  it('apply says which lines of the --to zone file it skipped, as diff does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-apply-skip-'));
    writeFileSync(join(dir, 'live.zone'), readFileSync(ZONE_FILE, 'utf8') + 'loc 300 IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m\n');
    writeFileSync(join(dir, 'batch.json'), JSON.stringify({ Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'www.shop.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.7' }] } }] }));
    const r = await runCli(['apply', join(dir, 'batch.json'), '--to', join(dir, 'live.zone')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/live\.zone: line \d+: type LOC is unsupported by Route 53; record skipped/);
  });

  it('diffs two instants of the replay', async () => {
    const r = await runCli(['diff', SHOP, '--zone', 'shop.example.com', '--from', '2024-03-01', '--to', '2024-03-02', '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as DiffJson;
    expect(doc.differences.map((d) => `${d.kind} ${d.key}`).sort()).toEqual([
      'added _3f2a9c.shop.example.com. CNAME',
      'added api.shop.example.com. A "blue"',
      'added api.shop.example.com. A "green"',
      'changed www.shop.example.com. A',
    ]);
    expect(doc.differences.every((d) => d.classification === 'logged-change')).toBe(true);
  });

  it('diffs two replays: the JSON report of one is an export for the other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-two-'));
    const report = await runCli([SHOP, '--zone', 'shop.example.com', '--at', '2024-03-01', '--format', 'json']);
    writeFileSync(join(dir, 'day1.json'), report.stdout);
    const r = await runCli(['diff', SHOP, '--zone', 'shop.example.com', '--at', '2024-03-01', '--against', join(dir, 'day1.json')]);
    expect(r.code, r.stdout).toBe(0);
  });

  it('gives clear errors for bad exports and flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-bad-'));
    writeFileSync(join(dir, 'junk.json'), '{"Foo": 1}');
    for (const args of [
      ['diff', SHOP, '--against', join(dir, 'junk.json')],
      ['diff', SHOP, '--against', join(dir, 'missing.json')],
      ['diff', SHOP],
      ['diff', SHOP, '--from', '2024-03-01'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^zone-replay: /m);
    }
  });
});
