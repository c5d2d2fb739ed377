/**
 * The Route 53 side of a simulation, pure: plans zones, runs the workloads
 * through the simulator's own Route 53 (zones.ts) in time order, and turns
 * every call into a CloudTrail record with its delivery (which file(s) of
 * which trail carry it, and whether that file is written).
 */
import { makeCast, type Actor, type Cast, type Json } from './actors.js';
import { DAY, MINUTE, SECOND, dayString } from './clock.js';
import { failure } from './failures.js';
import { deliveryTime, isDropped, slotOf, ROUTE53_REGION, type TrailName } from './layout.js';
import { Rng } from './prng.js';
import { changeId, changeRecord, createZoneRecord, deleteZoneRecord, readOnlyRecord, type CallContext } from './route53-records.js';
import { Schedule } from './schedule.js';
import { acmValidation, alias, certbot, cloudMap, console_, externalDns, weighted, type PlannedCall, type Workload } from './workloads.js';
import { creationRequest, initialSets, planZones, type ZonePlan } from './zone-plan.js';
import { applyBatch, defaultSets, isDefaultSet, keyOf, type SimChange, type SimSet, type ZoneSets } from './zones.js';

/** What shapes the Route 53 scenario. */
export interface Route53Options {
  readonly zones: number;
  readonly days: number;
  /** About this many ChangeResourceRecordSets calls (failed ones included). */
  readonly events: number;
  /** A missing day is chosen when drift > 0 and the window has at least 3 days. */
  readonly drift: number;
  /** Window start, epoch ms. */
  readonly start: number;
}

/** Which kind of Route 53 call an event is. */
export type EventKind = 'change' | 'create-zone' | 'delete-zone' | 'read';

/** One delivered copy of an event: the file of (trail, slot) in us-east-1. */
export interface Copy {
  readonly trail: TrailName;
  readonly slot: number;
  /** The file falls on the missing day and is not written. */
  readonly dropped: boolean;
}

/** One Route 53 call, its record and what it did. */
export interface SimEvent {
  readonly record: { [key: string]: Json };
  readonly time: number;
  readonly eventId: string;
  readonly kind: EventKind;
  readonly zoneId: string | null;
  readonly ok: boolean;
  /** The changes applied (successful ChangeResourceRecordSets only). */
  readonly changes: readonly SimChange[] | null;
  readonly copies: readonly Copy[];
  /** At least one copy is in a written file. */
  readonly written: boolean;
}

/** The whole Route 53 scenario. */
export interface Route53Scenario {
  readonly seed: number;
  readonly account: string;
  readonly start: number;
  readonly end: number;
  readonly missingDay: string | null;
  readonly zones: readonly ZonePlan[];
  /** Records of pre-window zones at the start (default SOA/NS included). */
  readonly preWindow: ReadonlyMap<string, readonly SimSet[]>;
  /** Every call, in time order (eventTimes are distinct). */
  readonly events: readonly SimEvent[];
  /** Real state at the end; null for deleted zones. */
  readonly final: ReadonlyMap<string, ZoneSets | null>;
}

type Task =
  | { readonly kind: 'main' }
  | { readonly kind: 'call'; readonly zone: ZonePlan; readonly call: PlannedCall }
  | { readonly kind: 'create' | 'seed' | 'cleanup' | 'delete'; readonly zone: ZonePlan }
  | { readonly kind: 'read'; readonly actor: Actor; readonly name: string; readonly params: Json };

const WORKLOADS: readonly (readonly [Workload, number])[] = [
  [externalDns, 28],
  [console_, 20],
  [certbot, 12],
  [failure, 10],
  [alias, 8],
  [weighted, 7],
  [acmValidation, 6],
  [cloudMap, 4],
];

/** Generates the Route 53 calls and the real state they lead to; no files. */
export function generateRoute53Events(seed: number, opts: Route53Options): Route53Scenario {
  const rng = new Rng(seed, 'route53');
  const cast = makeCast(new Rng(seed, 'cast'));
  const start = opts.start;
  const end = start + opts.days * DAY;
  const missingDay = opts.drift > 0 && opts.days >= 3 ? dayString(start + rng.int(1, opts.days - 2) * DAY) : null;
  const zones = planZones(rng, opts.zones, start, end, missingDay);
  const schedule = new Schedule<Task>();
  const real = new Map<string, ZoneSets>();
  const exists = new Map<string, boolean>();
  const preWindow = new Map<string, SimSet[]>();
  for (const z of zones) {
    if (z.preWindow) {
      const sets = [...defaultSets(z.name, z.nameServers), ...initialSets(rng, z)];
      preWindow.set(z.id, sets);
      real.set(z.id, new Map(sets.map((s) => [keyOf(s), s])));
      exists.set(z.id, true);
    } else {
      schedule.add(z.createAt!, { kind: 'create', zone: z });
    }
    if (z.deleteAt !== undefined) {
      schedule.add(z.cleanupAt!, { kind: 'cleanup', zone: z });
      schedule.add(z.deleteAt, { kind: 'delete', zone: z });
    }
  }
  for (let i = 0; i < opts.events; ) {
    const t = start + Math.floor((rng.next() * (end - start - 15 * MINUTE)) / SECOND) * SECOND;
    const hour = new Date(t).getUTCHours();
    if (hour >= 7 && hour <= 19 ? true : rng.chance(0.35)) {
      schedule.add(t, { kind: 'main' });
      i++;
    }
  }

  const events: SimEvent[] = [];
  const emit = (record: { [key: string]: Json }, time: number, kind: EventKind, zoneId: string | null, ok: boolean, changes: readonly SimChange[] | null) => {
    const slot = slotOf(start, time) + (rng.chance(0.05) ? 1 : 0);
    const places: { trail: TrailName; slot: number }[] = [{ trail: 'trail', slot }];
    const lifecycle = kind === 'create-zone' || kind === 'delete-zone';
    if (!lifecycle && (rng.chance(0.03) || events.length % 30 === 5)) {
      places.push(rng.chance(0.5) ? { trail: 'trail2', slot } : { trail: 'trail', slot: slot + rng.int(1, 3) });
    }
    const copies = places.map((p) => ({ ...p, dropped: isDropped(deliveryTime(start, p.slot, ROUTE53_REGION, p.trail), missingDay) }));
    events.push({ record, time, eventId: record.eventID as string, kind, zoneId, ok, changes, copies, written: copies.some((c) => !c.dropped) });
  };
  const ctxOf = (actor: Actor, time: number): CallContext => ({ account: cast.account, actor, time });
  const read = (time: number, actor: Actor, name: string, params: Json) => schedule.add(time, { kind: 'read', actor, name, params });

  const execute = (time: number, zone: ZonePlan, call: PlannedCall): void => {
    const ctx = ctxOf(call.actor, time);
    const sets = real.get(zone.id);
    if (exists.get(zone.id) !== true || sets === undefined) {
      const error = { code: 'NoSuchHostedZone', message: `No hosted zone found with ID: ${zone.id}` };
      emit(changeRecord(ctx, rng, zone.id, call.changes, call.comment, { error }), time, 'change', zone.id, false, null);
      return;
    }
    if (call.forcedError !== undefined) {
      const { noParameters, ...error } = call.forcedError;
      emit(changeRecord(ctx, rng, zone.id, call.changes, call.comment, { error, noParameters: noParameters === true }), time, 'change', zone.id, false, null);
      return;
    }
    const result = applyBatch(sets, zone.name, call.changes);
    if (!result.ok) {
      const error = { code: 'InvalidChangeBatch', message: result.message };
      emit(changeRecord(ctx, rng, zone.id, call.changes, call.comment, { error }), time, 'change', zone.id, false, null);
      return;
    }
    real.set(zone.id, result.sets);
    const cid = changeId(rng);
    emit(changeRecord(ctx, rng, zone.id, call.changes, call.comment, { changeId: cid }), time, 'change', zone.id, true, call.changes);
    for (const f of call.followUps ?? []) schedule.add(time + f.delay, { kind: 'call', zone, call: f.call });
    if (call.relist === true) read(time + rng.int(1, 4) * SECOND, call.actor, 'ListResourceRecordSets', { hostedZoneId: zone.id });
    if ([cast.alice, cast.bob, cast.ci].includes(call.actor) && rng.chance(0.3)) read(time + rng.int(2, 10) * SECOND, call.actor, 'GetChange', { id: cid });
  };

  for (let next = schedule.pop(); next !== undefined; next = schedule.pop()) {
    const { time, task } = next;
    switch (task.kind) {
      case 'main':
        runMain(time);
        break;
      case 'call':
        execute(time, task.zone, task.call);
        break;
      case 'read':
        emit(readOnlyRecord(ctxOf(task.actor, time), rng, task.name, task.params), time, 'read', null, true, null);
        break;
      case 'create': {
        const z = task.zone;
        const actor = rng.chance(0.5) ? cast.ci : cast.consoleSso;
        real.set(z.id, new Map(defaultSets(z.name, z.nameServers).map((s) => [keyOf(s), s])));
        exists.set(z.id, true);
        emit(createZoneRecord(ctxOf(actor, time), rng, { ...z, ...creationRequest(z, actor === cast.ci, time) }, changeId(rng)), time, 'create-zone', z.id, true, null);
        schedule.add(time + rng.int(1, 3) * MINUTE, { kind: 'seed', zone: z });
        break;
      }
      case 'seed': {
        const changes = initialSets(rng, task.zone).map((set) => ({ action: 'CREATE' as const, set, spelled: set.name.replaceAll('\\052', '*') }));
        execute(time, task.zone, { actor: cast.ci, changes });
        break;
      }
      case 'cleanup': {
        const z = task.zone;
        const doomed = [...(real.get(z.id)?.values() ?? [])].filter((s) => !isDefaultSet(s, z.name));
        if (doomed.length > 0) execute(time, z, { actor: cast.consoleSso, changes: doomed.map((set) => ({ action: 'DELETE', set, spelled: set.name })) });
        break;
      }
      case 'delete': {
        const z = task.zone;
        const ctx = ctxOf(cast.consoleSso, time);
        const left = [...(real.get(z.id)?.values() ?? [])].filter((s) => !isDefaultSet(s, z.name));
        if (left.length > 0) {
          const error = { code: 'HostedZoneNotEmpty', message: 'The specified hosted zone contains non-required resource record sets and so cannot be deleted.' };
          emit(deleteZoneRecord(ctx, rng, z.id, { error }), time, 'delete-zone', z.id, false, null);
        } else {
          exists.set(z.id, false);
          emit(deleteZoneRecord(ctx, rng, z.id, { changeId: changeId(rng) }), time, 'delete-zone', z.id, true, null);
        }
        break;
      }
    }
  }

  function runMain(time: number): void {
    const alive = zones.filter((z) => exists.get(z.id) === true && (z.cleanupAt === undefined || time < z.cleanupAt - 10 * MINUTE));
    if (alive.length === 0) return;
    const zone = rng.pick(alive);
    const ctx = { rng, zone, sets: real.get(zone.id)!, cast };
    const call = rng.weighted(WORKLOADS)(ctx) ?? console_(ctx)!;
    execute(time, zone, call);
    if (rng.chance(0.04)) read(time + rng.int(5, 60) * SECOND, cast.consoleSso, 'ListHostedZones', null);
  }

  const final = new Map<string, ZoneSets | null>();
  for (const z of zones) final.set(z.id, exists.get(z.id) === true ? (real.get(z.id) ?? null) : null);
  return { seed, account: cast.account, start, end, missingDay, zones, preWindow, events, final };
}

/** The cast of a seed (same as the scenario's), for the noise of other services. */
export function castOf(seed: number): Cast {
  return makeCast(new Rng(seed, 'cast'));
}
