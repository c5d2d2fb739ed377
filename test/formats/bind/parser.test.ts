import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseZoneFile, ZoneFileError } from '../../../src/formats/bind/index.js';
import type { RecordSet } from '../../../src/model/index.js';

const fixture = (file: string): string => readFileSync(new URL(`../../../fixtures/zones/${file}`, import.meta.url), 'utf8');
const find = (sets: RecordSet[], name: string, type: string, id?: string): RecordSet | undefined =>
  sets.find((s) => s.name === name && s.type === type && s.setIdentifier === id);

describe('parseZoneFile on fixtures', () => {
  it('reads a hand-written zone: $ORIGIN, $TTL 1h, multi-line SOA with units, inherited owners, TTL/class in either order', () => {
    const r = parseZoneFile(fixture('hand-written.example.com.zone'), { file: 'hand-written.example.com.zone' });
    expect(r.problems).toEqual([]);
    expect(r.origin).toBe('example.com.');
    expect(find(r.recordSets, 'example.com.', 'SOA')).toEqual({
      name: 'example.com.', type: 'SOA', ttl: 3600, values: ['ns1.example.net. hostmaster.example.com. 2024050101 21600 3600 604800 300'],
    });
    expect(find(r.recordSets, 'example.com.', 'MX')).toEqual({ name: 'example.com.', type: 'MX', ttl: 86400, values: ['10 mail.example.com.', '20 mail.backup.example.net.'] });
    expect(find(r.recordSets, 'mail.example.com.', 'AAAA')?.values).toEqual(['2001:db8::25']);
    expect(find(r.recordSets, 'www.example.com.', 'A')).toEqual({ name: 'www.example.com.', type: 'A', ttl: 300, values: ['192.0.2.80', '192.0.2.81'] });
    expect(find(r.recordSets, 'www.example.com.', 'TXT')?.values).toEqual(['"v=verify1 " "token=abc"']);
    expect(find(r.recordSets, 'api.example.com.', 'CNAME')).toMatchObject({ ttl: 5400, values: ['www.example.com.'] });
    expect(find(r.recordSets, '\\052.dev.example.com.', 'A')?.ttl).toBe(60);
    expect(find(r.recordSets, '_sip._tcp.example.com.', 'SRV')).toMatchObject({ ttl: 1209600, values: ['10 60 5060 sip.example.com.'] });
    expect(r.recordSets).toHaveLength(10);
  });

  it('reads named-compilezone output (absolute names, split hex)', () => {
    const r = parseZoneFile(fixture('named-compilezone.example.org.zone'), { file: 'x', origin: 'example.org' });
    expect(r.problems).toEqual([]);
    expect(find(r.recordSets, '\\052.example.org.', 'CNAME')?.values).toEqual(['www.example.org.']);
    expect(find(r.recordSets, '_443._tcp.www.example.org.', 'TLSA')?.values).toEqual(['3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6']);
    expect(find(r.recordSets, 'example.org.', 'CAA')?.values).toEqual(['0 issue "amazon.com"']);
    expect(r.recordSets).toHaveLength(10);
  });

  it('reads a cli53 export: AWS ALIAS lines, $self, and every routing comment', () => {
    const r = parseZoneFile(fixture('cli53-export.example.com.txt'), { file: 'cli53', origin: 'example.com', hostedZoneId: '/hostedzone/Z0SELF' });
    expect(r.problems).toEqual([]);
    expect(find(r.recordSets, 'example.com.', 'A')).toEqual({
      name: 'example.com.', type: 'A',
      aliasTarget: { hostedZoneId: 'Z35SXDOTRQ7X7K', dnsName: 'dualstack.web-lb-1234567890.us-east-1.elb.amazonaws.com.', evaluateTargetHealth: true },
    });
    expect(find(r.recordSets, 'www.example.com.', 'AAAA')?.aliasTarget).toEqual({ hostedZoneId: 'Z0SELF', dnsName: 'example.com.', evaluateTargetHealth: false });
    expect(find(r.recordSets, 'api.example.com.', 'A', 'blue')).toEqual({ name: 'api.example.com.', type: 'A', setIdentifier: 'blue', weight: 70, ttl: 60, values: ['192.0.2.10', '192.0.2.11'] });
    expect(find(r.recordSets, 'app.example.com.', 'CNAME', 'eu')).toMatchObject({ region: 'eu-west-1', values: ['eu.app.example.net.'] });
    expect(find(r.recordSets, 'db.example.com.', 'A', 'db-primary')).toMatchObject({ failover: 'PRIMARY', healthCheckId: '0a1b2c3d-4e5f-6789-abcd-ef0123456789' });
    expect(find(r.recordSets, 'db.example.com.', 'A', 'db-secondary')?.healthCheckId).toBeUndefined();
    expect(find(r.recordSets, 'geo.example.com.', 'A', 'Default')?.geoLocation).toEqual({ countryCode: '*' });
    expect(find(r.recordSets, 'geo.example.com.', 'A', 'California')).toMatchObject({
      geoLocation: { countryCode: 'US', subdivisionCode: 'CA' },
      aliasTarget: { hostedZoneId: 'Z0SELF', dnsName: 'www.example.com.', evaluateTargetHealth: false },
    });
    expect(find(r.recordSets, 'mv.example.com.', 'A', 'two')).toMatchObject({ multiValueAnswer: true, healthCheckId: '11111111-2222-3333-4444-555555555555' });
    expect(r.recordSets).toHaveLength(17);
  });

  it('keeps $self when no hosted zone id is given', () => {
    const r = parseZoneFile('alias 86400 AWS ALIAS A www $self false\n', { file: 'a', origin: 'example.com.' });
    expect(r.recordSets[0]?.aliasTarget).toEqual({ hostedZoneId: '$self', dnsName: 'www.example.com.', evaluateTargetHealth: false });
  });

  it('reads an octoDNS-bind zone (no class, escaped semicolons in TXT, DS beside NS)', () => {
    const r = parseZoneFile(fixture('octodns-bind.unit.tests.zone'), { file: 'o' });
    expect(r.problems).toEqual([]);
    expect(find(r.recordSets, 'txt.unit.tests.', 'TXT')?.values).toContain('"v=DKIM1;k=rsa;s=email;h=sha256;p=A/kinda+of/long/string+with+numb3rs"');
    expect(find(r.recordSets, 'sub.unit.tests.', 'DS')?.values).toEqual(['60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118']);
    expect(find(r.recordSets, 'unit.tests.', 'SOA')?.values).toEqual(['ns1.unit.tests. webmaster.unit.tests. 2024011501 3600 600 604800 3600']);
  });

  it('decodes decimal escapes in names and TXT, and reports types Route 53 does not support', () => {
    const r = parseZoneFile(fixture('escapes.example.net.zone'), { file: 'escapes.example.net.zone' });
    expect(find(r.recordSets, 'dot\\056ted.example.net.', 'A')?.values).toEqual(['192.0.2.1']);
    expect(find(r.recordSets, 'sp\\040ace.example.net.', 'A')?.values).toEqual(['192.0.2.2']);
    expect(find(r.recordSets, 'a\\100b\\052.example.net.', 'A')?.values).toEqual(['192.0.2.3']);
    expect(find(r.recordSets, '\\303\\205land.example.net.', 'TXT')?.values).toEqual(['"\\303\\205LAND ISLANDS"']);
    expect(find(r.recordSets, 'multi.example.net.', 'TXT')?.values).toEqual([
      '"first string" "second; with a semicolon" "a \\"quoted\\" word" "back\\\\slash"',
      '"tab\\011and\\377high"',
    ]);
    expect(r.problems).toEqual([
      { line: 12, message: 'type LOC is unsupported by Route 53; record skipped' },
      { line: 13, message: 'type HINFO is unsupported by Route 53; record skipped' },
      { line: 14, message: 'type DNAME is unsupported by Route 53; record skipped' },
      { line: 15, message: 'type TYPE65226 is unsupported by Route 53; record skipped' },
    ]);
    expect(r.recordSets.map((s) => s.type)).not.toContain('LOC');
  });

  it('reads CRLF line ends', () => {
    const r = parseZoneFile(fixture('crlf.example.com.zone'), { file: 'crlf' });
    expect(r.problems).toEqual([]);
    expect(find(r.recordSets, 'example.com.', 'SOA')?.values).toEqual(['ns1.example.net. hostmaster.example.com. 42 3600 900 1209600 3600']);
    expect(find(r.recordSets, 'www.example.com.', 'TXT')).toEqual({ name: 'www.example.com.', type: 'TXT', ttl: 600, values: ['"crlf line"'] });
  });

  it('refuses $INCLUDE with the file and line', () => {
    const text = fixture('include.example.com.zone');
    expect(() => parseZoneFile(text, { file: 'include.example.com.zone' })).toThrow(ZoneFileError);
    expect(() => parseZoneFile(text, { file: 'include.example.com.zone' })).toThrow(/^include\.example\.com\.zone:6: \$INCLUDE is not allowed/);
  });
});

describe('parseZoneFile rules', () => {
  const parse = (text: string) => parseZoneFile(text, { file: 'z', origin: 'example.com.' });

  it('refuses $GENERATE and unknown directives, with the line', () => {
    expect(() => parse('\n$GENERATE 1-4 host$ A 10.0.0.$\n')).toThrow('z:2: $GENERATE is not allowed');
    expect(() => parse('$FOO bar\n')).toThrow('z:1: unknown directive $FOO');
  });

  it('throws on unbalanced parentheses and quotes, naming the line', () => {
    expect(() => parse('a 300 IN TXT ( "x"\nb 300 IN A 1.2.3.4\n')).toThrow('z:1: "(" is never closed');
    expect(() => parse('a 300 IN A 1.2.3.4 )\n')).toThrow('z:1: ")" without a matching "("');
    expect(() => parse('a 300 IN A 1.2.3.4\nb 300 IN TXT "open\n')).toThrow('z:2: unterminated quoted string');
  });

  it('refuses an $ORIGIN longer than a name can be (255 bytes), as BIND does', () => {
    // Relative $ORIGINs stack: unbounded, every record carried the whole origin (seconds and gigabytes for 100 KB).
    const stacked = '$ORIGIN example.com.\n' + `$ORIGIN ${'a'.repeat(63)}\n`.repeat(4) + 'r 300 IN A 192.0.2.1\n';
    expect(() => parse(stacked)).toThrow('z:5: $ORIGIN: the name is longer than 255 bytes');
    const fits = '$ORIGIN example.com.\n' + `$ORIGIN ${'a'.repeat(63)}\n`.repeat(3) + 'r 300 IN A 192.0.2.1\n';
    expect(parse(fits).recordSets.map((r) => r.name)).toEqual([`r.${`${'a'.repeat(63)}.`.repeat(3)}example.com.`]);
  });

  it('skips an AWS ALIAS line whose quoted zone id has a bad escape, with a problem (no crash)', () => {
    const r = parse('www AWS ALIAS A x. "\\256" false\nok 300 IN A 192.0.2.1\n');
    expect(r.recordSets.map((s) => s.name)).toEqual(['ok.example.com.']);
    expect(r.problems).toEqual([{ line: 1, message: 'AWS ALIAS zone id: escape \\256 is out of range; skipped' }]);
  });

  it('reports conflicting TTLs in one set and keeps the first', () => {
    const r = parse('w 300 IN A 192.0.2.1\nw 60 IN A 192.0.2.2\n');
    expect(r.recordSets).toEqual([{ name: 'w.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1', '192.0.2.2'] }]);
    expect(r.problems).toEqual([{ line: 2, message: 'w.example.com. A: TTL 60 differs from TTL 300 on line 1; keeping 300' }]);
  });

  it('keeps values it cannot read as invalid values, with a problem', () => {
    const r = parse('w 300 IN A 300.1.1.1\n');
    expect(r.recordSets[0]).toMatchObject({ values: ['300.1.1.1'], invalidValues: [{ value: '300.1.1.1' }] });
    expect(r.problems[0]?.line).toBe(1);
  });

  it('reports a malformed routing comment and reads the record as plain', () => {
    const r = parse('w 300 IN A 192.0.2.1 ; AWS routing="ROUNDROBIN" identifier="x"\n');
    expect(r.recordSets).toEqual([{ name: 'w.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1'] }]);
    expect(r.problems[0]?.message).toMatch(/routing="ROUNDROBIN" is not one of/);
  });

  it('ignores ordinary comments that are not AWS routing comments', () => {
    expect(parse('w 300 IN A 192.0.2.1 ; weight=1 identifier="x"\n').recordSets[0]?.setIdentifier).toBeUndefined();
  });

  it('reads zone-replay extensions: geoproximity with a negative bias, CIDR, escaped identifiers', () => {
    const r = parse(
      'g 60 IN A 192.0.2.1 ; AWS routing="GEOPROXIMITY" latitude="49.22" longitude="-74.01" bias=-20 identifier="a \\"b\\" \\\\ c"\n' +
        'c 60 IN A 192.0.2.2 ; AWS routing="CIDR" collectionId="col" locationName="*" identifier="office"\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.recordSets[0]).toMatchObject({ setIdentifier: 'office', cidrRoutingConfig: { collectionId: 'col', locationName: '*' } });
    expect(r.recordSets[1]).toMatchObject({ setIdentifier: 'a "b" \\ c', geoProximityLocation: { coordinates: { latitude: '49.22', longitude: '-74.01' }, bias: -20 } });
  });

  it('reports a record whose owner cannot be inherited, and a relative name without an origin', () => {
    expect(parse('  300 IN A 192.0.2.1\n').problems[0]).toEqual({ line: 1, message: 'record without an owner name and no previous owner; skipped' });
    const r = parseZoneFile('www 300 IN A 192.0.2.1\n', { file: 'z' });
    expect(r.recordSets).toEqual([]);
    expect(r.problems[0]?.message).toMatch(/relative name without an \$ORIGIN/);
  });

  it('uses the previous explicit TTL when there is no $TTL, and reports a record with no TTL at all', () => {
    expect(parse('a 120 IN A 192.0.2.1\nb IN A 192.0.2.2\n').recordSets[1]).toMatchObject({ name: 'b.example.com.', ttl: 120 });
    const r = parse('b IN A 192.0.2.2\n');
    expect(r.recordSets[0]?.ttl).toBeUndefined();
    expect(r.problems[0]?.message).toMatch(/no TTL/);
  });

  it('with no TTL known, takes the SOA minimum for the SOA and every record after it, as BIND does (ldns writes such files)', () => {
    const r = parse('@ SOA @ hostmaster ( 1 1800 900 604800 1d )\n  NS ns1\nwww A 192.0.2.1\n');
    expect(r.recordSets.map((rs) => `${rs.name} ${rs.type} ${rs.ttl}`)).toEqual(['example.com. NS 86400', 'example.com. SOA 86400', 'www.example.com. A 86400']);
    expect(r.problems).toEqual([{ line: 1, message: "no TTL and no $TTL: the SOA's minimum, 86400, is used, as BIND does" }]);
    // An explicit TTL before it still wins, as does $TTL.
    expect(parse('a 120 A 192.0.2.1\n@ SOA @ hostmaster 1 2 3 4 5\n').recordSets.find((rs) => rs.type === 'SOA')?.ttl).toBe(120);
    expect(parse('$TTL 60\n@ SOA @ hostmaster 1 2 3 4 5\nb A 192.0.2.2\n').recordSets.map((rs) => rs.ttl)).toEqual([60, 60]);
  });

  it('does not let __proto__ in a routing comment reach a prototype', () => {
    const r = parse('w 300 IN A 192.0.2.1 ; AWS routing="WEIGHTED" weight=1 identifier="__proto__"\n');
    expect(r.recordSets[0]?.setIdentifier).toBe('__proto__');
    expect(({} as Record<string, unknown>).weight).toBeUndefined();
  });
});
