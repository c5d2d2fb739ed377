import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalValue, formatValue, parseDuration } from '../../src/model/rdata.js';
import { readResourceRecordSet } from '../../src/model/read-rrset.js';
import { arbTypedValue, ORIGIN } from '../support/arbitraries.js';

const c = (type: string, value: string, dialect: 'route53' | 'zonefile' = 'route53', origin?: string) => {
  const r = canonicalValue(type, value, origin !== undefined ? { dialect, origin } : { dialect });
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('canonical values', () => {
  it('makes equal data compare equal', () => {
    expect(c('AAAA', '2001:DB8::0001')).toBe(c('AAAA', '2001:db8::1'));
    expect(c('MX', '10 Mail.Example.COM')).toBe('10 mail.example.com.');
    expect(c('TXT', '"v=spf1 -all"')).toBe('"v=spf1 -all"');
    expect(c('TXT', 'v=spf1')).toBe('"v=spf1"');
    expect(c('CAA', '0 ISSUE "ca.example.net"')).toBe('0 issue "ca.example.net"');
    expect(c('CNAME', 'Target.Example.NET')).toBe('target.example.net.');
    expect(c('SRV', '10 5 443 SIP.example.com')).toBe('10 5 443 sip.example.com.');
    expect(c('DS', '12345 13 2 abcdef01 23456789')).toBe('12345 13 2 ABCDEF0123456789');
  });

  it('keeps TXT strings apart and escapes like Route 53 (octal), zone files decimal', () => {
    expect(c('TXT', '"a" "b c"')).toBe('"a" "b c"');
    expect(c('TXT', 'unquoted words')).toBe('"unquoted" "words"');
    expect(c('TXT', '"\\195\\133LAND"', 'zonefile')).toBe('"\\303\\205LAND"');
    expect(formatValue('TXT', '"\\303\\205LAND"', 'zonefile')).toBe('"\\195\\133LAND"');
    expect(c('TXT', '"say \\"hi\\""')).toBe('"say \\"hi\\""');
  });

  it('reads zone-file SOA durations and relative names', () => {
    expect(c('SOA', 'ns1 hostmaster 1 6h 1h 1w 1d', 'zonefile', 'example.com.')).toBe('ns1.example.com. hostmaster.example.com. 1 21600 3600 604800 86400');
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('x')).toBeUndefined();
  });

  it('falls back to a documented form for HTTPS/SVCB', () => {
    expect(c('HTTPS', '1 . ALPN="h3,h2" ipv4hint=192.0.2.1')).toBe('1 . alpn=h3,h2 ipv4hint=192.0.2.1');
    expect(c('SVCB', '0 Svc.Example.COM')).toBe('0 svc.example.com.');
    // A value with white space stays one word, and reads back the same.
    const spaced = c('SVCB', '1 svc.example.com. key65000="a b"');
    expect(spaced).toBe('1 svc.example.com. key65000="a b"');
    expect(c('SVCB', spaced)).toBe(spaced);
  });

  it('keeps invalid and redacted values with a reason, never throws', () => {
    for (const [type, value] of [['A', ''], ['A', '300.1.1.1'], ['AAAA', 'nope'], ['MX', 'mail'], ['SRV', '1 2 70000 x'], ['TXT', '"unterminated']]) {
      const r = canonicalValue(type!, value!);
      expect(r.ok, `${type} ${value}`).toBe(false);
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
    }
    fc.assert(fc.property(fc.constantFrom('A', 'AAAA', 'MX', 'TXT', 'CAA', 'SOA', 'NAPTR', 'HTTPS', 'TYPE99'), fc.string(), (t, v) => void canonicalValue(t, v)));
  });

  it('reads an IPv4 address as dns-packet\'s wire round trip does, leading zeros included', () => {
    const octet = fc.tuple(fc.nat(255), fc.nat(2)).map(([n, zeros]) => '0'.repeat(zeros) + String(n)).filter((t) => t.length <= 3);
    fc.assert(
      fc.property(fc.array(octet, { minLength: 4, maxLength: 4 }), (parts) => {
        const text = parts.join('.');
        const r = canonicalValue('A', text);
        const a = (dnsPacket as unknown as { a: { encode(s: string): Buffer; decode(b: Buffer): string } }).a;
        expect(r).toEqual({ ok: true, value: a.decode(a.encode(text)) });
      }),
    );
  });

  it('is idempotent, and a zone-file spelling reads back to the same value', () => {
    const arbValue = fc.oneof(
      fc.tuple(fc.constant('A'), fc.ipV4()),
      fc.tuple(fc.constant('AAAA'), fc.ipV6()),
      fc.tuple(fc.constant('TXT'), fc.array(fc.string({ maxLength: 40 }).map((s) => JSON.stringify(s).replace(/\\u[0-9a-f]{4}/g, '')), { minLength: 1, maxLength: 3 }).map((a) => a.join(' '))),
      fc.tuple(fc.constant('MX'), fc.tuple(fc.nat(65535), fc.domain()).map(([p, d]) => `${p} ${d}`)),
      fc.tuple(fc.constant('CAA'), fc.tuple(fc.constantFrom('issue', 'iodef'), fc.domain()).map(([t, d]) => `0 ${t} "${d}"`)),
    );
    fc.assert(
      fc.property(arbValue, ([type, value]) => {
        const r = canonicalValue(type, value);
        if (!r.ok) return;
        expect(c(type, r.value)).toBe(r.value);
        expect(c(type, formatValue(type, r.value, 'zonefile'), 'zonefile', 'example.com.')).toBe(r.value);
      }),
      { numRuns: 300 },
    );
  });
});

describe('canonical values of every type', () => {
  it('are fixed points, and read back from their zone-file spelling with or without an origin', () => {
    fc.assert(
      fc.property(arbTypedValue(ORIGIN), ([type, value]) => {
        expect(c(type, value)).toBe(value);
        expect(formatValue(type, value, 'route53')).toBe(value);
        expect(c(type, formatValue(type, value, 'zonefile', ORIGIN), 'zonefile', ORIGIN)).toBe(value);
        expect(c(type, formatValue(type, value, 'zonefile'), 'zonefile', 'elsewhere.test.')).toBe(value);
      }),
      { numRuns: 500 },
    );
  });
});

describe('reading ResourceRecordSets in any casing', () => {
  it('reads tTL / TTL / ttl and dNSName / DNSName alike', () => {
    const a = readResourceRecordSet({ name: 'x.example.com', type: 'a', tTL: 60, resourceRecords: [{ value: '192.0.2.1' }] });
    const b = readResourceRecordSet({ Name: 'X.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] });
    expect(a).toEqual(b);
    const alias1 = readResourceRecordSet({ name: 'x.example.com', type: 'A', aliasTarget: { hostedZoneId: '/hostedzone/Z1', dNSName: 'lb.example.net', evaluateTargetHealth: 'true' } });
    const alias2 = readResourceRecordSet({ Name: 'x.example.com', Type: 'A', AliasTarget: { HostedZoneId: 'Z1', DNSName: 'LB.example.net.', EvaluateTargetHealth: true } });
    expect(alias1).toEqual(alias2);
  });

  it('lists a set\'s invalid values in the order of its values, whatever order they were logged in', () => {
    const read = (...values: string[]) => readResourceRecordSet({ name: 'x.example.com', type: 'A', tTL: 60, resourceRecords: values.map((value) => ({ value })) });
    expect(read('not a value', '')).toEqual(read('', 'not a value'));
    expect(read('not a value', '').invalidValues!.map((v) => v.value)).toEqual(['', 'not a value']);
  });
});
