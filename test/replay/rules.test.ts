/**
 * Route 53's rules on a change itself and on its targets, beyond those in
 * reducer.test.ts: through the replay (CloudTrail records) and through the
 * what-if (`zone-replay apply`), which share the simulator.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readChangeBatches, whatIf } from '../../src/diff/what-if.js';
import type { RecordSet } from '../../src/model/record-set.js';
import { ctChange, ctChangeBatch, ctRrset, type Json } from '../support/cloudtrail.js';
import { created, NS, SOA, Z, zone } from '../support/replay-records.js';


/** The outcome of one batch after the zone's creation. */
function outcome(changes: Json[], before: Json[][] = []) {
  const batches = [...before, changes].map((c, i) => ctChangeBatch({ id: `e${i}`, time: `2024-03-01T10:00:0${i}Z`, zone: 'Z1', changes: c }));
  const z = zone([created, ...batches]);
  return z.steps[z.steps.length - 1]!.outcome;
}

/** The what-if's answer to one hand-made batch (API spelling). */
function apply(changes: Json[], sets: RecordSet[] = [SOA, NS]) {
  return whatIf(Z, sets, readChangeBatches({ Changes: changes }));
}

describe('TTL range', () => {
  it('rejects a TTL outside 0..2147483647 with the API validation message, and accepts any inside', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 2147483647 }), fc.constantFrom(0, 2147483647)), (ttl) => {
        expect(outcome([ctChange('UPSERT', ctRrset('www.example.com', 'A', ttl, ['192.0.2.1']))]).kind).toBe('applied');
      }),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -(2 ** 40), max: -1 }), fc.integer({ min: 2147483648, max: 2 ** 40 })), (ttl) => {
        expect(outcome([ctChange('UPSERT', ctRrset('www.example.com', 'A', ttl, ['192.0.2.1']))]).kind).toBe('rejected');
      }),
      { numRuns: 50 },
    );
    expect(outcome([ctChange('CREATE', ctRrset('a.example.com', 'A', 60, ['192.0.2.1'])), ctChange('CREATE', ctRrset('b.example.com', 'A', -1, ['192.0.2.1']))])).toEqual({
      kind: 'rejected',
      reasons: ["1 validation error detected: Value '-1' at 'changeBatch.changes.2.member.resourceRecordSet.tTL' failed to satisfy constraint: Member must have value greater than or equal to 0"],
    });
    const r = apply([{ Action: 'CREATE', ResourceRecordSet: { Name: 'www.example.com', Type: 'A', TTL: 2147483648, ResourceRecords: [{ Value: '192.0.2.1' }] } }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(["1 validation error detected: Value '2147483648' at 'changeBatch.changes.1.member.resourceRecordSet.tTL' failed to satisfy constraint: Member must have value less than or equal to 2147483647"]);
  });
});

describe('Weight range', () => {
  const weighted = (weight: number) => ctRrset('api.example.com', 'A', 60, ['192.0.2.1'], { setIdentifier: 'blue', weight });

  it('rejects a Weight outside 0..255 with the API validation message, and accepts any inside', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (weight) => {
        expect(outcome([ctChange('UPSERT', weighted(weight))]).kind).toBe('applied');
      }),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -(2 ** 40), max: -1 }), fc.integer({ min: 256, max: 2 ** 40 })), (weight) => {
        expect(outcome([ctChange('UPSERT', weighted(weight))]).kind).toBe('rejected');
      }),
      { numRuns: 50 },
    );
    expect(outcome([ctChange('CREATE', ctRrset('a.example.com', 'A', 60, ['192.0.2.1'])), ctChange('CREATE', weighted(256))])).toEqual({
      kind: 'rejected',
      reasons: ["1 validation error detected: Value '256' at 'changeBatch.changes.2.member.resourceRecordSet.weight' failed to satisfy constraint: Member must have value less than or equal to 255"],
    });
    const r = apply([{ Action: 'CREATE', ResourceRecordSet: { Name: 'api.example.com', Type: 'A', SetIdentifier: 'blue', Weight: -1, TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] } }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(["1 validation error detected: Value '-1' at 'changeBatch.changes.1.member.resourceRecordSet.weight' failed to satisfy constraint: Member must have value greater than or equal to 0"]);
  });

  it('answers a request with several validation errors with them alone, in one message as AWS words it: the zone is not read', () => {
    const api = (id: string, extra: Json) => ({ Name: 'api.example.com', Type: 'A', SetIdentifier: id, TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }], ...extra });
    // Besides the two violations, the second CREATE of api.example.com. in eu-west-1 would clash with the first.
    const r = apply([
      { Action: 'CREATE', ResourceRecordSet: api('a', { Region: 'eu-west-1', TTL: -1 }) },
      { Action: 'CREATE', ResourceRecordSet: api('b', { Region: 'eu-west-1' }) },
      { Action: 'CREATE', ResourceRecordSet: api('c', { Weight: 300 }) },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual([
        "2 validation errors detected: Value '-1' at 'changeBatch.changes.1.member.resourceRecordSet.tTL' failed to satisfy constraint: Member must have value greater than or equal to 0; Value '300' at 'changeBatch.changes.3.member.resourceRecordSet.weight' failed to satisfy constraint: Member must have value less than or equal to 255",
      ]);
    }
  });
});

describe('SetIdentifier and routing policy', () => {
  const api = (extra: Json) => ({ Action: 'CREATE', ResourceRecordSet: { Name: 'www.example.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }], ...extra } });

  it('apply refuses a SetIdentifier without a routing policy, and a routing field without a SetIdentifier', () => {
    const lone = apply([api({ SetIdentifier: 'blue' })]);
    expect(lone.ok).toBe(false);
    if (!lone.ok) expect(lone.errors[0]).toMatch(/^RRSet with DNS name www\.example\.com\., type A has SetIdentifier blue but no routing policy/);
    for (const routing of [{ Weight: 10 }, { Region: 'eu-west-1' }, { Failover: 'PRIMARY' }, { GeoLocation: { CountryCode: 'FR' } }, { MultiValueAnswer: true }]) {
      const r = apply([api(routing)]);
      expect(r.ok, JSON.stringify(routing)).toBe(false);
      if (!r.ok) expect(r.errors[0]).toMatch(/routing policy but no SetIdentifier$/);
      expect(apply([api({ ...routing, SetIdentifier: 'blue' })]).ok, JSON.stringify(routing)).toBe(true);
    }
  });

  it('does not apply to DELETEs, which Route 53 matches without every routing field', () => {
    const weighted: RecordSet = { name: 'www.example.com.', type: 'A', setIdentifier: 'blue', multiValueAnswer: true, ttl: 60, values: ['192.0.2.1'] };
    const del = { Action: 'DELETE', ResourceRecordSet: { Name: 'www.example.com', Type: 'A', SetIdentifier: 'blue', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] } };
    expect(apply([del], [SOA, NS, weighted]).ok).toBe(true);
  });

  it('the replay notes a logged success that breaks the rule instead of rejecting it (the log, or the reader of routing fields, is wrong)', () => {
    const o = outcome([ctChange('CREATE', ctRrset('www.example.com', 'A', 60, ['192.0.2.1'], { setIdentifier: 'blue' }))]);
    expect(o).toMatchObject({ kind: 'applied', findings: [{ kind: 'anomaly', message: expect.stringMatching(/has SetIdentifier blue but no routing policy .*yet the call succeeded$/) }] });
  });
});

describe('wildcard NS', () => {
  it('refuses a wildcard NS set, however the * is spelled, and accepts other wildcards and NS delegations', () => {
    const ns = (name: string) => ctChange('CREATE', ctRrset(name, 'NS', 300, ['ns1.example.net.']));
    for (const name of ['*.example.com', '\\052.example.com.', '*.dev.example.com'])
      expect(outcome([ns(name)]), name).toMatchObject({ kind: 'rejected', reasons: [expect.stringMatching(/wildcard cannot be used for NS records$/)] });
    expect(outcome([ns('dev.example.com')]).kind).toBe('applied');
    expect(outcome([ns('x*.example.com')]).kind).toBe('applied');
    expect(outcome([ctChange('CREATE', ctRrset('*.example.com', 'A', 300, ['192.0.2.1']))]).kind).toBe('applied');
    expect(apply([{ Action: 'UPSERT', ResourceRecordSet: { Name: '*.example.com', Type: 'NS', TTL: 300, ResourceRecords: [{ Value: 'ns1.example.net.' }] } }]).ok).toBe(false);
  });
});

describe('names over 255 bytes', () => {
  const long = Array(4).fill('x'.repeat(60)).join('.') + '.example.com'; // 4 × 61 + 13 + 1 = 258 bytes
  it('make a logged batch unreadable (a gap, never a rejection), and a hand-made batch an error', () => {
    expect(outcome([ctChange('CREATE', ctRrset(long, 'A', 60, ['192.0.2.1']))]).kind).toBe('gap');
    expect(() => readChangeBatches({ Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: long, Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] } }] })).toThrow(/longer than 255 bytes/);
  });
});

describe('request limits (apply)', () => {
  const set = (i: number, n: number, len = 7) => ({ Name: `h${i}.example.com`, Type: 'TXT', TTL: 60, ResourceRecords: Array.from({ length: n }, (_, j) => ({ Value: `"${String(j).padStart(len - 2, '0')}"` })) });

  it("refuses over 1,000 ResourceRecord elements, an UPSERT counting twice, with Route 53's message", () => {
    const creates = (n: number) => Array.from({ length: n }, (_, i) => ({ Action: 'CREATE', ResourceRecordSet: set(i, 100) }));
    expect(apply(creates(10)).ok).toBe(true);
    const over = apply([...creates(10), { Action: 'CREATE', ResourceRecordSet: set(99, 1) }]);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.errors).toEqual(['Number of records limit of 1000 exceeded.']);
    const upserts = (n: number) => Array.from({ length: n }, (_, i) => ({ Action: 'UPSERT', ResourceRecordSet: set(i, 100) }));
    expect(apply(upserts(5)).ok).toBe(true);
    expect(apply([...upserts(5), { Action: 'UPSERT', ResourceRecordSet: set(99, 1) }]).ok).toBe(false);
  });

  it("refuses over 32,000 characters of values, with Route 53's message", () => {
    // A TXT value of `strings` quoted strings of 248 characters: 251 × strings − 1 characters.
    const txt = (j: number, strings: number) => Array.from({ length: strings }, (_, k) => `"${String(j)}${String(k).padStart(247, 'x')}"`).join(' ');
    const rrset = (i: number, values: string[]) => ({ Name: `t${i}.example.com`, Type: 'TXT', TTL: 60, ResourceRecords: values.map((Value) => ({ Value })) });
    const big = (i: number, action = 'CREATE') => ({ Action: action, ResourceRecordSet: rrset(i, [0, 1, 2, 3].map((j) => txt(j, 15))) }); // 4 × 3,764 = 15,056
    const small = { Action: 'CREATE', ResourceRecordSet: rrset(9, [txt(0, 8)]) }; // 2,007
    expect(apply([big(1), big(2)]).ok).toBe(true); // 30,112
    const r = apply([big(1), big(2), small]); // 32,119
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(['RDATA character limit of 32000 exceeded.']);
    expect(apply([big(1, 'UPSERT')]).ok).toBe(true);
    expect(apply([big(1, 'UPSERT'), small]).ok).toBe(false);
  });
});

describe('aliases to the zone itself', () => {
  const alias = (name: string, type: string, target: string, zoneId = 'Z1') => ({ name, type, aliasTarget: { hostedZoneId: zoneId, dNSName: target, evaluateTargetHealth: false } });
  const lb = ctRrset('lb.example.com', 'A', 60, ['192.0.2.1']);

  it("refuses an alias whose target is missing, or of another type, in Route 53's words", () => {
    expect(outcome([ctChange('CREATE', alias('www.example.com', 'A', 'lb.example.com'))])).toEqual({
      kind: 'rejected',
      reasons: ['Tried to create an alias that targets lb.example.com., type A in zone Z1, but that target was not found'],
    });
    expect(outcome([ctChange('CREATE', alias('www.example.com', 'AAAA', 'lb.example.com'))], [[ctChange('CREATE', lb)]]).kind).toBe('rejected');
    expect(outcome([ctChange('CREATE', alias('www.example.com', 'A', 'lb.other.org'))])).toMatchObject({ kind: 'rejected', reasons: [expect.stringMatching(/does not lie within the target zone$/)] });
  });

  it('accepts it when the target exists, is created in the same batch (in any order), or is in another zone', () => {
    expect(outcome([ctChange('CREATE', alias('www.example.com', 'A', 'lb.example.com'))], [[ctChange('CREATE', lb)]]).kind).toBe('applied');
    expect(outcome([ctChange('CREATE', alias('www.example.com', 'A', 'lb.example.com')), ctChange('CREATE', lb)]).kind).toBe('applied');
    expect(outcome([ctChange('UPSERT', alias('www.example.com', 'A', 'dualstack.lb-1.eu-west-1.elb.amazonaws.com', 'Z32O12XQLNTSW2'))]).kind).toBe('applied');
    expect(outcome([ctChange('CREATE', alias('example.com', 'A', 'lb.example.com', '/hostedzone/Z1'))], [[ctChange('CREATE', lb)]]).kind).toBe('applied');
  });

  it('notes instead of refusing when the zone may hold sets the logs do not show (older than the logs)', () => {
    const z = zone([ctChangeBatch({ id: 'o1', time: '2024-03-01T10:00:00Z', zone: 'ZOLD', changes: [ctChange('UPSERT', alias('www.corp.example', 'A', 'lb.corp.example', 'ZOLD'))] })], 'ZOLD');
    expect(z.steps[0]!.outcome).toMatchObject({ kind: 'applied', findings: [{ kind: 'possibly-replaced' }, { kind: 'unverifiable-alias' }] });
  });

  it('apply checks it when the zone id is known: from route53://, a replay, or the batch\'s HostedZoneId', () => {
    const batch = readChangeBatches({ Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'www.example.com', Type: 'A', AliasTarget: { HostedZoneId: 'ZSELF', DNSName: 'lb.example.com', EvaluateTargetHealth: false } } }] });
    const r = whatIf(Z, [SOA, NS], batch, '/hostedzone/ZSELF');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(['Tried to create an alias that targets lb.example.com., type A in zone ZSELF, but that target was not found']);
    expect(whatIf(Z, [SOA, NS, { name: 'lb.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'] }], batch, 'ZSELF').ok).toBe(true);
    expect(whatIf(Z, [SOA, NS], batch).ok).toBe(true);
  });
});

describe('mixed routing policies at one name and type', () => {
  const simple = ctRrset('api.example.com', 'A', 60, ['192.0.2.1']);
  const weighted = ctRrset('api.example.com', 'A', 60, ['192.0.2.2'], { setIdentifier: 'blue', weight: 10 });
  const latency = ctRrset('api.example.com', 'A', 60, ['192.0.2.3'], { setIdentifier: 'eu', region: 'eu-west-1' });
  const multi = ctRrset('api.example.com', 'A', 60, ['192.0.2.4'], { setIdentifier: 'm1', multiValueAnswer: true });

  it("uses Route 53's words for the set the batch writes, where they are known", () => {
    expect(outcome([ctChange('CREATE', simple)], [[ctChange('CREATE', weighted)]])).toEqual({
      kind: 'rejected',
      reasons: ['RRSet with DNS name api.example.com., type A cannot be created as other RRSets exist with the same name and type.'],
    });
    expect(outcome([ctChange('CREATE', latency)], [[ctChange('CREATE', weighted)]])).toEqual({
      kind: 'rejected',
      reasons: ['RRSet with DNS name api.example.com., type A, SetIdentifier eu, and Region Name=eu-west-1 cannot be created because a non-latency RRSet with the same name and type already exists.'],
    });
    expect(outcome([ctChange('CREATE', multi)], [[ctChange('CREATE', simple)]])).toEqual({
      kind: 'rejected',
      reasons: ['RRSet with DNS name api.example.com., type A, SetIdentifier m1 cannot be created because a non multivalue answer rrset exists with the same name and type.'],
    });
  });

  it("keeps the simulator's wording where Route 53's is not known, and still accepts a whole group switched in one batch", () => {
    expect(outcome([ctChange('CREATE', weighted)], [[ctChange('CREATE', latency)]])).toMatchObject({ kind: 'rejected', reasons: [expect.stringMatching(/mixes routing policies \(latency, weighted\)/)] });
    expect(outcome([ctChange('DELETE', weighted), ctChange('CREATE', latency)], [[ctChange('CREATE', weighted)]]).kind).toBe('applied');
  });
});
