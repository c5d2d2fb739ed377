import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../src/events/collect.js';
import { actorName, normalizeRecord } from '../../src/events/normalize.js';
import type { Route53Event } from '../../src/events/types.js';
import { asInputs, ctChange, ctChangeBatch, ctCreateZone, ctDeleteZone, ctPolicyInstance, ctRrset, otherService } from '../support/cloudtrail.js';

const example = JSON.parse(readFileSync(new URL('../../fixtures/aws-example/route53-cloudtrail-example.json', import.meta.url), 'utf8')) as { Records: Record<string, unknown>[] };

function norm(record: Record<string, unknown>): Route53Event {
  const e = normalizeRecord(record, { file: 'f', index: 0 });
  if (!('provenance' in e)) throw new Error(e.message);
  return e;
}

describe('normalizeRecord', () => {
  it('reads the AWS example: ChangeResourceRecordSets with tTL, empty values kept and flagged', () => {
    const e = norm(example.Records[2]!);
    expect(e.action.kind).toBe('change-rrsets');
    if (e.action.kind !== 'change-rrsets') return;
    expect(e.action.zoneId).toBe('Z1PA6795UKMFR9');
    expect(e.action.comment).toBe('Adding subdomains');
    expect(e.action.changes.map((c) => [c.action, c.rrset.name, c.rrset.type, c.rrset.ttl])).toEqual([
      ['CREATE', 'prod.example.com.', 'A', 300],
      ['CREATE', 'test.example.com.', 'A', 300],
    ]);
    expect(e.action.changes[0]!.rrset.invalidValues?.[0]?.reason).toMatch(/empty/);
    expect(e.provenance.changeId).toBe('/change/C156SRE0X2ZB10');
    expect(e.provenance.identity.userName).toBe('smithj');
  });

  it('shares repeated strings without mixing up fields: a user named like a zone id keeps its name', () => {
    const zoneFirst = norm(ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: '/hostedzone/Z0SHARED', changes: [] }));
    const named = norm(ctChangeBatch({ id: 'e2', time: '2024-03-01T10:00:01Z', zone: 'Z0OTHER', changes: [], identity: { type: 'IAMUser', userName: '/hostedzone/Z0SHARED', arn: 'arn:aws:iam::111122223333:user/x' } }));
    expect(zoneFirst.action.kind === 'change-rrsets' && zoneFirst.action.zoneId).toBe('Z0SHARED');
    expect(named.provenance.identity.userName).toBe('/hostedzone/Z0SHARED');
    const again = norm(ctChangeBatch({ id: 'e3', time: '2024-03-01T10:00:02Z', zone: '/hostedzone/Z0SHARED', changes: [] }));
    expect(again.action.kind === 'change-rrsets' && again.action.zoneId).toBe('Z0SHARED');
  });

  it('shares one frozen identity between the events of one principal, and keeps different ones apart', () => {
    const role = (session: string, key: string) => ({
      type: 'AssumedRole',
      arn: `arn:aws:sts::111122223333:assumed-role/deployer/${session}`,
      principalId: `AROAEXAMPLE:${session}`,
      accountId: '111122223333',
      accessKeyId: key,
      sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/deployer', userName: 'deployer', accountId: '111122223333' } },
    });
    const ev = (id: string, identity: Record<string, unknown>) => norm(ctChangeBatch({ id, time: '2024-03-01T10:00:00Z', zone: 'Z0ID', changes: [], identity }));
    const a = ev('a', role('s1', 'ASIAONE'));
    const b = ev('b', JSON.parse(JSON.stringify(role('s1', 'ASIAONE'))) as Record<string, unknown>);
    expect(b.provenance.identity).toBe(a.provenance.identity);
    expect(Object.isFrozen(a.provenance.identity)).toBe(true);
    expect(Object.isFrozen(a.provenance.identity.sessionIssuer)).toBe(true);
    // One field apart is another identity: the same key with another session, another key, no issuer.
    const others = [ev('c', role('s2', 'ASIAONE')), ev('d', role('s1', 'ASIATWO')), ev('e', { ...role('s1', 'ASIAONE'), sessionContext: {} })];
    for (const o of others) expect(o.provenance.identity).not.toEqual(a.provenance.identity);
    expect(others[0]!.provenance.identity.sessionName).toBe('s2');
    expect(others[1]!.provenance.identity.accessKeyId).toBe('ASIATWO');
    expect(others[2]!.provenance.identity.sessionIssuer).toBeUndefined();
    // And the first one is still what it was.
    expect(ev('f', role('s1', 'ASIAONE')).provenance.identity).toEqual({ ...a.provenance.identity, sessionName: 's1' });
  });

  it('reads DeleteHostedZone by its `id` parameter', () => {
    const e = norm(example.Records[3]!);
    expect(e.action).toEqual({ kind: 'delete-zone', zoneId: 'Z1PA6795UKMFR9' });
  });

  it('reads PascalCase alias targets (hand-edited samples) and prefixed zone ids', () => {
    const rec = ctChangeBatch({
      id: 'e1',
      time: '2020-01-02T19:50:52Z',
      zone: '/hostedzone/Z3U1111222111',
      changes: [ctChange('CREATE', { name: 'Example.INFO', type: 'A', aliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2', DNSName: 'd3z456.cloudfront.net.', EvaluateTargetHealth: false } })],
    });
    const e = norm(rec);
    if (e.action.kind !== 'change-rrsets') throw new Error('kind');
    expect(e.action.zoneId).toBe('Z3U1111222111');
    expect(e.action.changes[0]!.rrset).toEqual({
      name: 'example.info.',
      type: 'A',
      aliasTarget: { hostedZoneId: 'Z2FDTNDATAQYW2', dnsName: 'd3z456.cloudfront.net.', evaluateTargetHealth: false },
    });
  });

  it('reads CloudTrail-cased alias and routing fields', () => {
    const rec = ctChangeBatch({
      id: 'e2',
      time: '2024-03-01T10:00:00Z',
      zone: 'Z1',
      changes: [
        ctChange('UPSERT', { name: 'api.example.com', type: 'A', setIdentifier: 'blue', weight: 70, aliasTarget: { hostedZoneId: 'Z35SXDOTRQ7X7K', dNSName: 'dualstack.lb-1.us-east-1.elb.amazonaws.com', evaluateTargetHealth: true } }),
        ctChange('CREATE', ctRrset('geo.example.com', 'A', 60, ['192.0.2.1'], { setIdentifier: 'eu', geoLocation: { continentCode: 'EU' } })),
      ],
    });
    const e = norm(rec);
    if (e.action.kind !== 'change-rrsets') throw new Error('kind');
    expect(e.action.changes[0]!.rrset.weight).toBe(70);
    expect(e.action.changes[0]!.rrset.aliasTarget?.dnsName).toBe('dualstack.lb-1.us-east-1.elb.amazonaws.com.');
    expect(e.action.changes[1]!.rrset.geoLocation).toEqual({ continentCode: 'EU' });
  });

  it('synthesizes nothing itself but reads CreateHostedZone name servers with trailing dots', () => {
    const e = norm(ctCreateZone({ id: 'c1', time: '2024-03-01T09:00:00Z', zone: 'ZNEW', name: 'shop.example.org' }));
    expect(e.action).toMatchObject({ kind: 'create-zone', zoneId: 'ZNEW', zoneName: 'shop.example.org.', privateZone: false });
    if (e.action.kind === 'create-zone') expect(e.action.nameServers[0]).toBe('ns-101.awsdns-12.com.');
  });

  it('keeps failed calls with their error and treats truncated requests as gaps', () => {
    const failed = norm(ctChangeBatch({ id: 'f1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [], error: { code: 'InvalidChangeBatch', message: '[Tried to create resource record set ...]' } }));
    expect(failed.error?.code).toBe('InvalidChangeBatch');
    const truncated = ctChangeBatch({ id: 't1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [] });
    truncated.requestParameters = { omitted: true, originalSize: 140000 };
    expect(norm(truncated).action.kind).toBe('gap');
  });

  it('records traffic policy instance calls as gaps', () => {
    const rec = { ...ctDeleteZone({ id: 'tp', time: '2024-03-01T10:00:00Z', zone: 'Z1' }), eventName: 'CreateTrafficPolicyInstance', requestParameters: { hostedZoneId: 'Z1', name: 'www.example.com', tTL: 60 } };
    const e = norm(rec);
    expect(e.action).toMatchObject({ kind: 'gap', zoneId: 'Z1' });
  });

  it('reads the zone of a traffic policy instance call where the API puts it, never from the instance id', () => {
    const call = (c: 'CreateTrafficPolicyInstance' | 'UpdateTrafficPolicyInstance' | 'DeleteTrafficPolicyInstance') =>
      norm(ctPolicyInstance({ id: `tp-${c}`, time: '2024-03-01T10:00:00Z', call: c, instance: 'inst-1', zone: 'Z1', name: 'www.example.com.' })).action;
    // Create names the zone in its request, Update in its response; Delete's `id` is the instance's, and nothing names its zone.
    expect(call('CreateTrafficPolicyInstance')).toMatchObject({ kind: 'gap', zoneId: 'Z1', trafficPolicyInstanceId: 'inst-1' });
    expect(call('UpdateTrafficPolicyInstance')).toMatchObject({ kind: 'gap', zoneId: 'Z1', trafficPolicyInstanceId: 'inst-1' });
    expect(call('DeleteTrafficPolicyInstance')).toEqual({ kind: 'gap', trafficPolicyInstanceId: 'inst-1', reason: expect.stringMatching(/traffic policy instance deleted/) });
  });

  it('returns a problem, not an exception, for records without a time', () => {
    const r = normalizeRecord({ eventSource: 'route53.amazonaws.com', eventName: 'ChangeResourceRecordSets' }, { file: 'x.json', index: 3 });
    expect('message' in r && r.message).toMatch(/eventTime/);
  });

  it('reads eventTime as ISO-8601 only, the same on every machine', () => {
    const at = (time: string) => {
      const r = normalizeRecord({ ...ctDeleteZone({ id: 'd', time, zone: 'Z1' }) }, { file: 'x.json', index: 0 });
      return 'provenance' in r ? new Date(r.provenance.timeMs).toISOString() : r.message;
    };
    expect(at('2024-03-01T10:00:00Z')).toBe('2024-03-01T10:00:00.000Z');
    expect(at('2024-03-01T15:30:00+05:30')).toBe('2024-03-01T10:00:00.000Z');
    expect(at('2024-03-01T10:00:00.250Z')).toBe('2024-03-01T10:00:00.250Z');
    // Without a zone, UTC (Date.parse would take the machine's zone).
    expect(at('2024-03-01T10:00:00')).toBe('2024-03-01T10:00:00.000Z');
    // What Date.parse also reads: other spellings (machine-dependent), text in parentheses, days rolled over, years past 9999.
    for (const bad of ['Mar 1 2024 10:00:00', 'Fri, 01 Mar 2024 10:00:00 GMT', 'Mar 1 2024 10:00:00 GMT (\u001b[2J)', '2024-02-30T10:00:00Z', '+010000-01-01T00:00:00Z', '1709287200']) {
      expect(at(bad), bad).toMatch(/no readable eventTime/);
    }
  });

  it('names the actor of an assumed-role session by role and session', () => {
    expect(
      actorName({ type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/ci-deploy/build-42', sessionName: 'build-42', sessionIssuer: { userName: 'ci-deploy' } }),
    ).toBe('ci-deploy/build-42');
  });

  it('never lets __proto__ keys reach a prototype', () => {
    const rec = JSON.parse(
      JSON.stringify(ctChangeBatch({ id: 'p1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('a.example.com', 'A', 60, ['192.0.2.1']))] })).replace('"name":"a.example.com"', '"__proto__":{"polluted":true},"name":"a.example.com"'),
    ) as Record<string, unknown>;
    const e = norm(rec);
    expect(e.action.kind).toBe('change-rrsets');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('collectEvents', () => {
  it('keeps only Route 53 events, drops duplicates by eventID and orders by time', () => {
    const a = ctChangeBatch({ id: 'b', time: '2024-03-01T10:00:02Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('a.example.com', 'A', 60, ['192.0.2.1']))] });
    const b = ctChangeBatch({ id: 'a', time: '2024-03-01T10:00:01Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('b.example.com', 'A', 60, ['192.0.2.2']))] });
    const log = collectEvents([...asInputs([a, otherService('n1', '2024-03-01T10:00:00Z'), b], 'one.json'), ...asInputs([a], 'two.json')]);
    expect(log.events.map((e) => e.provenance.eventId)).toEqual(['a', 'b']);
    expect(log.duplicates).toBe(1);
    expect(log.conflictingDuplicates).toEqual([]);
  });

  it('orders CreateHostedZone first and DeleteHostedZone last within one second', () => {
    const t = '2024-03-01T10:00:00Z';
    const log = collectEvents(
      asInputs([
        ctDeleteZone({ id: '1', time: t, zone: 'Z1' }),
        ctChangeBatch({ id: '2', time: t, zone: 'Z1', changes: [ctChange('CREATE', ctRrset('a.example.com', 'A', 60, ['192.0.2.1']))] }),
        ctCreateZone({ id: '3', time: t, zone: 'Z1', name: 'example.com' }),
      ]),
    );
    expect(log.events.map((e) => e.provenance.eventName)).toEqual(['CreateHostedZone', 'ChangeResourceRecordSets', 'DeleteHostedZone']);
  });

  it('flags duplicates that disagree', () => {
    const a = ctChangeBatch({ id: 'same', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('a.example.com', 'A', 60, ['192.0.2.1']))] });
    const b = ctChangeBatch({ id: 'same', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('a.example.com', 'A', 60, ['192.0.2.9']))] });
    expect(collectEvents(asInputs([a, b])).conflictingDuplicates).toEqual(['same']);
  });

  it('keeps the same one of two copies that differ only in the caller\'s details, whichever comes first in the file, and says they disagree', () => {
    const a = ctChangeBatch({ id: 'same', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('a.example.com', 'A', 60, ['192.0.2.1']))] });
    const b = { ...a, userAgent: 'console.amazonaws.com', sourceIPAddress: '198.51.100.66' };
    const kept = (records: Record<string, unknown>[]) => collectEvents(asInputs(records)).events.map((e) => e.provenance.userAgent);
    expect(kept([a, b])).toEqual(kept([b, a]));
    const log = collectEvents([...asInputs([a], 'one.json'), ...asInputs([b], 'two.json')]);
    expect(log.conflictingDuplicates).toEqual(['same']);
    expect(log.contradictoryCopies).toEqual([
      { eventId: 'same', timeMs: Date.parse('2024-03-01T10:00:00Z'), zoneIds: ['Z1'], replayed: log.contradictoryCopies[0]!.replayed, copies: ['one.json#0', 'two.json#0'], differs: ['sourceIPAddress', 'userAgent'] },
    ]);
    expect(['one.json#0', 'two.json#0']).toContain(log.contradictoryCopies[0]!.replayed);
  });

  it('does not take a detail one copy lacks for a contradiction (a source may drop it), nor identical copies', () => {
    const a = ctChangeBatch({ id: 'same', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('a.example.com', 'A', 60, ['192.0.2.1']))] });
    const { userAgent: _dropped, ...lossy } = a as Record<string, unknown>;
    const log = collectEvents([...asInputs([a], 'raw.json'), ...asInputs([lossy], 'athena.csv'), ...asInputs([a], 'copy.json')]);
    expect(log.duplicates).toBe(2);
    expect(log.contradictoryCopies).toEqual([]);
  });

  it('lists every copy of an event whose copies disagree, and the same whatever the order they are read in', () => {
    const a = ctChangeBatch({ id: 'same', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('a.example.com', 'A', 60, ['192.0.2.1']))] });
    const inputs = [...asInputs([a], 'a.json'), ...asInputs([a], 'b.json'), ...asInputs([{ ...a, userAgent: 'altered' }], 'c.json')];
    const forward = collectEvents(inputs).contradictoryCopies;
    expect(forward.map((c) => [c.copies, c.differs])).toEqual([[['a.json#0', 'b.json#0', 'c.json#0'], ['userAgent']]]);
    expect(collectEvents([...inputs].reverse()).contradictoryCopies).toEqual(forward);
    expect(collectEvents([inputs[2]!, inputs[0]!, inputs[1]!]).contradictoryCopies).toEqual(forward);
  });

  it('flags copies of which one records a failure, and keeps the same one whatever their order', () => {
    const ok = ctChangeBatch({ id: 'same', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('a.example.com', 'A', 60, ['192.0.2.1']))] });
    const failed = { ...ok, errorCode: 'Throttling', errorMessage: 'Rate exceeded' };
    const one = collectEvents(asInputs([ok, failed]));
    expect(one.conflictingDuplicates).toEqual(['same']);
    expect(one.events).toEqual(collectEvents(asInputs([failed, ok])).events.map((e) => ({ ...e, provenance: { ...e.provenance, index: one.events[0]!.provenance.index } })));
  });
});

describe('a record value that is an object or an array', () => {
  it('is kept as an invalid value of its set, not a reason to drop the batch', () => {
    let deep = '"x"';
    for (let i = 0; i < 20_000; i++) deep = `[${deep}]`; // String() of this overflowed the stack
    const rs = { name: 'w.example.com', type: 'TXT', tTL: 60, resourceRecords: [{ value: JSON.parse(deep) as unknown }, { value: { toString: null } }] };
    const rec = ctChangeBatch({ id: 'e-obj', time: '2024-05-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', rs)] });
    const e = normalizeRecord(rec as never, { file: 'f', index: 0 }) as Route53Event;
    expect(e.action.kind).toBe('change-rrsets');
    if (e.action.kind !== 'change-rrsets') return;
    expect(e.action.changes[0]!.rrset.invalidValues?.map((v) => v.value).sort()).toEqual(['[array]', '[object]']);
  });
});
