/**
 * Route 53's rules within a routing group (src/replay/routing-groups.ts):
 * one set per slot — a latency Region, a failover role, a geolocation — and
 * at most 100 weighted sets per name and type, judged on the batch's end
 * state, through the replay and through the what-if (`zone-replay apply`).
 */
import { describe, expect, it } from 'vitest';
import { readChangeBatches, whatIf } from '../../src/diff/what-if.js';
import type { RecordSet } from '../../src/model/record-set.js';
import { MAX_WEIGHTED_SETS } from '../../src/replay/routing-groups.js';
import { ctChange, ctChangeBatch, ctRrset, type Json } from '../support/cloudtrail.js';
import { created, NS, SOA, Z, zone } from '../support/replay-records.js';


const batch = (i: number, changes: Json[], zoneId = 'Z1') => ctChangeBatch({ id: `e${i}`, time: `2024-03-01T10:00:${String(i).padStart(2, '0')}Z`, zone: zoneId, changes });

/** The outcome of the last of `batches`, in a zone created in the logs. */
function outcome(...batches: Json[][]) {
  const z = zone([created, ...batches.map((c, i) => batch(i, c))]);
  return z.steps[z.steps.length - 1]!.outcome;
}

const latency = (id: string, region: string, value = '192.0.2.1') => ctRrset('api.example.com', 'A', 60, [value], { setIdentifier: id, region });
const failover = (id: string, role: 'PRIMARY' | 'SECONDARY', value = '192.0.2.1') => ctRrset('api.example.com', 'A', 60, [value], { setIdentifier: id, failover: role });
const geo = (id: string, geoLocation: Json) => ctRrset('api.example.com', 'A', 60, ['192.0.2.1'], { setIdentifier: id, geoLocation });
const weighted = (id: string) => ctRrset('api.example.com', 'A', 60, ['192.0.2.1'], { setIdentifier: id, weight: 1 });

describe('one latency set per Region', () => {
  it("refuses a second set in a Region, from an earlier batch or the same one, in Route 53's words", () => {
    const words = "RRSet with DNS name api.example.com., type A, SetIdentifier b, and Region Name=eu-west-1 cannot be created because a latency RRSet with the same name, type and region already exists.";
    expect(outcome([ctChange('CREATE', latency('a', 'eu-west-1'))], [ctChange('CREATE', latency('b', 'eu-west-1'))])).toEqual({ kind: 'rejected', reasons: [words] });
    expect(outcome([ctChange('CREATE', latency('a', 'eu-west-1')), ctChange('CREATE', latency('b', 'eu-west-1'))])).toEqual({ kind: 'rejected', reasons: [words] });
    // An UPSERT moving a set into a held Region is refused too.
    expect(outcome([ctChange('CREATE', latency('a', 'eu-west-1')), ctChange('CREATE', latency('b', 'us-east-1'))], [ctChange('UPSERT', latency('b', 'eu-west-1'))])).toEqual({ kind: 'rejected', reasons: [words] });
  });

  it('accepts one set in each Region, and a batch that moves a Region to another SetIdentifier (its end state)', () => {
    expect(outcome([ctChange('CREATE', latency('a', 'eu-west-1')), ctChange('CREATE', latency('b', 'us-east-1'))]).kind).toBe('applied');
    expect(outcome([ctChange('CREATE', latency('a', 'eu-west-1'))], [ctChange('DELETE', latency('a', 'eu-west-1')), ctChange('CREATE', latency('b', 'eu-west-1'))]).kind).toBe('applied');
    // The CREATE first, the DELETE after: the batch's end state still has one set in the Region.
    expect(outcome([ctChange('CREATE', latency('a', 'eu-west-1'))], [ctChange('CREATE', latency('b', 'eu-west-1')), ctChange('DELETE', latency('a', 'eu-west-1'))]).kind).toBe('applied');
  });
});

describe('one PRIMARY and one SECONDARY failover set', () => {
  it('refuses a second set in a role, and names it', () => {
    const o = outcome([ctChange('CREATE', failover('p', 'PRIMARY')), ctChange('CREATE', failover('s', 'SECONDARY'))], [ctChange('CREATE', failover('p2', 'PRIMARY'))]);
    expect(o).toEqual({ kind: 'rejected', reasons: ['RRSet with DNS name api.example.com., type A, SetIdentifier p2 is a second PRIMARY failover set of that name and type; Route 53 allows one PRIMARY and one SECONDARY'] });
    expect(outcome([ctChange('CREATE', failover('s', 'SECONDARY')), ctChange('CREATE', failover('s2', 'SECONDARY'))]).kind).toBe('rejected');
  });

  it('accepts a swap of the roles by two UPSERTs, and a new PRIMARY that replaces the old in one batch', () => {
    const pair = [ctChange('CREATE', failover('p', 'PRIMARY')), ctChange('CREATE', failover('s', 'SECONDARY', '192.0.2.2'))];
    expect(outcome(pair, [ctChange('UPSERT', failover('p', 'SECONDARY')), ctChange('UPSERT', failover('s', 'PRIMARY', '192.0.2.2'))]).kind).toBe('applied');
    expect(outcome(pair, [ctChange('DELETE', failover('p', 'PRIMARY')), ctChange('CREATE', failover('p2', 'PRIMARY', '192.0.2.3'))]).kind).toBe('applied');
  });
});

describe('one geolocation set per location', () => {
  it('refuses two sets of one location, the default * included', () => {
    for (const loc of [{ countryCode: 'FR' }, { continentCode: 'EU' }, { countryCode: 'US', subdivisionCode: 'CA' }, { countryCode: '*' }]) {
      const o = outcome([ctChange('CREATE', geo('one', loc)), ctChange('CREATE', geo('two', loc))]);
      expect(o, JSON.stringify(loc)).toMatchObject({ kind: 'rejected', reasons: [expect.stringMatching(/^RRSet with DNS name api\.example\.com\., type A, SetIdentifier two has the geographic location \(.+\) of another geolocation set/)] });
    }
    expect(outcome([ctChange('CREATE', geo('one', { countryCode: 'US', subdivisionCode: 'CA' })), ctChange('CREATE', geo('two', { countryCode: 'US', subdivisionCode: 'CA' }))])).toMatchObject({
      reasons: [expect.stringContaining('(CountryCode=US, SubdivisionCode=CA)')],
    });
  });

  it('accepts overlapping but different locations: a continent, a country in it, a state in a country, the default', () => {
    const sets = [{ continentCode: 'NA' }, { countryCode: 'US' }, { countryCode: 'US', subdivisionCode: 'CA' }, { countryCode: '*' }].map((loc, i) => ctChange('CREATE', geo(`g${i}`, loc)));
    expect(outcome(sets).kind).toBe('applied');
  });
});

describe('at most 100 weighted sets per name and type', () => {
  const creates = (from: number, n: number) => Array.from({ length: n }, (_, i) => ctChange('CREATE', weighted(`w${from + i}`)));

  it('accepts the hundredth and refuses the hundred-and-first', () => {
    expect(outcome(creates(0, 50), creates(50, MAX_WEIGHTED_SETS - 50)).kind).toBe('applied');
    expect(outcome(creates(0, 50), creates(50, MAX_WEIGHTED_SETS - 50), creates(MAX_WEIGHTED_SETS, 1))).toEqual({
      kind: 'rejected',
      reasons: [`RRSet with DNS name api.example.com., type A would make ${MAX_WEIGHTED_SETS + 1} weighted sets of that name and type; Route 53 allows ${MAX_WEIGHTED_SETS}`],
    });
    // One in, one out in the same batch keeps the count.
    expect(outcome(creates(0, 50), creates(50, MAX_WEIGHTED_SETS - 50), [ctChange('DELETE', weighted('w0')), ...creates(MAX_WEIGHTED_SETS, 1)]).kind).toBe('applied');
  });
});

describe('when the logs may not show a set fully', () => {
  const cut = ctChangeBatch({ id: 'g1', time: '2024-03-01T10:30:00Z', zone: 'Z1', changes: [] });
  (cut.requestParameters as Json).changeBatch = { omitted: true };
  const after = (changes: Json[]) => ctChangeBatch({ id: 'e9', time: '2024-03-01T11:00:00Z', zone: 'Z1', changes });

  it('notes, not rejects, a logged success that clashes with a set from before a gap (the gap may have changed it)', () => {
    const z = zone([created, batch(0, [ctChange('CREATE', latency('a', 'eu-west-1'))]), cut, after([ctChange('CREATE', latency('b', 'eu-west-1'))])]);
    expect(z.steps.map((s) => s.outcome.kind)).toEqual(['applied', 'applied', 'gap', 'applied']);
    expect(z.steps[3]!.outcome).toMatchObject({
      findings: [{ kind: 'anomaly', message: expect.stringMatching(/cannot be created because a latency RRSet .*: Route 53 refuses that, yet the call succeeded; ChangeResourceRecordSets at 2024-03-01T10:30:00Z may have changed \[name='api\.example\.com\.', type='A', set-identifier='a'\] unseen$/) }],
    });
  });

  it('notes, not rejects, a logged weighted set beside a simple set from before a gap (the gap may have deleted it)', () => {
    const simple = ctRrset('api.example.com', 'A', 60, ['192.0.2.7']);
    const z = zone([created, batch(0, [ctChange('CREATE', simple)]), cut, after([ctChange('CREATE', weighted('w1'))])]);
    expect(z.steps.map((s) => s.outcome.kind)).toEqual(['applied', 'applied', 'gap', 'applied']);
    expect(z.steps[3]!.outcome).toMatchObject({
      findings: [{ kind: 'anomaly', message: expect.stringMatching(/^RRSet with DNS name api\.example\.com\., type A .*: Route 53 refuses that, yet the call succeeded; ChangeResourceRecordSets at 2024-03-01T10:30:00Z may have changed \[name='api\.example\.com\.', type='A'\] unseen$/) }],
    });
    // Without the gap, the logs show the simple set whole: the same batch is one Route 53 refuses.
    expect(zone([created, batch(0, [ctChange('CREATE', simple)]), after([ctChange('CREATE', weighted('w1'))])]).steps[2]!.outcome.kind).toBe('rejected');
  });

  it('notes, not rejects, a logged CNAME beside a set from before a gap (the gap may have deleted it)', () => {
    const a = ctRrset('api.example.com', 'A', 60, ['192.0.2.7']);
    const cname = ctRrset('api.example.com', 'CNAME', 60, ['lb.example.net']);
    const z = zone([created, batch(0, [ctChange('CREATE', a)]), cut, after([ctChange('CREATE', cname)])]);
    expect(z.steps.map((s) => s.outcome.kind)).toEqual(['applied', 'applied', 'gap', 'applied']);
    expect(z.steps[3]!.outcome).toMatchObject({
      findings: [{ kind: 'anomaly', message: expect.stringMatching(/^RRSet of type CNAME with DNS name api\.example\.com\. is not permitted as it conflicts .*: Route 53 refuses that, yet the call succeeded; .* may have changed \[name='api\.example\.com\.', type='A'\] unseen$/) }],
    });
    // Without the gap, the logs show the A set whole: the same batch is one Route 53 refuses.
    expect(zone([created, batch(0, [ctChange('CREATE', a)]), after([ctChange('CREATE', cname)])]).steps[2]!.outcome.kind).toBe('rejected');
  });

  it('still rejects a clash the logs show whole: two sets of the batch itself, or written after the gap', () => {
    const two = [ctChange('CREATE', failover('p', 'PRIMARY')), ctChange('CREATE', failover('p2', 'PRIMARY'))];
    expect(zone([created, cut, after(two)]).steps[2]!.outcome.kind).toBe('rejected');
    const z = zone([created, cut, after([ctChange('CREATE', failover('p', 'PRIMARY'))]), ctChangeBatch({ id: 'e10', time: '2024-03-01T12:00:00Z', zone: 'Z1', changes: [ctChange('CREATE', failover('p2', 'PRIMARY'))] })]);
    expect(z.steps[3]!.outcome.kind).toBe('rejected');
  });

  it('does not put before the logs a set a logged success shows was not there then (a later DELETE proves it existed)', () => {
    // No CreateHostedZone: 'a' is proved by its DELETE; with it in place the CREATE of 'b' would clash.
    const z = zone([batch(0, [ctChange('CREATE', latency('b', 'eu-west-1'))], 'ZOLD'), batch(1, [ctChange('DELETE', latency('a', 'eu-west-1', '192.0.2.9'))], 'ZOLD')], 'ZOLD');
    expect(z.steps.map((s) => s.outcome.kind)).toEqual(['applied', 'applied']);
    expect(z.initial.rrsets.size).toBe(0);
  });
});

describe('apply', () => {
  const api = (id: string, extra: Json) => ({ Name: 'api.example.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }], SetIdentifier: id, ...extra });

  it("refuses a second set in a slot with the replay's message, and accepts the same sets moved in one batch", () => {
    const eu: RecordSet = { name: 'api.example.com.', type: 'A', setIdentifier: 'a', region: 'eu-west-1', ttl: 60, values: ['192.0.2.1'] };
    const r = whatIf(Z, [SOA, NS, eu], readChangeBatches({ Changes: [{ Action: 'CREATE', ResourceRecordSet: api('b', { Region: 'eu-west-1' }) }] }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(["RRSet with DNS name api.example.com., type A, SetIdentifier b, and Region Name=eu-west-1 cannot be created because a latency RRSet with the same name, type and region already exists."]);
    const moved = readChangeBatches({ Changes: [{ Action: 'DELETE', ResourceRecordSet: api('a', { Region: 'eu-west-1' }) }, { Action: 'CREATE', ResourceRecordSet: api('b', { Region: 'eu-west-1' }) }] });
    expect(whatIf(Z, [SOA, NS, eu], moved).ok).toBe(true);
    for (const routing of [{ Failover: 'PRIMARY' }, { GeoLocation: { CountryCode: 'FR' } }]) {
      const twice = whatIf(Z, [SOA, NS], readChangeBatches({ Changes: [{ Action: 'CREATE', ResourceRecordSet: api('one', routing) }, { Action: 'CREATE', ResourceRecordSet: api('two', routing) }] }));
      expect(twice.ok, JSON.stringify(routing)).toBe(false);
    }
  });
});
