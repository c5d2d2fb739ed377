import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExportFormatError, looksLikeRoute53Export, printListResourceRecordSets, readRoute53Export, toResourceRecordSet } from '../../src/formats/route53-json.js';
import { compareRecordSets, recordKey, type RecordSet } from '../../src/model/index.js';
import { arbZone, ORIGIN } from '../support/arbitraries.js';

const fixture = (file: string): string => readFileSync(new URL(`../../fixtures/zones/${file}`, import.meta.url), 'utf8');
const find = (sets: RecordSet[], name: string, type: string, id?: string): RecordSet | undefined =>
  sets.find((s) => s.name === name && s.type === type && s.setIdentifier === id);

describe('readRoute53Export', () => {
  const cli = readRoute53Export(fixture('list-resource-record-sets.example.com.json'), 'cli.json');

  it('reads one CLI response with alias, weighted, failover, geolocation, latency and a \\052 wildcard', () => {
    expect(cli.problems).toEqual([]);
    expect(cli.recordSets).toHaveLength(16);
    expect(find(cli.recordSets, '\\052.example.com.', 'CNAME')).toEqual({ name: '\\052.example.com.', type: 'CNAME', ttl: 300, values: ['www.example.com.'] });
    expect(find(cli.recordSets, 'example.com.', 'A')?.aliasTarget).toEqual({
      hostedZoneId: 'Z35SXDOTRQ7X7K', dnsName: 'dualstack.web-lb-1234567890.us-east-1.elb.amazonaws.com.', evaluateTargetHealth: true,
    });
    expect(find(cli.recordSets, 'example.com.', 'MX')?.values).toEqual(['10 inbound-smtp.us-east-1.amazonaws.com.']);
    expect(find(cli.recordSets, 'api.example.com.', 'A', 'green')).toMatchObject({ weight: 30, aliasTarget: { dnsName: 'green-lb-99.us-east-1.elb.amazonaws.com.' } });
    expect(find(cli.recordSets, 'db.example.com.', 'A', 'db-primary')).toMatchObject({ failover: 'PRIMARY', healthCheckId: '0a1b2c3d-4e5f-6789-abcd-ef0123456789' });
    expect(find(cli.recordSets, 'geo.example.com.', 'A', 'California')?.geoLocation).toEqual({ countryCode: 'US', subdivisionCode: 'CA' });
    expect(find(cli.recordSets, 'lat.example.com.', 'CNAME', 'eu')).toMatchObject({ region: 'eu-west-1', values: ['eu.app.example.net.'] });
    expect(find(cli.recordSets, 'example.com.', 'TXT')?.values).toEqual(['"google-site-verification=abc123" "second string"', '"v=spf1 include:amazonses.com -all"']);
  });

  it('reads a zone of more sets than a function call takes arguments (the CLI merges every page into one array)', () => {
    const n = 140_000;
    const sets = Array.from({ length: n }, (_, i) => ({ Name: `h${i}.example.com.`, Type: 'A', TTL: 300, ResourceRecords: [{ Value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }] }));
    const big = readRoute53Export(JSON.stringify({ ResourceRecordSets: sets }), 'big.json');
    expect(big.problems).toEqual([]);
    expect(big.recordSets).toHaveLength(n);
    expect(find(big.recordSets, 'h139999.example.com.', 'A')?.values).toEqual(['10.2.34.223']);
  });

  it('keeps each set as the export wrote it, by record key', () => {
    const native = cli.native.get(recordKey({ name: 'example.com.', type: 'MX' }));
    expect(native).toEqual({ Name: 'example.com.', Type: 'MX', TTL: 300, ResourceRecords: [{ Value: '10 inbound-smtp.us-east-1.amazonaws.com' }] });
    expect(cli.native.size).toBe(16);
  });

  it.each([
    ['concatenated raw API pages', 'list-resource-record-sets-pages.example.com.json'],
    ['an array of pages', 'list-resource-record-sets-page-array.example.com.json'],
    ['a bare ResourceRecordSets array', 'resource-record-sets-bare.example.com.json'],
  ])('reads %s to the same sets', (_, file) => {
    const r = readRoute53Export(fixture(file), file);
    expect(r.problems).toEqual([]);
    expect(r.recordSets).toEqual(cli.recordSets);
  });

  it('reports a set listed on two pages once and keeps the later one', () => {
    const page = (ttl: number) => JSON.stringify({ ResourceRecordSets: [{ Name: 'www.example.com.', Type: 'A', TTL: ttl, ResourceRecords: [{ Value: '192.0.2.1' }] }] });
    const r = readRoute53Export(page(60) + '\n' + page(300), 'dup.json');
    expect(r.recordSets).toEqual([{ name: 'www.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1'] }]);
    expect(r.problems).toEqual([{ message: 'dup.json: www.example.com. A is listed more than once; the later one is kept' }]);
    expect(r.native.get('www.example.com. A')).toMatchObject({ TTL: 300 });
  });

  it('reports unreadable sets and values, and goes on', () => {
    const r = readRoute53Export(JSON.stringify([{ Type: 'A' }, { Name: 'a.example.com', Type: 'A', TTL: 1, ResourceRecords: [{ Value: '' }] }]), 'bad.json');
    expect(r.recordSets).toHaveLength(1);
    expect(r.problems.map((p) => p.message)).toEqual([
      'bad.json: record set 1: resource record set has no name; skipped',
      'bad.json: a.example.com. A: value "" cannot be read: empty value (redacted or not logged)',
    ]);
  });

  it('throws ExportFormatError naming the file for anything else', () => {
    expect(() => readRoute53Export('', 'e.json')).toThrow(ExportFormatError);
    expect(() => readRoute53Export('{"HostedZones": []}', 'z.json')).toThrow('z.json: the document has no ResourceRecordSets array');
    expect(() => readRoute53Export('{"ResourceRecordSets": [,]}', 'x.json')).toThrow(/^x\.json: line 1, column \d+: invalid JSON/);
    expect(() => readRoute53Export('{"ResourceRecordSets": []}\n{"a": ', 'y.json')).toThrow('y.json: line 2, column 1: JSON document is not closed');
    expect(() => readRoute53Export('www 300 IN A 192.0.2.1', 'zone.txt')).toThrow('zone.txt: line 1, column 1: expected "{" or "["');
    expect(() => readRoute53Export('[1, 2]', 'n.json')).toThrow('n.json: the document is an array of neither responses nor record sets');
  });

  it('refuses a listing cut short: a last page with IsTruncated/NextRecordName (--no-paginate) or NextToken (--max-items)', () => {
    const pages = JSON.parse(fixture('list-resource-record-sets-page-array.example.com.json')) as Record<string, unknown>[];
    expect(pages[0]).toMatchObject({ IsTruncated: true, NextRecordName: 'db.example.com.' });
    expect(readRoute53Export(JSON.stringify(pages), 'all.json').recordSets).toHaveLength(16);
    const cut = /^first\.json: the listing is cut short \(its last page has IsTruncated, NextRecordName "db\.example\.com\."\): save every page/;
    expect(() => readRoute53Export(JSON.stringify(pages[0]), 'first.json')).toThrow(cut);
    expect(() => readRoute53Export(JSON.stringify([pages[0]]), 'first.json')).toThrow(cut);
    expect(() => readRoute53Export(JSON.stringify(pages[1]) + '\n' + JSON.stringify(pages[0]), 'first.json')).toThrow(cut);
    const sets = pages[0]!.ResourceRecordSets as unknown[];
    expect(() => readRoute53Export(JSON.stringify({ ResourceRecordSets: sets, NextToken: 'eyJTdGFydFJlY29yZE5hbWUiOiBudWxsfQ==' }), 'cli.json')).toThrow('cli.json: the listing is cut short (its last page has NextToken)');
    expect(readRoute53Export(JSON.stringify({ ResourceRecordSets: sets, IsTruncated: false, MaxItems: '300' }), 'one.json').recordSets).toHaveLength(sets.length);
  });

  it('does not let __proto__ keys reach a prototype', () => {
    const r = readRoute53Export('{"ResourceRecordSets":[{"Name":"a.example.com.","Type":"A","TTL":1,"ResourceRecords":[{"Value":"192.0.2.1"}],"__proto__":{"polluted":true}}]}', 'p.json');
    expect(r.recordSets[0]).toEqual({ name: 'a.example.com.', type: 'A', ttl: 1, values: ['192.0.2.1'] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('looksLikeRoute53Export', () => {
  it('recognizes listings and nothing else', () => {
    expect(looksLikeRoute53Export(fixture('list-resource-record-sets.example.com.json'))).toBe(true);
    expect(looksLikeRoute53Export(fixture('list-resource-record-sets-page-array.example.com.json'))).toBe(true);
    expect(looksLikeRoute53Export(fixture('resource-record-sets-bare.example.com.json'))).toBe(true);
    expect(looksLikeRoute53Export(fixture('hand-written.example.com.zone'))).toBe(false);
    expect(looksLikeRoute53Export('{"Records":[{"eventSource":"route53.amazonaws.com"}]}')).toBe(false);
  });
});

describe('printListResourceRecordSets', () => {
  it('writes the CLI shape: key order, 4-space indent, \\\\052, trailing newline', () => {
    const text = printListResourceRecordSets(readRoute53Export(fixture('list-resource-record-sets.example.com.json'), 'f').recordSets);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n    "ResourceRecordSets": [\n        {\n            "Name": "example.com.",');
    expect(text).toContain('"Name": "\\\\052.example.com."');
    const db = toResourceRecordSet({ name: 'db.example.com.', type: 'A', setIdentifier: 'p', failover: 'PRIMARY', ttl: 30, values: ['10.0.0.1'], healthCheckId: 'h' });
    expect(Object.keys(db)).toEqual(['Name', 'Type', 'SetIdentifier', 'Failover', 'TTL', 'ResourceRecords', 'HealthCheckId']);
    const prox = toResourceRecordSet({ name: 'g.', type: 'A', setIdentifier: 'x', geoProximityLocation: { coordinates: { latitude: '1.5', longitude: '2' }, bias: -3 }, aliasTarget: { hostedZoneId: 'Z', dnsName: 'a.', evaluateTargetHealth: false } });
    expect(prox).toEqual({
      Name: 'g.', Type: 'A', SetIdentifier: 'x',
      AliasTarget: { HostedZoneId: 'Z', DNSName: 'a.', EvaluateTargetHealth: false },
      GeoProximityLocation: { Coordinates: { Latitude: '1.5', Longitude: '2' }, Bias: -3 },
    });
  });

  it('lists in Route 53 order: labels reversed', () => {
    const text = printListResourceRecordSets([
      { name: 'b.example.com.', type: 'A', ttl: 1, values: ['192.0.2.1'] },
      { name: 'a.b.example.com.', type: 'A', ttl: 1, values: ['192.0.2.1'] },
      { name: 'example.com.', type: 'NS', ttl: 1, values: ['ns.example.net.'] },
    ]);
    const names = [...text.matchAll(/"Name": "([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['example.com.', 'b.example.com.', 'a.b.example.com.']);
  });

  it('round trips every zone: read(print(z)) = z', () => {
    fc.assert(
      fc.property(arbZone(ORIGIN), (zone) => {
        const back = readRoute53Export(printListResourceRecordSets(zone), 'gen.json');
        expect(back.problems).toEqual([]);
        expect(back.recordSets).toEqual([...zone].sort(compareRecordSets));
      }),
      { numRuns: 100 },
    );
  });

  it('prints the same text whatever the input order', () => {
    fc.assert(
      fc.property(arbZone(ORIGIN).chain((z) => fc.tuple(fc.constant(z), fc.shuffledSubarray(z, { minLength: z.length, maxLength: z.length }))), ([z, s]) => {
        expect(printListResourceRecordSets(s)).toBe(printListResourceRecordSets(z));
      }),
    );
  });
});
