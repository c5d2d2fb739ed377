/**
 * readZoneExport on zone-replay report JSON whose members are not what a
 * report holds: a clear ExportError naming the file, never a crash.
 */
import { describe, expect, it } from 'vitest';
import { ExportError, readZoneExport } from '../../src/formats/zone-export.js';
import { canonicalValue } from '../../src/model/rdata.js';
import { canonicalZoneText } from '../../src/diff/zone-text.js';

const report = (snapshots: unknown[]) => JSON.stringify({ zoneReplay: 1, snapshots });

describe('readZoneExport on odd zone-replay reports', () => {
  it('refuses a zoneName that is not a domain name', () => {
    expect(() => readZoneExport(report([{ zoneName: 'a..b', ResourceRecordSets: [] }]), 'r.json')).toThrow(ExportError);
    expect(() => readZoneExport(report([{ zoneName: 'a..b', ResourceRecordSets: [] }]), 'r.json')).toThrow(`r.json: the report's zoneName "a..b" is not a domain name`);
  });

  it('lists the zones of a report that holds several without calling their members toString', () => {
    const poisoned = report([{ zoneId: { toString: null } }, {}]);
    expect(() => readZoneExport(poisoned, 'r.json')).toThrow('r.json: the report holds 2 zones (? (undefined), undefined (undefined)); pick one with --zone');
    // 20,000 nested arrays: String() of it overflowed the stack.
    const deep = `{"zoneReplay":1,"snapshots":[{"zoneId":${'['.repeat(20_000)}"x"${']'.repeat(20_000)}},{}]}`;
    expect(() => readZoneExport(deep, 'r.json')).toThrow('r.json: the report holds 2 zones (? (undefined), undefined (undefined)); pick one with --zone');
  });
});

describe('a logged SVCB/HTTPS value with a line end', () => {
  it('is an invalid value (kept as logged), and stays on one line of the canonical text', () => {
    const c = canonicalValue('HTTPS', '1 . alpn="a\nb" port=1');
    expect(c.ok).toBe(false);
    const text = canonicalZoneText([{ name: 'a.example.com.', type: 'HTTPS', ttl: 300, values: [c.value] }]);
    expect(text).toBe('a.example.com. 300 HTTPS 1 . alpn="a\\x0ab" port=1\n');
  });
});

describe('readZoneExport on list-resource-record-sets JSON', () => {
  it('names the file once, in its errors and its problems', () => {
    expect(() => readZoneExport('{"ResourceRecordSets": [{"Name": "a.example.com.", "Type": "A"}], "NextToken": "x"}', 'cut.json')).toThrow(/^cut\.json: the listing is cut short/);
    expect(() => readZoneExport('{"ResourceRecordSets": [{"Name": "a.example.com.", "Type": "A"}], "NextToken": "x"}', 'cut.json')).not.toThrow(/cut\.json: cut\.json/);
    const exp = readZoneExport('{"ResourceRecordSets": [{"Name": "a.example.com.", "Type": "A", "TTL": 1, "ResourceRecords": [{"Value": "x"}]}]}', 'v.json');
    expect(exp.problems.map((p) => p.message)).toEqual(['a.example.com. A: value "x" cannot be read: not an IPv4 address: "x"']);
  });
});

describe('a zone file of relative names without $ORIGIN', () => {
  it('is refused with the way to name its zone, and read once it is named', () => {
    const text = 'www 300 IN A 192.0.2.1\nmail 300 IN A 192.0.2.2\n';
    expect(() => readZoneExport(text, 'live.zone')).toThrow(/^live\.zone: not a usable zone file: .*; name its zone with --origin <name>;/);
    const named = readZoneExport(text, 'live.zone', { origin: 'example.com' });
    expect(named.recordSets.map((rs) => rs.name)).toEqual(['mail.example.com.', 'www.example.com.']);
  });

  it('flags a set\'s redacted values, as it does in a listing', () => {
    const rrs = [{ Name: 'www.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '' }, { Value: '192.0.2.1' }] }];
    const exp = readZoneExport(report([{ zoneName: 'example.com.', ResourceRecordSets: rrs }]), 'r.json');
    expect(exp.recordSets[0]!.values).toEqual(['', '192.0.2.1']);
    expect(exp.problems.map((p) => p.message)).toEqual(['www.example.com. A: value "" cannot be read: empty value (redacted or not logged)']);
  });
});
