import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../src/events/collect.js';
import { normalizeLogQuery, recordLog } from '../../src/forensics/record-log.js';
import { replayEvents, type ZoneTimeline } from '../../src/replay/replay.js';
import { asInputs, ctChange, ctChangeBatch, ctCreateZone, ctRrset } from '../support/cloudtrail.js';
import { forensicTrail } from './trail.js';

const replay = replayEvents(collectEvents(asInputs(forensicTrail())).events);
const zone = (id: string): ZoneTimeline => replay.zones.get(id)!;

describe('recordLog', () => {
  it('lists every change to www.example.com oldest first, with before/after, status and actor details', () => {
    const log = recordLog(zone('Z1EXAMPLE'), normalizeLogQuery({ name: 'WWW.Example.COM' }));
    expect(log.entries.map((e) => [e.event.eventId, e.action, e.status])).toEqual([
      ['ev-e1', 'CREATE', 'applied'],
      ['ev-e2', 'UPSERT', 'applied'],
      ['ev-e3', 'CREATE', 'rejected'],
      ['ev-e4', 'UPSERT', 'applied'],
      ['ev-e5', 'UPSERT', 'failed'],
    ]);
    const [e1, e2, e3, e4, e5] = log.entries;
    expect(e1!.before).toBeNull();
    expect(e1!.after).toMatchObject({ ttl: 300, values: ['192.0.2.10'] });
    expect(e1!.comment).toBe('initial records');
    expect(e2!.before).toMatchObject({ ttl: 300, values: ['192.0.2.10'] });
    expect(e2!.after).toMatchObject({ ttl: 60, values: ['192.0.2.11'] });
    expect(e2!.event.actor).toMatchObject({
      name: 'deploy/ci-run-42',
      type: 'AssumedRole',
      sessionName: 'ci-run-42',
      sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/deploy', userName: 'deploy' },
      invokedBy: null,
    });
    expect(e2!.event.sourceIPAddress).toBe('203.0.113.40');
    expect(e3!.after).toBeNull();
    expect(e3!.requested).toMatchObject({ values: ['192.0.2.99'] });
    expect(e3!.reasons.join()).toMatch(/already exists/);
    expect(e4!.before).toMatchObject({ values: ['192.0.2.11'] });
    expect(e4!.event.actor).toMatchObject({ name: 'bob', type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/bob' });
    expect(e5!.reasons).toEqual(['AccessDenied: User is not authorized to perform: route53:ChangeResourceRecordSets']);
    expect(e5!.before).toMatchObject({ values: ['192.0.2.12'] });
    expect(log.lowerBound).toBe(false);
  });

  it('matches names canonically: case, trailing dot, * and \\052', () => {
    const z = zone('Z1EXAMPLE');
    const ids = (name: string) => recordLog(z, normalizeLogQuery({ name })).entries.map((e) => e.event.eventId);
    expect(ids('www.example.com.')).toEqual(ids('WWW.EXAMPLE.COM'));
    expect(ids('_HTTP._tcp.svc.example.com')).toEqual(['ev-e6']);
    expect(normalizeLogQuery({ name: '*.Example.com' }).name).toBe(normalizeLogQuery({ name: '\\052.example.com.' }).name);
  });

  it('without a name lists every set, including the zone default SOA/NS, and filters by type', () => {
    const z = zone('Z1EXAMPLE');
    const all = recordLog(z, {});
    expect(all.entries[0]).toMatchObject({ action: 'CreateHostedZone', status: 'zone-created', key: 'example.com. NS' });
    expect(all.entries.map((e) => e.event.eventId)).toContain('ev-e7');
    const srv = recordLog(z, normalizeLogQuery({ type: 'srv' }));
    expect(srv.entries.map((e) => e.key)).toEqual(['_http._tcp.svc.example.com. SRV']);
    expect(srv.entries[0]!.event.actor).toMatchObject({ name: 'servicediscovery.amazonaws.com', type: 'AWSService', invokedBy: 'servicediscovery.amazonaws.com' });
  });

  it('filters by --since/--until inclusively', () => {
    const z = zone('Z1EXAMPLE');
    const day2 = recordLog(z, normalizeLogQuery({ sinceMs: Date.parse('2024-03-02T00:00:00Z'), untilMs: Date.parse('2024-03-02T23:59:59.999Z') }));
    expect(day2.entries.map((e) => e.event.eventId)).toEqual(['ev-e3', 'ev-e4', 'ev-e5']);
    const exact = recordLog(z, { sinceMs: Date.parse('2024-03-01T14:00:00Z'), untilMs: Date.parse('2024-03-01T14:00:00Z') });
    expect(exact.entries.map((e) => e.event.eventId)).toEqual(['ev-e2']);
    expect(day2.query).toEqual({ name: null, type: null, since: '2024-03-02T00:00:00.000Z', until: '2024-03-02T23:59:59.999Z' });
  });

  it('marks a zone created before the logs as a lower bound, and sets that existed before them', () => {
    const log = recordLog(zone('Z2LEGACY'), normalizeLogQuery({ name: 'old.legacy.org' }));
    expect(log.lowerBound).toBe(true);
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({ action: 'DELETE', status: 'applied', beforeOrigin: 'inferred', after: null });
    expect(log.entries[0]!.before).toMatchObject({ type: 'TXT', ttl: 3600 });
  });

  it('lists the removal of sets with their zone', () => {
    const log = recordLog(zone('Z3TEMP'), {});
    const last = log.entries.filter((e) => e.event.eventId === 'ev-t3');
    expect(last.map((e) => [e.key, e.action, e.status])).toEqual([
      ['temp.example.net. NS', 'DeleteHostedZone', 'zone-deleted'],
      ['temp.example.net. SOA', 'DeleteHostedZone', 'zone-deleted'],
    ]);
  });

  it('a batch that deletes a set and creates it again: the CREATE starts from nothing, not from the set the DELETE removed', () => {
    const www = (v: string) => ctRrset('www.example.com', 'A', 300, [v]);
    const records = [
      ctCreateZone({ id: 'c0', time: '2024-03-01T00:00:00Z', zone: 'Z1', name: 'example.com' }),
      ctChangeBatch({ id: 'b1', time: '2024-03-01T00:00:01Z', zone: 'Z1', changes: [ctChange('CREATE', www('192.0.2.1'))] }),
      ctChangeBatch({ id: 'b2', time: '2024-03-01T00:00:02Z', zone: 'Z1', changes: [ctChange('DELETE', www('192.0.2.1')), ctChange('CREATE', www('192.0.2.2'))] }),
    ];
    const z = replayEvents(collectEvents(asInputs(records)).events).zones.get('Z1')!;
    const entries = recordLog(z, { name: 'www.example.com.' }).entries;
    expect(entries.map((e) => [e.event.eventId, e.action, e.before?.values ?? null, e.after?.values ?? null])).toEqual([
      ['b1', 'CREATE', null, ['192.0.2.1']],
      ['b2', 'DELETE', ['192.0.2.1'], null],
      ['b2', 'CREATE', null, ['192.0.2.2']],
    ]);
    // Each entry names its own request, not the first of its key in the batch.
    expect(entries.map((e) => e.requested?.values ?? null)).toEqual([['192.0.2.1'], ['192.0.2.1'], ['192.0.2.2']]);
  });
});
