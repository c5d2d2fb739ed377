/**
 * `timeline`: what happened to each zone, at a glance — created / deleted,
 * change batches per actor and per UTC day, failed calls, rejected batches,
 * gaps and anomalies. Pure aggregation over the replayed timelines; the
 * chart (chart-svg.ts) and the text table are drawn from it.
 */
import { actorName } from '../events/normalize.js';
import type { Provenance } from '../events/types.js';
import { compareStrings } from '../model/record-set.js';
import type { NameSource, ZoneTimeline } from '../replay/replay.js';
import { completenessAt, type Completeness, type InputSummary } from '../views/completeness.js';
import { eventInfo, utcDay, type EventInfo } from './event-info.js';

/**
 * What one actor (or all actors, in a day) did.
 *
 * ```
 * { "actor": "alice", "batches": 3, "changes": 5, "rejected": 1, "failed": 0, "gaps": 0, "zoneCalls": 1 }
 * ```
 * `batches`: applied ChangeResourceRecordSets calls; `changes`: the changes
 * inside them; `rejected`: batches Route 53 would have refused; `failed`:
 * calls that returned an error; `gaps`: calls that changed records without a
 * readable change list; `zoneCalls`: applied CreateHostedZone / DeleteHostedZone.
 */
export interface ActivityCounts {
  readonly batches: number;
  readonly changes: number;
  readonly rejected: number;
  readonly failed: number;
  readonly gaps: number;
  readonly zoneCalls: number;
}

/** Counts of one actor. */
export interface ActorCounts extends ActivityCounts {
  /** The actor's short name, with its account when it is not the zone's (actorLabel). */
  readonly actor: string;
}

/**
 * One actor's activity in a zone: counts plus who they are and where they came from.
 *
 * ```
 * { ...ActorCounts, "identityType": string | null, "arn": string | null, "invokedBy": string | null,
 *   "sourceIPs": [string], "userAgents": [string], "first": ISO, "last": ISO }
 * ```
 */
export interface ActorActivity extends ActorCounts {
  readonly identityType: string | null;
  readonly arn: string | null;
  readonly invokedBy: string | null;
  /** Distinct, sorted. */
  readonly sourceIPs: readonly string[];
  readonly userAgents: readonly string[];
  readonly first: string;
  readonly last: string;
}

/**
 * One UTC day of a zone: `{ "day": "2024-03-01", ...ActivityCounts, "actors": [ActorCounts] }`
 * (actors sorted by name).
 */
export interface DayActivity extends ActivityCounts {
  readonly day: string;
  readonly actors: readonly ActorCounts[];
}

/**
 * One zone's activity.
 *
 * ```
 * { "zoneId", "zoneName": string | null, "nameSource", "genesis": "in-logs" | "before-logs",
 *   "created": EventInfo | null, "deleted": EventInfo | null,
 *   "firstEvent": ISO | null, "lastEvent": ISO | null, "events": number,
 *   "totals": ActivityCounts, "actors": [ActorActivity], "days": [DayActivity],
 *   "failedCalls", "rejectedBatches", "gaps", "anomalies" }   // as in the completeness report
 * ```
 * Actors are sorted by activity (most first), then name; days by date, only
 * days with counted activity.
 */
export interface ZoneActivity {
  readonly zoneId: string;
  readonly zoneName: string | null;
  readonly nameSource: NameSource;
  readonly genesis: ZoneTimeline['genesis'];
  readonly created: EventInfo | null;
  readonly deleted: EventInfo | null;
  readonly firstEvent: string | null;
  readonly lastEvent: string | null;
  readonly events: number;
  readonly totals: ActivityCounts;
  readonly actors: readonly ActorActivity[];
  readonly days: readonly DayActivity[];
  readonly failedCalls: Completeness['failedCalls'];
  readonly rejectedBatches: Completeness['rejectedBatches'];
  readonly gaps: Completeness['gaps'];
  readonly anomalies: Completeness['anomalies'];
}

/**
 * The timeline of several zones: `{ "firstDay": string | null, "lastDay": string | null, "actors": [string], "zones": [ZoneActivity] }`.
 * `actors` lists every actor of every zone, most active first (the chart's colour order).
 */
export interface ActivityReport {
  readonly firstDay: string | null;
  readonly lastDay: string | null;
  readonly actors: readonly string[];
  readonly zones: readonly ZoneActivity[];
}

type Counter = { -readonly [K in keyof ActivityCounts]: number };

const zero = (): Counter => ({ batches: 0, changes: 0, rejected: 0, failed: 0, gaps: 0, zoneCalls: 0 });

/** The total of the counts (what "most active" sorts by). */
export function activityTotal(c: ActivityCounts): number {
  return c.batches + c.rejected + c.failed + c.gaps + c.zoneCalls;
}

/** Adds what one step did to a counter; false when the step counts for nothing. */
function count(c: Counter, step: ZoneTimeline['steps'][number]): boolean {
  const o = step.outcome;
  const kind = step.event.action.kind;
  switch (o.kind) {
    case 'failed':
      c.failed++;
      return true;
    case 'rejected':
      c.rejected++;
      return true;
    case 'gap':
      c.gaps++;
      return true;
    case 'applied':
      if (kind === 'change-rrsets') {
        c.batches++;
        c.changes += o.changes.length;
      } else {
        c.zoneCalls++;
      }
      return true;
    case 'none':
      return false;
  }
}

const add = (a: Counter, b: ActivityCounts) => {
  for (const k of Object.keys(a) as (keyof Counter)[]) a[k] += b[k];
};

interface ActorAcc {
  counts: Counter;
  identityType: string | null;
  arn: string | null;
  invokedBy: string | null;
  ips: Set<string>;
  agents: Set<string>;
  first: string;
  last: string;
}

/**
 * The name of a row: the actor's short name, with its account when that is
 * not the zone's. Short names are unique within an account (a user, a
 * role/session, the root's ARN), not across accounts: without the account,
 * alice of another account would share the zone's own alice's row.
 */
export function actorLabel(p: Provenance): string {
  const name = actorName(p.identity);
  const account = p.identity.accountId;
  return account !== undefined && account !== p.recipientAccountId ? `${name} (account ${account})` : name;
}

const byActivity = (a: ActorCounts, b: ActorCounts) => activityTotal(b) - activityTotal(a) || compareStrings(a.actor, b.actor);

/** The activity of one zone over its whole timeline. */
export function zoneActivity(timeline: ZoneTimeline, inputs: InputSummary): ZoneActivity {
  const totals = zero();
  const actors = new Map<string, ActorAcc>();
  const days = new Map<string, Map<string, Counter>>();
  let created: EventInfo | null = null;
  let deleted: EventInfo | null = null;
  for (const step of timeline.steps) {
    const p = step.event.provenance;
    const applied = step.outcome.kind === 'applied';
    if (applied && step.event.action.kind === 'create-zone' && created === null) created = eventInfo(p);
    if (applied && step.event.action.kind === 'delete-zone') deleted = eventInfo(p);
    const one = zero();
    if (!count(one, step)) continue;
    add(totals, one);
    const name = actorLabel(p);
    let a = actors.get(name);
    if (a === undefined) {
      a = { counts: zero(), identityType: p.identity.type ?? null, arn: p.identity.arn ?? null, invokedBy: p.identity.invokedBy ?? null, ips: new Set(), agents: new Set(), first: p.eventTime, last: p.eventTime };
      actors.set(name, a);
    }
    add(a.counts, one);
    if (p.sourceIPAddress !== undefined) a.ips.add(p.sourceIPAddress);
    if (p.userAgent !== undefined) a.agents.add(p.userAgent);
    a.last = p.eventTime;
    const day = utcDay(p.timeMs);
    let perActor = days.get(day);
    if (perActor === undefined) days.set(day, (perActor = new Map()));
    const dc = perActor.get(name) ?? zero();
    add(dc, one);
    perActor.set(name, dc);
  }
  const steps = timeline.steps;
  const last = steps[steps.length - 1];
  const c = completenessAt(timeline, steps.length - 1, last?.event.provenance.timeMs ?? 0, inputs);
  const sortedStrings = (s: Set<string>) => [...s].sort(compareStrings);
  return {
    zoneId: timeline.zoneId,
    zoneName: timeline.zoneName ?? null,
    nameSource: timeline.nameSource,
    genesis: timeline.genesis,
    created,
    deleted,
    firstEvent: steps[0]?.event.provenance.eventTime ?? null,
    lastEvent: last?.event.provenance.eventTime ?? null,
    events: steps.length,
    totals,
    actors: [...actors.entries()]
      .map(([actor, a]): ActorActivity => ({ actor, ...a.counts, identityType: a.identityType, arn: a.arn, invokedBy: a.invokedBy, sourceIPs: sortedStrings(a.ips), userAgents: sortedStrings(a.agents), first: a.first, last: a.last }))
      .sort(byActivity),
    days: [...days.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([day, perActor]): DayActivity => {
        const sum = zero();
        for (const v of perActor.values()) add(sum, v);
        const list = [...perActor.entries()].map(([actor, v]) => ({ actor, ...v })).sort((a, b) => compareStrings(a.actor, b.actor));
        return { day, ...sum, actors: list };
      }),
    failedCalls: c.failedCalls,
    rejectedBatches: c.rejectedBatches,
    gaps: c.gaps,
    anomalies: c.anomalies,
  };
}

/** The activity of several zones, with the actor order shared by all (for colours). */
export function activityReport(timelines: readonly ZoneTimeline[], inputs: InputSummary): ActivityReport {
  const zones = timelines.map((t) => zoneActivity(t, inputs));
  const all = new Map<string, Counter>();
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  for (const z of zones) {
    for (const a of z.actors) {
      const c = all.get(a.actor) ?? zero();
      add(c, a);
      all.set(a.actor, c);
    }
    const f = z.days[0]?.day;
    const l = z.days[z.days.length - 1]?.day;
    if (f !== undefined && (firstDay === null || f < firstDay)) firstDay = f;
    if (l !== undefined && (lastDay === null || l > lastDay)) lastDay = l;
  }
  const actors = [...all.entries()].map(([actor, c]) => ({ actor, ...c })).sort(byActivity).map((a) => a.actor);
  return { firstDay, lastDay, actors, zones };
}
