/**
 * Arbitrary CloudTrail trails of Route 53 calls on two hosted zones, with
 * what each call meant beside the record CloudTrail wrote, so a law can
 * derive its expectation from the trail rather than from the code under
 * test. Options add gaps (calls that change records the logs do not show),
 * changes of the apex SOA and NS, and several callers.
 */
import fc from 'fast-check';
import { canonicalValue, sortValues, type RecordSet } from '../../src/model/index.js';
import { arbCallers, callerOf, type Callers } from './arb-callers.js';
import { arbExternal, arbRecordSet, arbZone } from './arbitraries.js';
import {
  ctChange,
  ctChangeBatch,
  ctCreateZone,
  ctCutBatch,
  ctDeleteZone,
  ctFromRecordSet,
  ctPolicyInstance,
  DEFAULT_CALLER,
  type Caller,
  type Cut,
  type Json,
  type PolicyCall,
} from './cloudtrail.js';

/** The zones of the trails: id and name. */
export const TRAIL_ZONES = [
  { id: 'Z1EXAMPLE', name: 'example.com.' },
  { id: 'Z2EXAMPLE', name: 'example.org.' },
] as const;

/** What arbTrailOf adds to the plain trail. */
export interface TrailOptions {
  /** Calls that change records the logs do not show: change batches whose request CloudTrail cut, traffic policy instance calls. */
  readonly gaps?: boolean;
  /**
   * Changes of the apex SOA and NS: UPSERTs, which Route 53 accepts; DELETEs, which it refuses (logged
   * as failed or, contradicting it, as successful); a DELETE and a CREATE of one in a batch.
   */
  readonly apex?: boolean;
  /** Several callers (arb-callers.ts) instead of one. */
  readonly actors?: boolean;
  /**
   * A trail whose outcome a small model can tell (route53-model.ts): both zones created first and
   * never deleted; record sets drawn from a consistent zone, so no batch can conflict on a CNAME or
   * a routing policy, with TTLs in Route 53's range.
   */
  readonly known?: boolean;
}

/** Gaps, apex changes and several callers. */
export const RICH: TrailOptions = { gaps: true, apex: true, actors: true };

/** One change as generated. */
export interface TrailChange {
  readonly action: 'CREATE' | 'UPSERT' | 'DELETE';
  readonly rrset: RecordSet;
}

/** One call of a trail: what it meant, and the record CloudTrail wrote of it. */
export type TrailCall = { readonly id: string; readonly timeMs: number; readonly zone: number; readonly record: Json } & (
  | { readonly kind: 'create-zone'; readonly apex: readonly RecordSet[] }
  | { readonly kind: 'delete-zone' }
  | { readonly kind: 'batch'; readonly failed: boolean; readonly changes: readonly TrailChange[] }
  /** `named`: the record names the zone; `instance`: the traffic policy instance it is about. */
  | { readonly kind: 'gap'; readonly named: boolean; readonly instance?: string }
);

/** A trail: records in the order they were generated, and the calls they are, in the order Route 53 took them (takenBefore). */
export interface Trail {
  readonly records: Json[];
  readonly calls: readonly TrailCall[];
}

/** Route 53's largest TTL. */
const MAX_TTL = 2147483647;

/** The same key with other content: another TTL, or the alias's other evaluateTargetHealth (within Route 53's range when `inRange`). */
function otherContent(rs: RecordSet, inRange = false): RecordSet {
  if (rs.aliasTarget !== undefined) return { ...rs, aliasTarget: { ...rs.aliasTarget, evaluateTargetHealth: !rs.aliasTarget.evaluateTargetHealth } };
  const ttl = rs.ttl ?? 0;
  return { ...rs, ttl: inRange && ttl === MAX_TTL ? ttl - 1 : ttl + 1 };
}

const arbPool = (zone: string) =>
  fc.array(arbRecordSet(zone), { minLength: 1, maxLength: 6 }).map((sets) => sets.flatMap((rs) => [rs, otherContent(rs)]));

/** Sets of a consistent zone but its apex SOA and NS (the zone's creation makes those), each with other content too. */
const arbKnownPool = (zone: string) =>
  arbZone(zone)
    .map((sets) => sets.filter((rs) => !(rs.name === zone && (rs.type === 'SOA' || rs.type === 'NS'))))
    .filter((sets) => sets.length > 0)
    .map((sets) => sets.flatMap((rs) => [rs, otherContent(rs, true)]));

/** The name servers of ctCreateZone's delegation set. */
const DELEGATION = ['ns-101.awsdns-12.com', 'ns-602.awsdns-11.net', 'ns-1203.awsdns-22.org', 'ns-1804.awsdns-33.co.uk'];

const canonical = (type: string, text: string) => canonicalValue(type, text).value;
const soaOf = (zone: string, mname: string, serial: number): RecordSet => ({ name: zone, type: 'SOA', ttl: 900, values: [canonical('SOA', `${mname} awsdns-hostmaster.amazon.com. ${serial} 7200 900 1209600 86400`)] });
const nsOf = (zone: string, servers: readonly string[]): RecordSet => ({ name: zone, type: 'NS', ttl: 172800, values: sortValues(servers.map((s) => canonical('NS', s))) });

/** The apex Route 53 makes with a zone (reference §4.4): NS of the delegation set, SOA naming the first, serial 1. */
const createdApex = (zone: string): RecordSet[] => [soaOf(zone, `${DELEGATION[0]}.`, 1), nsOf(zone, DELEGATION)];

const SOA_REFUSED = '[A HostedZone must contain exactly one SOA record.]';
const NS_REFUSED = '[A HostedZone must contain at least one NS record for the zone itself.]';

interface ApexPick {
  readonly type: 'SOA' | 'NS';
  readonly how: 'UPSERT' | 'DELETE' | 'REPLACE';
  readonly matching: boolean;
  readonly refused: boolean;
  readonly serial: number;
  readonly servers: readonly string[];
  readonly alone: boolean;
}

const arbApexPick: fc.Arbitrary<ApexPick> = fc.record({
  type: fc.constantFrom('SOA' as const, 'NS' as const),
  how: fc.constantFrom('UPSERT' as const, 'UPSERT' as const, 'DELETE' as const, 'DELETE' as const, 'REPLACE' as const),
  matching: fc.boolean(),
  refused: fc.boolean(),
  serial: fc.integer({ min: 1, max: 4294967295 }),
  servers: fc.array(arbExternal, { minLength: 1, maxLength: 4 }),
  alone: fc.boolean(),
});

type Kind = 'batch' | 'failed' | 'delete-zone' | 'create-zone' | 'cut' | 'policy' | 'apex';

interface CallPick {
  readonly zone: number;
  readonly gap: number;
  readonly kind: Kind;
  readonly changes: readonly { readonly action: 'CREATE' | 'UPSERT' | 'DELETE'; readonly pick: number; readonly spelling: number }[];
  readonly by?: readonly [number, number, number];
  readonly cut?: Cut;
  readonly policy?: readonly [PolicyCall, number];
  readonly apex?: ApexPick;
}

function kinds(o: TrailOptions): Kind[] {
  const k: Kind[] = ['batch', 'batch', 'batch', 'batch', 'batch', 'batch', 'failed', ...(o.known === true ? [] : (['delete-zone', 'create-zone'] as const))];
  if (o.gaps === true) k.push('cut', 'policy');
  if (o.apex === true) k.push('apex', 'apex');
  return k;
}

function arbCallPick(o: TrailOptions): fc.Arbitrary<CallPick> {
  return fc.record({
    zone: fc.nat(1),
    gap: fc.constantFrom(0, 0, 0, 1, 2, 3600),
    kind: fc.constantFrom(...kinds(o)),
    changes: fc.array(fc.record({ action: fc.constantFrom('CREATE', 'UPSERT', 'DELETE') as fc.Arbitrary<'CREATE' | 'UPSERT' | 'DELETE'>, pick: fc.nat(), spelling: fc.nat(3) }), { minLength: 1, maxLength: 4 }),
    ...(o.actors === true ? { by: fc.tuple(fc.nat(), fc.nat(), fc.nat()) } : {}),
    ...(o.gaps === true
      ? {
          cut: fc.constantFrom<Cut>('request', 'request-but-zone', 'change-batch'),
          policy: fc.tuple(fc.constantFrom<PolicyCall>('CreateTrafficPolicyInstance', 'UpdateTrafficPolicyInstance', 'DeleteTrafficPolicyInstance'), fc.nat(2)),
        }
      : {}),
    ...(o.apex === true ? { apex: arbApexPick } : {}),
  }) as fc.Arbitrary<CallPick>;
}

/**
 * CloudTrail records of Route 53 calls on the two TRAIL_ZONES: record sets
 * of every kind arbRecordSet makes (escaped names, TXT with quotes and
 * backslashes, aliases, routed sets), names spelled several ways, the same
 * key with other content, CREATE/UPSERT/DELETE mixes Route 53 accepts or
 * refuses, failed calls, zone creations and deletions, and many events in
 * one second; and what `options` add. Each record has its own eventID;
 * times never decrease.
 */
export function arbTrailOf(options: TrailOptions = {}): fc.Arbitrary<Trail> {
  const known = options.known === true;
  return fc
    .record({
      pools: known ? fc.tuple(arbKnownPool(TRAIL_ZONES[0].name), arbKnownPool(TRAIL_ZONES[1].name)) : fc.tuple(arbPool(TRAIL_ZONES[0].name), arbPool(TRAIL_ZONES[1].name)),
      created: known ? fc.constant([true, true] as [boolean, boolean]) : fc.tuple(fc.boolean(), fc.boolean()),
      calls: fc.array(arbCallPick(options), { maxLength: 24 }),
      ...(options.actors === true ? { callers: arbCallers } : {}),
    })
    .map((drawn) => buildTrail(drawn as Drawn));
}

/** A call but its record and time (distributed over the kinds). */
type Meaning<C = TrailCall> = C extends TrailCall ? Omit<C, 'record' | 'timeMs'> : never;

interface Drawn {
  readonly pools: readonly [RecordSet[], RecordSet[]];
  readonly created: readonly [boolean, boolean];
  readonly calls: readonly CallPick[];
  readonly callers?: Callers;
}

function buildTrail({ pools, created, calls, callers }: Drawn): Trail {
  const records: Json[] = [];
  const meant: TrailCall[] = [];
  let t = Date.parse('2024-03-01T00:00:00Z');
  const time = () => new Date(t).toISOString().replace('.000', '');
  const by = (pick: readonly [number, number, number] | undefined): Caller => (callers !== undefined && pick !== undefined ? callerOf(callers, pick) : DEFAULT_CALLER);
  const add = (record: Json, call: Meaning) => {
    records.push(record);
    meant.push({ ...call, record, timeMs: t } as TrailCall);
  };
  // The apex each zone holds as the calls go: what an apex DELETE names when it means to match.
  const apexNow = TRAIL_ZONES.map((z) => createdApex(z.name));
  TRAIL_ZONES.forEach((z, i) => {
    if (created[i]!) add(ctCreateZone({ id: `create-${i}`, time: time(), zone: z.id, name: z.name, by: by([i, i, i]) }), { id: `create-${i}`, zone: i, kind: 'create-zone', apex: createdApex(z.name) });
  });
  calls.forEach((c, i) => {
    t += c.gap * 1000;
    const z = TRAIL_ZONES[c.zone]!;
    const id = `ev-${String(i).padStart(3, '0')}`;
    const caller = by(c.by);
    const common = { id, zone: c.zone };
    switch (c.kind) {
      case 'delete-zone':
        return add(ctDeleteZone({ id, time: time(), zone: z.id, by: caller }), { ...common, kind: 'delete-zone' });
      case 'create-zone':
        apexNow[c.zone] = createdApex(z.name);
        return add(ctCreateZone({ id, time: time(), zone: z.id, name: z.name, by: caller }), { ...common, kind: 'create-zone', apex: createdApex(z.name) });
      case 'cut':
        return add(ctCutBatch({ id, time: time(), zone: z.id, cut: c.cut!, by: caller }), { ...common, kind: 'gap', named: c.cut !== 'request' });
      case 'policy': {
        const [call, n] = c.policy!;
        const instance = `6c4d5e00-0000-4000-8000-0000000000${c.zone}${n}`;
        return add(ctPolicyInstance({ id, time: time(), call, instance, zone: z.id, name: `tp${n}.${z.name}`, by: caller }), { ...common, kind: 'gap', named: call !== 'DeleteTrafficPolicyInstance', instance });
      }
    }
    const pool = pools[c.zone]!;
    const drawn = c.changes.map((ch) => ({ action: ch.action, rrset: pool[ch.pick % pool.length]!, spelling: ch.spelling }));
    let changes = drawn;
    let error: { code: string; message: string } | undefined = c.kind === 'failed' ? { code: 'InvalidChangeBatch', message: 'refused' } : undefined;
    if (c.kind === 'apex') {
      const a = c.apex!;
      const current = apexNow[c.zone]!.find((rs) => rs.type === a.type)!;
      const mname = apexNow[c.zone]![0]!.values![0]!.split(' ')[0]!;
      const next = a.type === 'SOA' ? soaOf(z.name, mname, a.serial) : nsOf(z.name, a.servers);
      const named = a.matching ? current : otherContent(current, true);
      const spelling = c.changes[0]!.spelling;
      const apex =
        a.how === 'UPSERT'
          ? [{ action: 'UPSERT' as const, rrset: next, spelling }]
          : a.how === 'DELETE'
            ? [{ action: 'DELETE' as const, rrset: named, spelling }]
            : [{ action: 'DELETE' as const, rrset: named, spelling }, { action: 'CREATE' as const, rrset: next, spelling }];
      changes = a.alone ? apex : [...apex, ...drawn];
      if (a.how === 'DELETE' && a.refused) error = { code: 'InvalidChangeBatch', message: a.type === 'SOA' ? SOA_REFUSED : NS_REFUSED };
      if (a.how === 'UPSERT' || (a.how === 'REPLACE' && a.matching)) apexNow[c.zone] = apexNow[c.zone]!.map((rs) => (rs.type === a.type ? next : rs));
    }
    const record = ctChangeBatch({ id, time: time(), zone: z.id, changes: changes.map((ch) => ctChange(ch.action, ctFromRecordSet(ch.rrset, ch.spelling))), ...(error !== undefined ? { error } : {}), by: caller });
    add(record, { ...common, kind: 'batch', failed: error !== undefined, changes: changes.map(({ action, rrset }) => ({ action, rrset })) });
  });
  const ordered = [...meant].sort(takenBefore);
  return { records, calls: ordered, [fc.toStringMethod]: () => describeTrail(ordered) } as Trail;
}

/**
 * The order Route 53 took the calls in, as far as CloudTrail shows it: by
 * time; within a second, zone creations first and deletions last, then by
 * change id (a failed call and a traffic policy call have none), then by
 * eventID. The order of calls in one second is otherwise unknown, and this
 * is the tiebreak the replay documents (src/events/collect.ts).
 */
function takenBefore(a: TrailCall, b: TrailCall): number {
  const phase = (c: TrailCall) => (c.kind === 'create-zone' ? 0 : c.kind === 'delete-zone' ? 2 : 1);
  const changeId = (c: TrailCall) => String(((c.record.responseElements as Json | null)?.changeInfo as Json | undefined)?.id ?? '');
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return a.timeMs - b.timeMs || phase(a) - phase(b) || text(changeId(a), changeId(b)) || text(a.id, b.id);
}

/** A trail as a counterexample shows it: one line per call, what it meant and who made it (the seed replays the records). */
function describeTrail(calls: readonly TrailCall[]): string {
  const rrset = (rs: RecordSet) => `${rs.name} ${rs.type}${rs.setIdentifier !== undefined ? ` ${JSON.stringify(rs.setIdentifier)}` : ''} ${rs.aliasTarget !== undefined ? `alias ${stableText(rs.aliasTarget)}` : `${rs.ttl} ${JSON.stringify(rs.values)}`}`;
  const lines = calls.map((c) => {
    const r = c.record;
    const who = `by ${String((r.userIdentity as Json).arn)} from ${String(r.sourceIPAddress)} ${JSON.stringify(r.userAgent)}`;
    const what =
      c.kind === 'batch'
        ? `${c.failed ? 'FAILED ' : ''}[${c.changes.map((ch) => `${ch.action} ${rrset(ch.rrset)}`).join('; ')}]`
        : c.kind === 'gap'
          ? `${String(r.eventName)} ${JSON.stringify(r.requestParameters)}`
          : String(r.eventName);
    return `${c.id} ${String(r.eventTime)} zone ${c.zone} ${c.kind} ${what} ${who}`;
  });
  return `trail:\n  ${lines.join('\n  ')}`;
}

const stableText = (v: unknown) => JSON.stringify(v);

/** The plain trail's records (no gaps, no apex changes, one caller). */
export const arbTrail: fc.Arbitrary<Json[]> = arbTrailOf().map((t) => t.records);
