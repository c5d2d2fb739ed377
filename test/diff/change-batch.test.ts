import { describe, expect, it } from 'vitest';
import { LIMITS, planChanges } from '../../src/diff/change-batch.js';
import { diffRecordSets } from '../../src/diff/record-diff.js';
import { readChangeBatches, whatIf } from '../../src/diff/what-if.js';
import type { RecordSet } from '../../src/model/record-set.js';

const Z = 'example.com.';
const SOA: RecordSet = { name: Z, type: 'SOA', ttl: 900, values: ['ns-1.awsdns-01.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'] };
const NS: RecordSet = { name: Z, type: 'NS', ttl: 172800, values: ['ns-1.awsdns-01.com.', 'ns-2.awsdns-02.net.'] };
const a = (name: string, ...values: string[]): RecordSet => ({ name: `${name}.${Z}`, type: 'A', ttl: 300, values });

describe('planChanges', () => {
  it('writes DELETEs exactly as the live export had them, CREATEs and UPSERTs from the snapshot', () => {
    const snapshot = [SOA, NS, a('www', '192.0.2.1'), a('api', '192.0.2.2')];
    const live = [SOA, NS, a('www', '192.0.2.9'), a('old', '192.0.2.3')];
    const native = new Map([['old.example.com. A', { Name: 'OLD.example.com', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.3' }] }]]);
    const plan = planChanges(diffRecordSets(snapshot, live, Z), { direction: 'restore', zoneName: Z, targetSize: live.length, nativeLive: native, force: true });
    expect(plan.batches).toHaveLength(1);
    expect(plan.batches[0]!.Changes.map((c) => [c.Action, c.ResourceRecordSet.Name])).toEqual([
      ['DELETE', 'OLD.example.com'],
      ['CREATE', 'api.example.com.'],
      ['UPSERT', 'www.example.com.'],
    ]);
  });

  it('never touches the apex SOA, and the apex NS only when asked and forced', () => {
    const live = [{ ...SOA, values: ['ns-9.awsdns-09.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'] }, { ...NS, values: ['ns-9.awsdns-09.org.'] }];
    const diffs = diffRecordSets([SOA, NS], live, Z);
    const plain = planChanges(diffs, { direction: 'restore', zoneName: Z, targetSize: 2 });
    expect(plain.batches).toEqual([]);
    expect(plain.skipped.map((s) => s.key)).toEqual(['example.com. NS', 'example.com. SOA']);
    const ns = planChanges(diffs, { direction: 'restore', zoneName: Z, targetSize: 2, includeApexNs: true });
    expect(ns.refused).toMatch(/apex NS/);
    expect(planChanges(diffs, { direction: 'restore', zoneName: Z, targetSize: 2, includeApexNs: true, force: true }).refused).toBeUndefined();
  });

  it('never deletes the apex NS, even with --include-apex-ns (a replay of a zone older than its logs may lack it)', () => {
    const live = [SOA, NS, a('www', '192.0.2.1')];
    const plan = planChanges(diffRecordSets([a('www', '192.0.2.2')], live, Z), { direction: 'restore', zoneName: Z, targetSize: 3, includeApexNs: true, force: true });
    expect(plan.batches.flatMap((b) => b.Changes.map((c) => `${c.Action} ${String(c.ResourceRecordSet.Name)} ${String(c.ResourceRecordSet.Type)}`))).toEqual(['UPSERT www.example.com. A']);
    expect(plan.skipped.map((s) => s.key)).toEqual(['example.com. NS', 'example.com. SOA']);
    expect(whatIf(Z, live, readChangeBatches(plan.batches)).ok).toBe(true);
  });

  it('refuses to delete or replace more than a third of the zone without --force', () => {
    const live = [SOA, NS, a('a', '192.0.2.1'), a('b', '192.0.2.2'), a('c', '192.0.2.3')];
    const snapshot = [SOA, NS, a('a', '192.0.2.1')];
    const plan = planChanges(diffRecordSets(snapshot, live, Z), { direction: 'restore', zoneName: Z, targetSize: live.length });
    expect(plan.refused).toMatch(/2 of the zone's 5/);
    const small = planChanges(diffRecordSets([SOA, NS, a('a', '192.0.2.1'), a('b', '192.0.2.2')], live, Z), { direction: 'restore', zoneName: Z, targetSize: live.length });
    expect(small.refused).toBeUndefined();
  });

  it('splits over 1,000 ResourceRecord elements, an UPSERT counting twice, and every batch is accepted in order', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ name: `h${i}.${Z}`, type: 'TXT', ttl: 60, values: Array.from({ length: 40 }, (_, j) => `"v${i}-${j}"`) }));
    const plan = planChanges(diffRecordSets([SOA, NS, ...many], [SOA, NS], Z), { direction: 'restore', zoneName: Z, targetSize: 2 });
    expect(plan.batches.length).toBe(2);
    for (const b of plan.batches) {
      const n = b.Changes.reduce((s, c) => s + ((c.ResourceRecordSet.ResourceRecords as unknown[] | undefined)?.length ?? 0) * (c.Action === 'UPSERT' ? 2 : 1), 0);
      expect(n).toBeLessThanOrEqual(LIMITS.resourceRecords);
    }
    const r = whatIf(Z, [SOA, NS], readChangeBatches(plan.batches));
    expect(r.ok && r.recordSets.length).toBe(32);
  });

  it('never cuts the writes of one name and type in two: a group changing routing policy stays in one batch', () => {
    // 490 UPSERTs (980 ResourceRecord elements) put the 1,000 limit inside a weighted group switched to latency.
    const filler = (ttl: number) => Array.from({ length: 490 }, (_, i): RecordSet => ({ ...a(`f${i}`, '192.0.2.1'), ttl }));
    const group = (routing: (i: number) => Partial<RecordSet>) => Array.from({ length: 20 }, (_, i): RecordSet => ({ ...a('w', `192.0.2.${i + 1}`), setIdentifier: `s${i}`, ...routing(i) }));
    // Route 53 allows one latency set per Region: twenty sets, twenty Regions.
    const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'sa-east-1', 'me-south-1', 'af-south-1'];
    const live = [SOA, NS, ...filler(60), ...group(() => ({ weight: 1 }))];
    const snapshot = [SOA, NS, ...filler(300), ...group((i) => ({ region: regions[i]! }))];
    const plan = planChanges(diffRecordSets(snapshot, live, Z), { direction: 'restore', zoneName: Z, targetSize: live.length, force: true });
    expect(plan.batches.length).toBe(2);
    const r = whatIf(Z, live, readChangeBatches(JSON.parse(JSON.stringify(plan.batches))));
    expect(r.ok ? 'accepted' : r.errors).toBe('accepted');
  });

  it('splits over 32,000 characters of values', () => {
    const big = Array.from({ length: 24 }, (_, i) => ({ name: `t${i}.${Z}`, type: 'TXT', ttl: 60, values: [`"${'x'.repeat(250)}" "${'y'.repeat(250)}" "${'z'.repeat(250)}" "${'w'.repeat(250)}"`, `"${'q'.repeat(250)}" "${'r'.repeat(250)}" "${'s'.repeat(250)}"`] }));
    const plan = planChanges(diffRecordSets([SOA, NS, ...big], [SOA, NS], Z), { direction: 'restore', zoneName: Z, targetSize: 2 });
    for (const b of plan.batches) {
      const chars = b.Changes.reduce((s, c) => s + ((c.ResourceRecordSet.ResourceRecords as { Value: string }[] | undefined) ?? []).reduce((t, r) => t + r.Value.length, 0), 0);
      expect(chars).toBeLessThanOrEqual(LIMITS.valueChars);
    }
    expect(plan.batches.length).toBeGreaterThan(1);
  });

  it('counts the characters of DELETEs as the export spells them', () => {
    // 900 AAAA values: 10,000 characters canonical, 35,100 as the export writes them (uncompressed).
    const hex = (n: number) => n.toString(16).padStart(4, '0');
    const sets = Array.from({ length: 9 }, (_, i): RecordSet => ({ name: `v6-${i}.${Z}`, type: 'AAAA', ttl: 60, values: Array.from({ length: 100 }, (_, j) => `2001:db8::${(i * 100 + j + 1).toString(16)}`).sort() }));
    const native = new Map(sets.map((rs, i) => [`${rs.name} AAAA`, { Name: rs.name, Type: 'AAAA', TTL: 60, ResourceRecords: Array.from({ length: 100 }, (_, j) => ({ Value: `2001:0db8:0000:0000:0000:0000:0000:${hex(i * 100 + j + 1)}` })) }]));
    const plan = planChanges(diffRecordSets([SOA, NS], [SOA, NS, ...sets], Z), { direction: 'restore', zoneName: Z, targetSize: 11, nativeLive: native, force: true });
    for (const b of plan.batches) {
      const chars = b.Changes.reduce((s, c) => s + (c.ResourceRecordSet.ResourceRecords as { Value: string }[]).reduce((t, r) => t + r.Value.length, 0), 0);
      expect(chars).toBeLessThanOrEqual(LIMITS.valueChars);
    }
  });

  it('replaces a set too big to UPSERT (its values counted twice) by DELETE + CREATE in one batch, and leaves out what cannot fit', () => {
    const txt = (ttl: number, ch: string, n: number): RecordSet => ({ name: `big.${Z}`, type: 'TXT', ttl, values: Array.from({ length: n }, (_, i) => [`"${i}${ch.repeat(249)}"`, ...Array<string>(14).fill(`"${ch.repeat(250)}"`)].join(' ')) });
    // 18,970 characters: UPSERT counts 37,940; DELETE of the live 3,794 + CREATE is 22,764.
    const live = [SOA, NS, txt(60, 'b', 1)];
    const plan = planChanges(diffRecordSets([SOA, NS, txt(300, 'a', 5)], live, Z), { direction: 'restore', zoneName: Z, targetSize: 3, force: true });
    expect(plan.batches.map((b) => b.Changes.map((c) => `${c.Action} ${String(c.ResourceRecordSet.TTL)}`))).toEqual([['DELETE 60', 'CREATE 300']]);
    expect(plan.skipped).toEqual([]);
    const r = whatIf(Z, live, readChangeBatches(plan.batches));
    expect(r.ok && r.recordSets.find((rs) => rs.type === 'TXT')).toEqual(txt(300, 'a', 5));
    // Five values on both sides: DELETE + CREATE is 37,940 characters too; no one request can do it.
    const none = planChanges(diffRecordSets([SOA, NS, txt(300, 'a', 5)], [SOA, NS, txt(60, 'b', 5)], Z), { direction: 'restore', zoneName: Z, targetSize: 3, force: true });
    expect(none.batches).toEqual([]);
    expect(none.skipped).toEqual([{ key: 'big.example.com. TXT', reason: "the change needs 10 ResourceRecord elements and 37940 characters of values (an UPSERT counting twice), over Route 53's 1000 and 32000 per request" }]);
  });

  it('orders alias targets before the aliases that point at them, and CNAME swaps delete first', () => {
    const target = a('origin', '192.0.2.7');
    const alias1: RecordSet = { name: `www.${Z}`, type: 'A', aliasTarget: { hostedZoneId: 'ZSELF', dnsName: `app.${Z}`, evaluateTargetHealth: false } };
    const alias2: RecordSet = { name: `app.${Z}`, type: 'A', aliasTarget: { hostedZoneId: 'ZSELF', dnsName: `origin.${Z}`, evaluateTargetHealth: false } };
    const cnameLive: RecordSet = { name: `app.${Z}`, type: 'CNAME', ttl: 60, values: ['elsewhere.example.net.'] };
    const plan = planChanges(diffRecordSets([SOA, NS, alias1, alias2, target], [SOA, NS, cnameLive], Z), { direction: 'restore', zoneName: Z, targetSize: 3, force: true });
    expect(plan.batches[0]!.Changes.map((c) => `${c.Action} ${String(c.ResourceRecordSet.Name)} ${String(c.ResourceRecordSet.Type)}`)).toEqual([
      'DELETE app.example.com. CNAME',
      'CREATE origin.example.com. A',
      'CREATE app.example.com. A',
      'CREATE www.example.com. A',
    ]);
  });

  it('leaves out values over 4,000 characters and redacted values, saying why', () => {
    const long: RecordSet = { name: `long.${Z}`, type: 'TXT', ttl: 60, values: ['"' + 'a'.repeat(4001) + '"'] };
    const redacted: RecordSet = { name: `r.${Z}`, type: 'A', ttl: 60, values: [''], invalidValues: [{ value: '', reason: 'empty value' }] };
    const plan = planChanges(diffRecordSets([SOA, NS, long, redacted], [SOA, NS], Z), { direction: 'restore', zoneName: Z, targetSize: 2 });
    expect(plan.batches).toEqual([]);
    expect(plan.skipped.map((s) => s.reason).join(' ')).toMatch(/4003 characters, over Route 53's 4000.*redacted/);
  });
});

describe('whatIf', () => {
  it('rejects a CREATE or UPSERT of a value Route 53 cannot read (the replay keeps such logged values; a batch to send does not)', () => {
    const batch = (action: string, value: unknown) => readChangeBatches({ Changes: [{ Action: action, ResourceRecordSet: { Name: 'www.example.com', Type: 'A', TTL: 300, ResourceRecords: [{ Value: value }] } }] });
    const bad = whatIf(Z, [SOA, NS], batch('CREATE', '192.0.2.1\u0007'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toEqual([`Invalid Resource Record: FATAL problem: not an IPv4 address: "192.0.2.1\\u0007" encountered with "192.0.2.1\\u0007" in [name='www.example.com.', type='A']`]);
    expect(whatIf(Z, [SOA, NS], batch('UPSERT', '')).ok).toBe(false);
    expect(whatIf(Z, [SOA, NS], batch('UPSERT', ['x'])).ok).toBe(false);
    expect(whatIf(Z, [SOA, NS], batch('CREATE', '192.0.2.1')).ok).toBe(true);
  });

  it('rejects a set that lists one value twice, as Route 53 does', () => {
    const values = (...vs: string[]) => readChangeBatches({ Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'www.example.com', Type: 'A', TTL: 300, ResourceRecords: vs.map((Value) => ({ Value })) } }] });
    const r = whatIf(Z, [SOA, NS], values('192.0.2.1', '192.0.2.2', '192.0.2.1'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(["Duplicate Resource Record: '192.0.2.1'"]);
    expect(whatIf(Z, [SOA, NS], values('192.0.2.1', '192.0.2.2')).ok).toBe(true);
  });

  it('reports the change Route 53 would reject', () => {
    const r = whatIf(Z, [SOA, NS, a('www', '192.0.2.1')], readChangeBatches({ Changes: [{ Action: 'DELETE', ResourceRecordSet: { Name: 'www.example.com', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.99' }] } }] }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/do not match the current values/);
  });

  it('--reverse does not DELETE a set whose values are redacted in the replay: it cannot repeat them', () => {
    const redacted: RecordSet = { ...a('old', ''), invalidValues: [{ value: '', reason: 'empty value (redacted or not logged)' }] };
    const plan = planChanges(diffRecordSets([SOA, NS, redacted], [SOA, NS], Z), { direction: 'reverse', zoneName: Z, targetSize: 3, force: true });
    expect(plan.batches).toEqual([]);
    expect(plan.skipped).toEqual([{ key: 'old.example.com. A', reason: expect.stringMatching(/redacted or invalid.*a DELETE must repeat them exactly/) }]);
  });
});
