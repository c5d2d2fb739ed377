import { describe, expect, it } from 'vitest';
import { blameText } from '../../src/cli/render/forensics-blame-text.js';
import { recordLogText } from '../../src/cli/render/forensics-log-text.js';
import { paint } from '../../src/cli/terminal-text.js';
import { blameAt } from '../../src/forensics/blame.js';
import { recordLog } from '../../src/forensics/record-log.js';
import { stateAt, type ZoneTimeline } from '../../src/replay/replay.js';
import { snapshotAt } from '../../src/views/snapshot.js';
import { ctChange, ctChangeBatch, ctCreateZone, ctCutBatch, ctDeleteZone, ctPolicyInstance, ctRrset, type Json } from '../support/cloudtrail.js';
import { created, replay, zone } from '../support/replay-records.js';


function keysAt(z: ZoneTimeline, time: string): string[] {
  return [...stateAt(z, Date.parse(time)).rrsets.keys()].sort();
}

const www = ctRrset('www.example.com', 'A', 300, ['192.0.2.10']);

describe('replay: CreateHostedZone', () => {
  it('synthesizes the default SOA and NS from the delegation set, marked synthesized', () => {
    const z = zone([created]);
    const s = stateAt(z, Date.parse('2024-03-01T09:00:00Z'));
    const soa = s.rrsets.get('example.com. SOA')!;
    const ns = s.rrsets.get('example.com. NS')!;
    expect(soa.origin).toBe('synthesized');
    expect(soa.rrset).toMatchObject({ ttl: 900, values: ['ns-101.awsdns-12.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'] });
    expect(ns.rrset.ttl).toBe(172800);
    expect(ns.rrset.values).toHaveLength(4);
    expect(z.genesis).toBe('in-logs');
    expect(z.nameSource).toBe('logged');
  });
});

describe('replay: Route 53 batch rules', () => {
  it('applies CREATE, UPSERT and DELETE in time order', () => {
    const z = zone([
      created,
      ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', www)] }),
      ctChangeBatch({ id: 'e2', time: '2024-03-01T11:00:00Z', zone: 'Z1', changes: [ctChange('UPSERT', ctRrset('www.example.com.', 'A', 60, ['192.0.2.11']))] }),
      ctChangeBatch({ id: 'e3', time: '2024-03-01T12:00:00Z', zone: 'Z1', changes: [ctChange('DELETE', ctRrset('WWW.example.com', 'A', 60, ['192.0.2.11']))] }),
    ]);
    expect(stateAt(z, Date.parse('2024-03-01T10:30:00Z')).rrsets.get('www.example.com. A')?.rrset.values).toEqual(['192.0.2.10']);
    expect(stateAt(z, Date.parse('2024-03-01T11:30:00Z')).rrsets.get('www.example.com. A')?.rrset).toMatchObject({ ttl: 60, values: ['192.0.2.11'] });
    expect(keysAt(z, '2024-03-01T12:30:00Z')).toEqual(['example.com. NS', 'example.com. SOA']);
  });

  it('rejects the whole batch when one change fails (CREATE of an existing set), leaving the state unchanged', () => {
    const z = zone([
      created,
      ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', www)] }),
      ctChangeBatch({ id: 'e2', time: '2024-03-01T10:01:00Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('mail.example.com', 'A', 60, ['192.0.2.25'])), ctChange('CREATE', www)] }),
    ]);
    const step = z.steps[2]!;
    expect(step.outcome.kind).toBe('rejected');
    if (step.outcome.kind === 'rejected') expect(step.outcome.reasons[0]).toMatch(/Tried to create resource record set \[name='www.example.com.', type='A'\] but it already exists/);
    expect(step.state).toBe(z.steps[1]!.state);
  });

  it('rejects a DELETE whose values do not match exactly', () => {
    const z = zone([
      created,
      ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', www)] }),
      ctChangeBatch({ id: 'e2', time: '2024-03-01T10:01:00Z', zone: 'Z1', changes: [ctChange('DELETE', ctRrset('www.example.com', 'A', 300, ['192.0.2.99']))] }),
    ]);
    expect(z.steps[2]!.outcome).toMatchObject({ kind: 'rejected' });
    expect(keysAt(z, '2024-03-02')).toContain('www.example.com. A');
  });

  it('rejects a CNAME beside other data and at the apex', () => {
    const z = zone([
      created,
      ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', www)] }),
      ctChangeBatch({ id: 'e2', time: '2024-03-01T10:01:00Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('www.example.com', 'CNAME', 300, ['lb.example.net']))] }),
      ctChangeBatch({ id: 'e3', time: '2024-03-01T10:02:00Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('example.com', 'CNAME', 300, ['lb.example.net']))] }),
      ctChangeBatch({ id: 'e4', time: '2024-03-01T10:03:00Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('www.other.org', 'A', 300, ['192.0.2.1']))] }),
    ]);
    expect(z.steps.slice(2).map((s) => s.outcome.kind)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(z.steps[2]!.outcome).toMatchObject({ reasons: [expect.stringMatching(/conflicts with other records with the same DNS name in zone example\.com\.$/)] });
  });

  it("words Route 53's refusal for a zone whose name is not known yet", () => {
    const up = ctChangeBatch({ id: 'u1', time: '2024-03-06T10:00:00Z', zone: 'ZOLD', changes: [ctChange('UPSERT', ctRrset('www.corp.example', 'A', 60, ['192.0.2.5']))] });
    const z = zone([up, ctChangeBatch({ id: 'c2', time: '2024-03-06T11:00:00Z', zone: 'ZOLD', changes: [ctChange('CREATE', ctRrset('www.corp.example', 'CNAME', 60, ['lb.example.net']))] })], 'ZOLD');
    expect(z.steps[1]!.outcome).toMatchObject({ kind: 'rejected', reasons: [expect.stringMatching(/with the same DNS name in the zone$/)] });
  });

  it('accepts DELETE then CREATE of the same set in one batch (CNAME → alias)', () => {
    const cname = ctRrset('app.example.com', 'CNAME', 300, ['old.example.net']);
    const z = zone([
      created,
      ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', cname)] }),
      ctChangeBatch({
        id: 'e2',
        time: '2024-03-01T10:01:00Z',
        zone: 'Z1',
        changes: [ctChange('DELETE', cname), ctChange('CREATE', { name: 'app.example.com', type: 'A', aliasTarget: { hostedZoneId: 'Z2FDTNDATAQYW2', dNSName: 'd111.cloudfront.net', evaluateTargetHealth: false } })],
      }),
    ]);
    expect(z.steps[2]!.outcome.kind).toBe('applied');
    expect(keysAt(z, '2024-03-02')).toContain('app.example.com. A');
  });

  it('refuses to delete the apex SOA or NS', () => {
    const z = zone([created, ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('DELETE', ctRrset('example.com', 'NS', 172800, ['ns-101.awsdns-12.com.', 'ns-602.awsdns-11.net.', 'ns-1203.awsdns-22.org.', 'ns-1804.awsdns-33.co.uk.']))] })]);
    expect(z.steps[1]!.outcome).toMatchObject({ kind: 'rejected', reasons: ['A HostedZone must contain at least one NS record for the zone itself.'] });
  });

  it('takes a DELETE of a set not seen, after a gap, as proof of the set from that gap on: the gap may have created it', () => {
    // A request CloudTrail cut (omitted: true) and a traffic policy instance change records unseen.
    const cut = ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [] });
    (cut.requestParameters as Json).changeBatch = { omitted: true };
    const tpi = { ...ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [] }), eventName: 'CreateTrafficPolicyInstance', requestParameters: { hostedZoneId: 'Z1', name: 'www.example.com', tTL: 300 } };
    for (const gap of [cut, tpi]) {
      const z = zone([created, gap, ctChangeBatch({ id: 'e2', time: '2024-03-01T11:00:00Z', zone: 'Z1', changes: [ctChange('DELETE', www)] })]);
      expect(z.steps.map((s) => s.outcome.kind)).toEqual(['applied', 'gap', 'applied']);
      // Not before the gap (nor before the logs: the zone's creation is in them), from it to the DELETE.
      expect(z.initial.rrsets.size).toBe(0);
      expect(keysAt(z, '2024-03-01T09:30:00Z')).not.toContain('www.example.com. A');
      const proved = stateAt(z, Date.parse('2024-03-01T10:30:00Z')).rrsets.get('www.example.com. A');
      expect(proved).toMatchObject({ origin: 'inferred', action: 'inferred', setBy: { eventId: 'e2' }, since: { eventId: 'e1', eventName: gap.eventName } });
      expect(z.steps[1]!.outcome).toMatchObject({ kind: 'gap', proved: [proved] });
      expect(z.steps[2]!.outcome).toMatchObject({ kind: 'applied', changes: [{ action: 'DELETE', before: proved }], findings: [] });
      expect(keysAt(z, '2024-03-01T11:30:00Z')).not.toContain('www.example.com. A');
    }
    // Created and deleted since the gap, it was re-created unseen later: no proof, the DELETE is flagged.
    const again = zone([
      created,
      cut,
      ctChangeBatch({ id: 'e2', time: '2024-03-01T10:10:00Z', zone: 'Z1', changes: [ctChange('CREATE', www)] }),
      ctChangeBatch({ id: 'e3', time: '2024-03-01T10:20:00Z', zone: 'Z1', changes: [ctChange('DELETE', www)] }),
      ctChangeBatch({ id: 'e4', time: '2024-03-01T11:00:00Z', zone: 'Z1', changes: [ctChange('DELETE', www)] }),
    ]);
    expect(again.steps[4]!.outcome).toMatchObject({ findings: [{ kind: 'unverifiable-delete', message: expect.stringMatching(/at 2024-03-01T10:00:00Z changed records the logs do not show, and may have created it$/) }] });
    expect(again.steps.every((s) => [...s.state.rrsets.values()].every((e) => e.origin !== 'inferred'))).toBe(true);
    // Without the gap, the same DELETE is refused.
    expect(zone([created, ctChangeBatch({ id: 'e2', time: '2024-03-01T11:00:00Z', zone: 'Z1', changes: [ctChange('DELETE', www)] })]).steps[1]!.outcome.kind).toBe('rejected');
  });

  it('after a gap, applies and flags a CREATE of a set the logs show and a DELETE naming other values: the gap may have deleted or changed it', () => {
    const cut = ctCutBatch({ id: 'cut', time: '2024-03-01T10:30:00Z', zone: 'Z1', cut: 'change-batch' });
    const first = ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', www), ctChange('CREATE', ctRrset('mail.example.com', 'A', 300, ['192.0.2.25']))] });
    const later = ctChangeBatch({ id: 'e2', time: '2024-03-01T11:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('www.example.com', 'A', 60, ['192.0.2.11'])), ctChange('DELETE', ctRrset('mail.example.com', 'A', 60, ['192.0.2.26']))] });
    const z = zone([created, first, cut, later]);
    expect(z.steps.map((s) => s.outcome.kind)).toEqual(['applied', 'applied', 'gap', 'applied']);
    expect(z.steps[3]!.outcome).toMatchObject({ findings: [{ kind: 'unverifiable-create', key: 'www.example.com. A' }, { kind: 'unverifiable-delete', key: 'mail.example.com. A' }] });
    expect(keysAt(z, '2024-03-01T12:00:00Z')).toEqual(['example.com. NS', 'example.com. SOA', 'www.example.com. A']);
    expect(stateAt(z, Date.parse('2024-03-01T12:00:00Z')).rrsets.get('www.example.com. A')?.setBy.eventId).toBe('e2');
    // Without the gap, Route 53 would have refused the same batch.
    expect(zone([created, first, later]).steps[2]!.outcome.kind).toBe('rejected');
  });

  it('takes a gap whose record names no zone as a gap of the zone its traffic policy instance is tied to, else of every zone', () => {
    const other = ctCreateZone({ id: 'c1', time: '2024-03-01T09:00:00Z', zone: 'Z2', name: 'example.org' });
    const tpi = (id: string, call: 'CreateTrafficPolicyInstance' | 'DeleteTrafficPolicyInstance', time: string) => ctPolicyInstance({ id, time, call, instance: 'inst-1', zone: 'Z2', name: 'tp.example.org.' });
    const del = (id: string, zone: string, name: string) => ctChangeBatch({ id, time: '2024-03-01T12:00:00Z', zone, changes: [ctChange('DELETE', ctRrset(name, 'A', 300, ['192.0.2.10']))] });
    const outcomes = (records: Json[]) => [...replay(records).zones.values()].map((z) => `${z.zoneId}: ${z.steps.map((s) => `${s.event.provenance.eventId} ${s.outcome.kind}`).join(', ')}`);
    // A request CloudTrail cut whole: no zone id is left, so both zones may hold what it created.
    expect(outcomes([created, other, ctCutBatch({ id: 'cut', time: '2024-03-01T10:00:00Z', zone: 'Z1', cut: 'request' }), del('d1', 'Z1', 'www.example.com'), del('d2', 'Z2', 'www.example.org')])).toEqual([
      'Z1: c0 applied, cut gap, d1 applied',
      'Z2: c1 applied, cut gap, d2 applied',
    ]);
    // A DeleteTrafficPolicyInstance names only its instance, which the Create (even one logged later) ties to Z2.
    expect(outcomes([created, other, tpi('tp-del', 'DeleteTrafficPolicyInstance', '2024-03-01T10:00:00Z'), tpi('tp-new', 'CreateTrafficPolicyInstance', '2024-03-01T13:00:00Z'), del('d1', 'Z1', 'www.example.com'), del('d2', 'Z2', 'www.example.org')])).toEqual([
      'Z1: c0 applied, d1 rejected',
      'Z2: c1 applied, tp-del gap, d2 applied, tp-new gap',
    ]);
  });

  it('keeps a zone-less gap out of zones created after it, and a failed call that names no zone out of every zone', () => {
    const later = ctCreateZone({ id: 'c1', time: '2024-03-01T11:00:00Z', zone: 'Z2', name: 'example.org' });
    const cut = ctCutBatch({ id: 'cut', time: '2024-03-01T10:00:00Z', zone: 'Z1', cut: 'request' });
    const refused = { ...ctCutBatch({ id: 'denied', time: '2024-03-01T12:00:00Z', zone: 'Z1', cut: 'request' }), errorCode: 'AccessDenied', errorMessage: 'not authorized' };
    const r = replay([created, later, cut, refused]);
    const steps = [...r.zones.values()].map((z) => `${z.zoneId}: ${z.steps.map((s) => `${s.event.provenance.eventId} ${s.outcome.kind}`).join(', ')}`);
    expect(steps).toEqual(['Z1: c0 applied, cut gap', 'Z2: c1 applied']);
    expect(r.unscoped.map((e) => e.provenance.eventId)).toEqual(['denied']);
  });

  it("keeps a zone-less gap out of another account's zones: a hosted zone belongs to one account", () => {
    const theirs = { ...ctCreateZone({ id: 'c1', time: '2024-03-01T09:00:00Z', zone: 'Z2', name: 'example.org' }), recipientAccountId: '444455556666' };
    const cut = ctCutBatch({ id: 'cut', time: '2024-03-01T10:00:00Z', zone: 'Z1', cut: 'request' });
    const steps = (records: Json[]) => [...replay(records).zones.values()].map((z) => `${z.zoneId}: ${z.steps.map((s) => `${s.event.provenance.eventId} ${s.outcome.kind}`).join(', ')}`);
    expect(steps([created, theirs, cut])).toEqual(['Z1: c0 applied, cut gap', 'Z2: c1 applied']);
    // Made in the other account, the same cut request may have changed only that account's zone.
    expect(steps([created, theirs, { ...cut, recipientAccountId: '444455556666' }])).toEqual(['Z1: c0 applied', 'Z2: c1 applied, cut gap']);
  });

  it('never applies a failed call', () => {
    const z = zone([created, ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', www)], error: { code: 'AccessDenied', message: 'not authorized' } })]);
    expect(z.steps[1]!.outcome).toMatchObject({ kind: 'failed', code: 'AccessDenied' });
    expect(keysAt(z, '2024-03-02')).not.toContain('www.example.com. A');
  });
});

describe('replay: zones whose creation is not in the logs', () => {
  it('after a gap, applies and flags a CREATE of a set the logs show, as in a zone created in the logs', () => {
    const www = ctRrset('www.example.com', 'A', 300, ['192.0.2.10']);
    const first = ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: 'ZOLD', changes: [ctChange('CREATE', www)] });
    const again = ctChangeBatch({ id: 'e3', time: '2024-03-01T11:00:00Z', zone: 'ZOLD', changes: [ctChange('CREATE', www)] });
    const cut = ctCutBatch({ id: 'cut', time: '2024-03-01T10:30:00Z', zone: 'ZOLD', cut: 'change-batch' });
    const z = zone([first, cut, again], 'ZOLD');
    expect(z.steps.map((s) => s.outcome.kind)).toEqual(['applied', 'gap', 'applied']);
    expect(z.steps[2]!.outcome).toMatchObject({ findings: [{ kind: 'unverifiable-create', key: 'www.example.com. A' }] });
    // Without the gap, the logs show the set whole: the second CREATE is one Route 53 refuses.
    expect(zone([first, again], 'ZOLD').steps[1]!.outcome.kind).toBe('rejected');
  });

  const del = ctChangeBatch({ id: 'd1', time: '2024-03-05T10:00:00Z', zone: 'ZOLD', changes: [ctChange('DELETE', ctRrset('legacy.corp.example', 'TXT', 3600, ['"v=spf1 -all"']))] });
  const up = ctChangeBatch({ id: 'u1', time: '2024-03-06T10:00:00Z', zone: 'ZOLD', changes: [ctChange('UPSERT', ctRrset('www.corp.example', 'A', 60, ['192.0.2.5']))] });

  it('refuses a batch that takes away the apex SOA or NS, though the logs never saw them: every zone has both', () => {
    // A read-only call that names the zone, so its apex is known.
    const named = { ...ctDeleteZone({ id: 'g0', time: '2024-03-04T10:00:00Z', zone: 'ZOLD' }), eventName: 'GetHostedZone', readOnly: true, responseElements: { hostedZone: { id: '/hostedzone/ZOLD', name: 'corp.example.' } } };
    const soa = ctRrset('corp.example', 'SOA', 900, ['ns-1.awsdns-01.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400']);
    const ns = (v: string) => ctRrset('corp.example', 'NS', 172800, [v]);
    const batch = (id: string, changes: Json[]) => ctChangeBatch({ id, time: '2024-03-05T10:00:00Z', zone: 'ZOLD', changes });
    expect(zone([named, batch('d1', [ctChange('DELETE', soa)])], 'ZOLD').steps[1]!.outcome).toEqual({ kind: 'rejected', reasons: ['A HostedZone must contain exactly one SOA record.'] });
    expect(zone([named, batch('d1', [ctChange('DELETE', ns('ns-1.awsdns-01.com.'))])], 'ZOLD').steps[1]!.outcome).toEqual({ kind: 'rejected', reasons: ['A HostedZone must contain at least one NS record for the zone itself.'] });
    // Written back in the same batch, the NS is replaced: the DELETE proves the old one.
    const replaced = zone([named, batch('d1', [ctChange('DELETE', ns('ns-1.awsdns-01.com.')), ctChange('CREATE', ns('ns-2.awsdns-02.net.'))])], 'ZOLD');
    expect(replaced.steps[1]!.outcome.kind).toBe('applied');
    expect(stateAt(replaced, Date.parse('2024-03-01')).rrsets.get('corp.example. NS')).toMatchObject({ origin: 'inferred' });
  });

  it('takes a DELETE of an unknown set as proof it existed before the logs, shown in earlier snapshots', () => {
    const z = zone([del, up], 'ZOLD');
    expect(z.genesis).toBe('before-logs');
    const before = stateAt(z, Date.parse('2024-03-04'));
    expect(before.rrsets.get('legacy.corp.example. TXT')).toMatchObject({ origin: 'inferred', action: 'inferred' });
    expect(stateAt(z, Date.parse('2024-03-05T12:00:00Z')).rrsets.has('legacy.corp.example. TXT')).toBe(false);
    expect(z.steps[1]!.outcome).toMatchObject({ kind: 'applied', findings: [{ kind: 'possibly-replaced' }] });
  });

  it('takes a DELETE of an unknown set after a gap as proof of the set since that gap, not before the logs: the gap may have made it', () => {
    const cut = ctCutBatch({ id: 'cut', time: '2024-03-04T12:00:00Z', zone: 'ZOLD', cut: 'change-batch' });
    const z = zone([ctChangeBatch({ id: 'u0', time: '2024-03-04T10:00:00Z', zone: 'ZOLD', changes: [ctChange('UPSERT', ctRrset('www.corp.example', 'A', 60, ['192.0.2.4']))] }), cut, del], 'ZOLD');
    const key = 'legacy.corp.example. TXT';
    expect(z.genesis).toBe('before-logs');
    expect(z.initial.rrsets.has(key)).toBe(false);
    expect(stateAt(z, Date.parse('2024-03-04T11:00:00Z')).rrsets.has(key)).toBe(false);
    expect(stateAt(z, Date.parse('2024-03-04T12:00:00Z')).rrsets.get(key)).toMatchObject({ origin: 'inferred', action: 'inferred', setBy: { eventId: 'd1' }, since: { eventId: 'cut' } });
    expect(stateAt(z, Date.parse('2024-03-05T12:00:00Z')).rrsets.has(key)).toBe(false);
    const inputs = { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0 };
    const at = Date.parse('2024-03-05T09:00:00Z');
    const since = 'since ChangeResourceRecordSets at 2024-03-04T12:00:00Z, made by it or older';
    // blame, log and completeness say since when it is known, never "before the logs".
    const b = blameAt(z, at, inputs);
    expect(b.lines.find((l) => l.key === key)).toMatchObject({ attribution: 'since-gap', label: since, lastChange: null, evidence: { eventId: 'd1' }, since: { eventId: 'cut' } });
    const text = blameText(b, paint(false));
    expect(text).toContain(`${since}: who set it is unknown; proved by 2024-03-05T10:00:00Z`);
    const log = recordLog(z, { name: 'legacy.corp.example.' });
    expect(log.entries).toMatchObject([{ action: 'DELETE', beforeOrigin: 'inferred', beforeSince: { eventId: 'cut' } }]);
    expect(recordLogText(log, paint(false))).toContain(`(${since})`);
    expect(text + recordLogText(log, paint(false))).not.toMatch(/existed before the logs\)/);
    expect(snapshotAt(z, at, inputs).completeness.inferredSets).toContainEqual(expect.objectContaining({ eventId: 'd1', key, message: expect.stringMatching(/later DELETE .*: it existed since ChangeResourceRecordSets at 2024-03-04T12:00:00Z, which changed records the logs do not show: made by it or older$/) }));
  });

  it('without a gap before the DELETE, still shows the set from before the logs, and says so', () => {
    const z = zone([del, up], 'ZOLD');
    const inputs = { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0 };
    const at = Date.parse('2024-03-04T00:00:00Z');
    expect(z.initial.rrsets.get('legacy.corp.example. TXT')).toMatchObject({ origin: 'inferred' });
    expect(z.initial.rrsets.get('legacy.corp.example. TXT')!.since).toBeUndefined();
    expect(blameAt(z, at, inputs).lines[0]).toMatchObject({ attribution: 'older-than-logs', label: 'older than the logs', since: null });
    expect(recordLogText(recordLog(z, {}), paint(false))).toContain('(existed before the logs)');
    expect(snapshotAt(z, at, inputs).completeness.inferredSets).toEqual([expect.objectContaining({ eventId: 'd1', message: expect.stringMatching(/: it existed before the logs begin$/) })]);
  });

  it('says an UPSERT of a set not seen may have replaced one a gap made, in a zone older than the logs too', () => {
    const cut = ctCutBatch({ id: 'cut', time: '2024-03-04T10:00:00Z', zone: 'ZOLD', cut: 'change-batch' });
    const message = (records: Json[]) => {
      const outcome = zone(records, 'ZOLD').steps.find((s) => s.event.provenance.eventId === 'u1')!.outcome;
      return outcome.kind === 'applied' ? outcome.findings[0]?.message : undefined;
    };
    expect(message([up])).toMatch(/it may have replaced a set from before the logs$/);
    expect(message([cut, up])).toMatch(/it may have replaced a set from before the logs or one ChangeResourceRecordSets at 2024-03-04T10:00:00Z made unseen$/);
  });

  it('does not put a DELETEd set before the logs when a logged batch shows it was not there', () => {
    const at = (h: number) => `2024-03-05T${String(h).padStart(2, '0')}:00:00Z`;
    const a = (v: number) => ctRrset('www.corp.example', 'A', 60, [`192.0.2.${v}`]);
    const batch = (id: string, h: number, changes: Json[]) => ctChangeBatch({ id, time: at(h), zone: 'ZOLD', changes });
    const cname = ctRrset('www.corp.example', 'CNAME', 60, ['lb.example.net']);
    const weighted = ctRrset('www.corp.example', 'A', 60, ['192.0.2.9'], { setIdentifier: 'w1', weight: 1 });
    const trails: Json[][] = [
      // Its own CREATE and DELETE, then a DELETE with other values: re-created out of the logs' sight.
      [batch('a1', 1, [ctChange('CREATE', a(1))]), batch('a2', 2, [ctChange('DELETE', a(1))]), batch('a3', 3, [ctChange('DELETE', a(3))])],
      // A CNAME at its name, created and deleted before.
      [batch('b1', 1, [ctChange('CREATE', cname)]), batch('b2', 2, [ctChange('DELETE', cname)]), batch('b3', 3, [ctChange('DELETE', a(3))])],
      // A weighted set of its name and type before: a simple set cannot have been beside it.
      [batch('c1', 1, [ctChange('UPSERT', weighted)]), batch('c2', 2, [ctChange('DELETE', weighted)]), batch('c3', 3, [ctChange('DELETE', a(3))])],
    ];
    for (const records of trails) {
      const z = zone([...records, del], 'ZOLD');
      expect(z.steps.map((s) => s.outcome.kind)).toEqual(['applied', 'applied', 'applied', 'applied']);
      expect([...z.initial.rrsets.keys()]).toEqual(['legacy.corp.example. TXT']);
    }
  });

  it("takes a set given by its traffic policy instance alone, and refuses one with no TTL (Route 53's three forms)", () => {
    const byPolicy = { name: 'tp.corp.example', type: 'A', trafficPolicyInstanceId: '12345678-abcd-1234-abcd-1234567890ab' };
    const z = zone([ctChangeBatch({ id: 't1', time: '2024-03-05T10:00:00Z', zone: 'ZOLD', changes: [ctChange('DELETE', byPolicy)] }), up], 'ZOLD');
    expect(z.steps[0]!.outcome.kind).toBe('applied');
    const noTtl = ctChangeBatch({ id: 't2', time: '2024-03-06T11:00:00Z', zone: 'ZOLD', changes: [ctChange('CREATE', ctRrset('api.corp.example', 'A', undefined, ['192.0.2.7']))] });
    expect(zone([up, noTtl], 'ZOLD').steps[1]!.outcome).toMatchObject({
      kind: 'rejected',
      reasons: ["Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=CREATE, Name=api.corp.example., Type=A, SetIdentifier=null]"],
    });
  });

  it('infers the zone name from record names and says so', () => {
    const z = zone([del, up], 'ZOLD');
    expect(z.zoneName).toBe('corp.example.');
    expect(z.nameSource).toBe('inferred');
  });
});

describe('replay: deletion', () => {
  it('flags changes logged after the zone was deleted, and applies them as logged', () => {
    const z = zone([
      ctDeleteZone({ id: 'x1', time: '2018-01-16T00:41:37Z', zone: 'Z1' }),
      ctChangeBatch({ id: 'x2', time: '2018-01-16T00:41:43Z', zone: 'Z1', changes: [ctChange('CREATE', ctRrset('prod.example.com.', 'A', 300, ['192.0.2.1']))] }),
    ]);
    expect(z.steps[1]!.outcome).toMatchObject({ kind: 'applied', findings: [{ kind: 'anomaly' }] });
    expect(keysAt(z, '2018-01-16T23:59:59Z')).toEqual(['prod.example.com. A']);
  });

  it('takes a DELETE of an unseen set logged after the zone was deleted as no proof of a set before the logs', () => {
    const z = zone([
      created,
      ctDeleteZone({ id: 'd', time: '2024-03-01T10:00:00Z', zone: 'Z1' }),
      ctChangeBatch({ id: 'late', time: '2024-03-01T10:00:01Z', zone: 'Z1', changes: [ctChange('DELETE', www)] }),
    ]);
    expect(z.steps[2]!.outcome).toMatchObject({ kind: 'applied', findings: expect.arrayContaining([expect.objectContaining({ kind: 'unverifiable-delete' })]) });
    // Nothing seeded before the logs: the zone's creation is in them.
    expect(z.initial.rrsets.size).toBe(0);
    expect(keysAt(z, '2024-03-01T08:00:00Z')).toEqual([]);
  });

  it('flags a deletion while the logs say the zone still held records', () => {
    const z = zone([created, ctChangeBatch({ id: 'e1', time: '2024-03-01T10:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', www)] }), ctDeleteZone({ id: 'd', time: '2024-03-02T00:00:00Z', zone: 'Z1' })]);
    const last = z.steps[2]!;
    expect(last.outcome).toMatchObject({ kind: 'applied', findings: [{ kind: 'anomaly' }] });
    expect(last.state.status).toBe('deleted');
    expect(last.state.rrsets.size).toBe(0);
  });
});
