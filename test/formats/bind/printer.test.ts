import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseZoneFile, printZoneFile } from '../../../src/formats/bind/index.js';
import type { RecordSet } from '../../../src/model/index.js';
import { arbRecordSet, ORIGIN } from '../../support/arbitraries.js';

const fixture = (file: string): string => readFileSync(new URL(`../../../fixtures/zones/${file}`, import.meta.url), 'utf8');
const SOA: RecordSet = { name: 'example.com.', type: 'SOA', ttl: 900, values: ['ns-1.awsdns-01.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'] };
const NS: RecordSet = { name: 'example.com.', type: 'NS', ttl: 172800, values: ['ns-1.awsdns-01.com.', 'ns-2.awsdns-02.net.'] };

describe('printZoneFile', () => {
  it('writes header, $ORIGIN, $TTL, SOA then apex NS then Route 53 order, in aligned columns', () => {
    const text = printZoneFile(
      [
        { name: 'www.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1'] },
        { name: 'example.com.', type: 'A', ttl: 300, values: ['192.0.2.9'] },
        NS,
        { name: '_sip._tcp.example.com.', type: 'SRV', ttl: 300, values: ['10 5 5060 sip.example.com.'] },
        SOA,
      ],
      { origin: 'example.com', header: ['zone-replay snapshot', 'at 2024-05-01T00:00:00Z'] },
    );
    expect(text).toBe(
      [
        '; zone-replay snapshot',
        '; at 2024-05-01T00:00:00Z',
        '$ORIGIN example.com.',
        '$TTL 300',
        '@         900    IN SOA ns-1.awsdns-01.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400',
        '@         172800 IN NS  ns-1.awsdns-01.com.',
        '@         172800 IN NS  ns-2.awsdns-02.net.',
        '@         300    IN A   192.0.2.9',
        '_sip._tcp 300    IN SRV 10 5 5060 sip.example.com.',
        'www       300    IN A   192.0.2.1',
        '',
      ].join('\n'),
    );
  });

  it('writes routing as cli53 comments and aliases as hidden cli53 ALIAS lines', () => {
    const text = printZoneFile(
      [
        SOA,
        NS,
        { name: 'api.example.com.', type: 'A', setIdentifier: 'blue', weight: 70, ttl: 60, values: ['192.0.2.10'] },
        { name: 'api.example.com.', type: 'A', setIdentifier: 'green "2"', weight: 30, aliasTarget: { hostedZoneId: 'Z35SXDOTRQ7X7K', dnsName: 'lb.example.net.', evaluateTargetHealth: true } },
      ],
      { origin: ORIGIN },
    );
    expect(text).toContain('\napi 60     IN  A     192.0.2.10 ; AWS routing="WEIGHTED" weight=70 identifier="blue"\n');
    expect(text).toContain('\n;@AWS api 86400  AWS ALIAS A lb.example.net. Z35SXDOTRQ7X7K true ; AWS routing="WEIGHTED" weight=30 identifier="green \\"2\\""\n');
  });

  it('hides from BIND what BIND rejects, and reads it back', () => {
    const sets: RecordSet[] = [
      SOA,
      NS,
      { name: 'example.com.', type: 'DS', ttl: 300, values: ['1 13 2 ' + 'AB'.repeat(32)] },
      { name: 'c.example.com.', type: 'CNAME', setIdentifier: 'a', weight: 1, ttl: 60, values: ['a.example.net.'] },
      { name: 'c.example.com.', type: 'CNAME', setIdentifier: 'b', weight: 1, ttl: 60, values: ['b.example.net.'] },
      { name: 'd.example.com.', type: 'CNAME', ttl: 60, values: ['a.example.net.'] },
      { name: 'd.example.com.', type: 'TXT', ttl: 60, values: ['"x"'] },
      { name: 'e.example.com.', type: 'CNAME', setIdentifier: 'only', weight: 1, ttl: 60, values: ['a.example.net.'] },
    ];
    const text = printZoneFile(sets, { origin: ORIGIN });
    expect(text).toContain('\n;@AWS @ 300    IN DS');
    expect(text).toMatch(/\n;@AWS c +60 +IN CNAME a\.example\.net\. ; AWS/);
    expect(text).toMatch(/\n;@AWS c +60 +IN CNAME b\.example\.net\. ; AWS/);
    expect(text).toMatch(/\n;@AWS d +60 +IN CNAME a\.example\.net\.\n/);
    expect(text).toMatch(/\nd +60 +IN TXT +"x"\n/);
    expect(text).toMatch(/\ne +60 +IN CNAME a\.example\.net\. ; AWS routing="WEIGHTED"/);
    const back = parseZoneFile(text, { file: 'p' });
    expect(back.problems).toEqual([]);
    expect(back.recordSets).toHaveLength(sets.length);
  });

  it('writes invalid values commented out with the reason', () => {
    const text = printZoneFile(
      [{ name: 'w.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1', 'bogus\nvalue'], invalidValues: [{ value: 'bogus\nvalue', reason: 'not an IPv4\naddress' }] }],
      { origin: ORIGIN },
    );
    expect(text).toContain('\n; invalid value of w.example.com. A (not an IPv4 address): "bogus\\nvalue"\nw 60 IN A 192.0.2.1\n');
  });

  it('writes C1 controls and bidi overrides from the logs as escapes, and reads a routed set back', () => {
    const routed: RecordSet = { name: 'w.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'], setIdentifier: 'one\u009b31m', weight: 1 };
    const bad: RecordSet = { name: 'v.example.com.', type: 'A', ttl: 60, values: ['x\u009b2J\u202e'], invalidValues: [{ value: 'x\u009b2J\u202e', reason: 'not an IPv4 address' }] };
    const text = printZoneFile([SOA, NS, routed, bad], { origin: ORIGIN, header: ['from the logs: ua\u009b31m\u202e'] });
    expect(text).not.toMatch(/[\u0080-\u009f\u202a-\u202e]/);
    expect(text).toContain('; from the logs: ua\\u009b31m\\u202e\n');
    expect(text).toContain('identifier="one\\15531m"');
    const back = parseZoneFile(text, { origin: ORIGIN, file: 'routed.zone' });
    expect(back.recordSets.find((rs) => rs.name === 'w.example.com.')?.setIdentifier).toBe('one\u009b31m');
  });

  it('never throws on a record set, whatever its content', () => {
    const odd: RecordSet[] = [
      { name: 'x.example.com.', type: 'A' },
      { name: 'y.example.com.', type: 'TXT', values: [] },
      { name: 'other.org.', type: 'A', ttl: 1, values: ['192.0.2.1'] },
      { name: 'z.example.com.', type: 'A', aliasTarget: { hostedZoneId: 'has space', dnsName: 'not..canonical', evaluateTargetHealth: false } },
      { name: 'example.com.', type: 'SOA', ttl: 1, values: ['a. b. 1 2 3 4 5', 'c. d. 1 2 3 4 5'] },
    ];
    expect(() => printZoneFile(odd, { origin: ORIGIN })).not.toThrow();
    fc.assert(fc.property(fc.array(arbRecordSet(ORIGIN), { maxLength: 10 }), (sets) => {
      expect(typeof printZoneFile(sets, { origin: ORIGIN })).toBe('string');
    }), { numRuns: 50 });
  });

  it.each([
    ['hand-written.example.com.zone', undefined],
    ['named-compilezone.example.org.zone', 'example.org.'],
    ['cli53-export.example.com.txt', 'example.com.'],
    ['octodns-bind.unit.tests.zone', undefined],
    ['escapes.example.net.zone', undefined],
  ])('reprints fixtures/zones/%s to the same sets', (file, origin) => {
    const first = parseZoneFile(fixture(file), { file, origin });
    const again = parseZoneFile(printZoneFile(first.recordSets, { origin: first.origin! }), { file: 'printed' });
    expect(again.problems).toEqual([]);
    expect(again.recordSets).toEqual(first.recordSets);
  });
});
