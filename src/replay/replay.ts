/**
 * Replays an ordered event list into one timeline per hosted zone: every
 * event's outcome and the immutable state after it. States share structure;
 * some are kept and the others rebuilt from them on demand (see
 * checkpointInterval), so a query at any instant is a binary search and a
 * few redone events — no re-reading of logs.
 */
import type { Provenance, Route53Event } from '../events/types.js';
import { nameLabels } from '../model/name.js';
import { recordKey, type RecordKey } from '../model/record-set.js';
import { ZoneCursor } from './cursor.js';
import type { Outcome, ReplayEvent } from './reducer.js';
import { emptyZone, KeyCache, withEntries, type RrsetEntry, type ZoneState } from './state.js';

/** One event in a zone's timeline, with the state after it (kept, or rebuilt on demand for long timelines). */
export interface TimelineStep {
  /** The event, as the replay applied it: a gap carries the sets proved from it on (`proved`). */
  readonly event: ReplayEvent;
  readonly outcome: Outcome;
  readonly state: ZoneState;
}

/** How the zone's name is known. */
export type NameSource = 'logged' | 'inferred' | 'unknown';

/** The replay of one hosted zone. */
export interface ZoneTimeline {
  readonly zoneId: string;
  /** The zone's canonical name: from a logged response, or inferred from its record names. */
  readonly zoneName?: string;
  readonly nameSource: NameSource;
  /** Whether the zone's CreateHostedZone is in the logs. If not, every snapshot is a lower bound. */
  readonly genesis: 'in-logs' | 'before-logs';
  /** The state before the first event: empty, or the sets proved to exist before the logs (those proved since a gap come in at that gap's step). */
  readonly initial: ZoneState;
  readonly steps: readonly TimelineStep[];
}

/** The replay of every zone in an event log. */
export interface Replay {
  /** By zone id, in id order. */
  readonly zones: ReadonlyMap<string, ZoneTimeline>;
  /** Route 53 events that name no hosted zone (health checks, ListHostedZones, failed calls, …); a gap among them only when no zone of its account existed then. */
  readonly unscoped: readonly Route53Event[];
}

/**
 * Replays ordered, de-duplicated events (see collectEvents).
 *
 * A gap whose record names no zone — a request CloudTrail cut whole, a
 * DeleteTrafficPolicyInstance — belongs to the zone another event ties its
 * traffic policy instance to; failing that, it may have changed any zone
 * that existed then, in the account the call was made in (a hosted zone
 * belongs to one account: an organization trail's other accounts' zones are
 * out of its reach), so it is a gap in each. A failed call changed nothing:
 * without a zone it stays unscoped.
 */
export function replayEvents(events: readonly Route53Event[]): Replay {
  const instanceZones = new Map<string, string>();
  for (const e of events) {
    const a = e.action;
    if (a.kind === 'gap' && a.zoneId !== undefined && a.trafficPolicyInstanceId !== undefined && !instanceZones.has(a.trafficPolicyInstanceId)) instanceZones.set(a.trafficPolicyInstanceId, a.zoneId);
  }
  const zoneOf = (e: Route53Event): string | undefined => {
    const a = e.action;
    return a.zoneId ?? (a.kind === 'gap' && a.trafficPolicyInstanceId !== undefined ? instanceZones.get(a.trafficPolicyInstanceId) : undefined);
  };
  const ids = events.map(zoneOf);
  // Every zone, before any event is placed (a zone-less gap reaches zones whose first event comes later);
  // when each was created, if the logs say (a gap before that cannot have changed it); and the account its
  // calls were made in (recipientAccountId), if they say.
  const byZone = new Map<string, Route53Event[]>();
  const createdAt = new Map<string, number>();
  const accountOf = new Map<string, string>();
  events.forEach((e, i) => {
    const id = ids[i];
    if (id === undefined) return;
    if (!byZone.has(id)) byZone.set(id, []);
    if (e.action.kind === 'create-zone' && e.error === undefined && !createdAt.has(id)) createdAt.set(id, e.provenance.timeMs);
    const account = e.provenance.recipientAccountId;
    if (account !== undefined && !accountOf.has(id)) accountOf.set(id, account);
  });
  const unscoped: Route53Event[] = [];
  for (const [i, e] of events.entries()) {
    const id = ids[i];
    if (id !== undefined) {
      byZone.get(id)!.push(e);
      continue;
    }
    let placed = false;
    if (e.action.kind === 'gap' && e.error === undefined) {
      const account = e.provenance.recipientAccountId;
      for (const [zone, list] of byZone) {
        if ((createdAt.get(zone) ?? -Infinity) > e.provenance.timeMs) continue;
        if (account !== undefined && (accountOf.get(zone) ?? account) !== account) continue;
        list.push(e);
        placed = true;
      }
    }
    if (!placed) unscoped.push(e);
  }
  const zones = new Map<string, ZoneTimeline>();
  for (const id of [...byZone.keys()].sort()) zones.set(id, replayZone(id, byZone.get(id)!));
  return { zones, unscoped };
}

/**
 * Replays one zone's events (already in replay order). `every` overrides
 * checkpointInterval (tests of the rebuild law).
 */
export function replayZone(zoneId: string, events: readonly Route53Event[], every: number = checkpointInterval(events.length)): ZoneTimeline {
  const loggedName = knownName(events);
  const genesis = events.some((e) => e.action.kind === 'create-zone' && e.error === undefined) ? 'in-logs' : 'before-logs';
  // Pass 1 finds sets proved by DELETEs of unseen sets: from before the logs, or since the last gap before
  // the DELETE; pass 2 starts from the former and puts the latter in at their gap's step, so snapshots before
  // the DELETE show them (again without those a logged batch contradicts, until none does).
  const empty = emptyZone(zoneId, loggedName);
  let initial = empty;
  // The replay starts from an empty zone, so every key its tables hold passes through this cache.
  const keys = new KeyCache(true);
  const first = run(initial, events, keys, every);
  let proved = provedSets(first);
  let steps = first;
  // Each round drops every proved set at a contradicted name; a log built to drop one a round would cost
  // a replay each: past a few rounds, no set is taken as proved (pass 1's answer, a lower bound still).
  for (let round = 0; proved.length > 0; round++) {
    if (round === MAX_PROOF_ROUNDS) {
      initial = empty;
      steps = first;
      break;
    }
    initial = seed(empty, proved.filter((p) => p.at < 0).map((p) => p.entry));
    steps = run(initial, withProofs(events, proved), keys, every);
    // A logged batch accepted without the proved sets and rejected with them shows that the sets at
    // its names were not there then: they were created later, out of the logs' sight.
    const contradicted = new Set<string>();
    steps.forEach((s, i) => {
      const a = s.event.action;
      if (s.outcome.kind === 'rejected' && first[i]!.outcome.kind === 'applied' && a.kind === 'change-rrsets') for (const c of a.changes) contradicted.add(c.rrset.name);
    });
    const kept = proved.filter((p) => !contradicted.has(p.entry.rrset.name));
    if (contradicted.size === 0 || kept.length === proved.length) break;
    proved = kept;
    initial = empty;
    steps = first;
  }
  const inferred = loggedName === undefined ? inferZoneName(events) : undefined;
  const zoneName = loggedName ?? inferred;
  const nameSource: NameSource = loggedName !== undefined ? 'logged' : inferred !== undefined ? 'inferred' : 'unknown';
  return zoneName !== undefined ? { zoneId, zoneName, nameSource, genesis, initial, steps } : { zoneId, nameSource, genesis, initial, steps };
}

/**
 * How often a timeline of `events` events keeps the state after an event;
 * the others are rebuilt on demand by redoing the logged edits from the
 * nearest kept one (no rules re-checked). Handing out a frozen state copies
 * the trie nodes changed since the last one, and that copying (and its
 * garbage) was most of a replay's cost, so few are kept:
 * - up to 64 events, every state (nothing to gain);
 * - up to 65,536 events, one in 64: a query redoes at most 63 events;
 * - beyond, one in 1,024: at 256, kept states were half the memory of a
 *   million-change replay; a query redoes at most 1,023 events' edits, tens
 *   of milliseconds, and a step-by-step walk one.
 */
export function checkpointInterval(events: number): number {
  return events <= 64 ? 1 : events <= 65_536 ? 64 : 1024;
}
/** Rebuilt states kept for the next query (sequential walks stay incremental). */
const REBUILT_CACHE = 2;

/**
 * The states of a replay. Every state is a pure function of the previous
 * state and the event, so a state not kept is rebuilt by redoing the events
 * from the nearest kept one: memory grows with the events, not with
 * events × zone size.
 */
class StateStore {
  private readonly kept = new Map<number, ZoneState>();
  private readonly rebuilt = new Map<number, ZoneState>();
  readonly outcomes: Outcome[] = [];
  constructor(
    private readonly initial: ZoneState,
    private readonly events: readonly ReplayEvent[],
    readonly every: number,
    private readonly keys: KeyCache,
  ) {}

  keep(i: number, state: ZoneState): void {
    this.kept.set(i, state);
  }

  /**
   * The entry under `key` after event `i`, without building that state: read
   * in the nearest state at hand, then the logged edits after it. Building
   * a state copies the trie nodes its edits touch, garbage once the next
   * query moves on; a lookup allocates nothing. A zone created or deleted in
   * between changes its tables wholesale: then the state is built. A gap
   * puts in the sets proved from it on, never over one the tables hold.
   */
  entryAfter(i: number, key: RecordKey): RrsetEntry | undefined {
    const hit = i < 0 ? this.initial : (this.kept.get(i) ?? this.rebuilt.get(i));
    if (hit !== undefined) return hit.rrsets.get(key);
    const from = Math.floor((i + 1) / this.every) * this.every - 1;
    let entry = from < 0 ? this.initial.rrsets.get(key) : this.kept.get(from)!.rrsets.get(key);
    for (let j = from + 1; j <= i; j++) {
      const event = this.events[j]!;
      const outcome = this.outcomes[j]!;
      if (event.error === undefined && (event.action.kind === 'create-zone' || event.action.kind === 'delete-zone')) return this.after(i).rrsets.get(key);
      if (outcome.kind === 'gap' && outcome.proved !== undefined && entry === undefined) entry = outcome.proved.find((e) => recordKey(e.rrset) === key);
      // Other events change the tables only through an applied change list (see ZoneCursor.redo).
      if (event.error !== undefined || event.action.kind !== 'change-rrsets' || outcome.kind !== 'applied') continue;
      for (const c of outcome.changes) if (c.key === key) entry = c.after;
    }
    return entry;
  }

  /** The state after event `i` (-1: before the first). */
  after(i: number): ZoneState {
    if (i < 0) return this.initial;
    const hit = this.kept.get(i) ?? this.rebuilt.get(i);
    if (hit !== undefined) return hit;
    let from = Math.floor((i + 1) / this.every) * this.every - 1;
    for (let j = i - 1; j > from; j--) {
      if (this.rebuilt.has(j)) {
        from = j;
        break;
      }
    }
    const cursor = new ZoneCursor(from < 0 ? this.initial : (this.kept.get(from) ?? this.rebuilt.get(from)!), this.keys);
    for (let j = from + 1; j <= i; j++) cursor.redo(this.events[j]!, this.outcomes[j]!);
    const state = cursor.state();
    if (this.rebuilt.size >= REBUILT_CACHE) this.rebuilt.delete(this.rebuilt.keys().next().value!);
    this.rebuilt.set(i, state);
    return state;
  }
}

/** A step whose state comes from the store. */
class StoredStep implements TimelineStep {
  constructor(
    readonly event: ReplayEvent,
    readonly outcome: Outcome,
    private readonly store: StateStore,
    private readonly index: number,
  ) {}
  get state(): ZoneState {
    return this.store.after(this.index);
  }

  entry(key: RecordKey): RrsetEntry | undefined {
    return this.store.entryAfter(this.index, key);
  }
}

function run(initial: ZoneState, events: readonly ReplayEvent[], keys: KeyCache, every: number): TimelineStep[] {
  const store = new StateStore(initial, events, every, keys);
  const cursor = new ZoneCursor(initial, keys);
  const steps: TimelineStep[] = new Array<TimelineStep>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const outcome = cursor.apply(event);
    if ((i + 1) % every === 0) store.keep(i, cursor.state());
    store.outcomes.push(outcome);
    steps[i] = new StoredStep(event, outcome, store, i);
  }
  return steps;
}

/** Replays of a zone with fewer proved sets each, at most (see replayZone). */
const MAX_PROOF_ROUNDS = 4;

/** A set proved by a DELETE of a set unseen: present from step `at` on (-1: before the logs). */
interface Proof {
  readonly entry: RrsetEntry;
  readonly at: number;
}

/**
 * The sets that pass 1's DELETEs of unseen sets prove. Without a gap before the DELETE, the set existed
 * before the logs, if no earlier change touched its key (a set the logs created or deleted before was
 * re-created later, out of their sight, not before them). After a gap, the set existed from the zone's
 * last gap on (the gap may have made it), if no change since that gap touched its key: then what the
 * DELETE names is what stood since the gap. The rules name the set and that gap (the zone's gapBy) in
 * their finding (Finding.rrset, Finding.since).
 */
function provedSets(steps: readonly TimelineStep[]): Proof[] {
  const lastTouched = new Map<RecordKey, number>();
  const gaps = new Map<Provenance, number>();
  const proved: Proof[] = [];
  steps.forEach((s, i) => {
    if (s.outcome.kind === 'gap') gaps.set(s.event.provenance, i);
    if (s.outcome.kind !== 'applied') return;
    const findings = s.outcome.findings;
    for (const c of s.outcome.changes) {
      if (c.action === 'DELETE' && c.before === undefined) {
        const f = findings.find((f) => f.rrset !== undefined && f.key === c.key && (f.kind === 'inferred' || f.since !== undefined));
        const at = f?.since === undefined ? -1 : (gaps.get(f.since) ?? NaN);
        const last = lastTouched.get(c.key);
        if (f?.rrset !== undefined && !Number.isNaN(at) && (last === undefined || last < at)) {
          const entry: RrsetEntry = { rrset: f.rrset, origin: 'inferred', setBy: s.event.provenance, action: 'inferred' };
          proved.push({ entry: f.since !== undefined ? { ...entry, since: f.since } : entry, at });
        }
      }
      lastTouched.set(c.key, i);
    }
  });
  return proved;
}

/** The events with each gap that proofs start at carrying their sets (new event objects; the others as they are). */
function withProofs(events: readonly Route53Event[], proofs: readonly Proof[]): readonly ReplayEvent[] {
  const at = new Map<number, RrsetEntry[]>();
  for (const p of proofs) if (p.at >= 0) at.set(p.at, [...(at.get(p.at) ?? []), p.entry]);
  if (at.size === 0) return events;
  return events.map((e, i) => {
    const sets = at.get(i);
    return sets === undefined ? e : Object.freeze({ ...e, proved: Object.freeze(sets) });
  });
}

function seed(state: ZoneState, sets: readonly RrsetEntry[]): ZoneState {
  return Object.freeze({ ...state, ...withEntries(state, sets, false) });
}

/** The zone name stated by a logged response, if any (the first one wins). */
function knownName(events: readonly Route53Event[]): string | undefined {
  for (const e of events) {
    if (e.error !== undefined) continue;
    if ((e.action.kind === 'create-zone' || e.action.kind === 'zone-name') && e.action.zoneName !== undefined) return e.action.zoneName;
  }
  return undefined;
}

/**
 * The longest common suffix of the names a zone's changes touch — a guess,
 * always labelled as inferred. A single name gives its parent unless it is
 * the apex of an SOA/NS change.
 */
export function inferZoneName(events: readonly Route53Event[]): string | undefined {
  const names = new Set<string>();
  let apexHint: string | undefined;
  for (const e of events) {
    if (e.action.kind !== 'change-rrsets') continue;
    for (const c of e.action.changes) {
      names.add(c.rrset.name);
      if (c.rrset.type === 'SOA') apexHint = c.rrset.name;
    }
  }
  if (apexHint !== undefined) return apexHint;
  if (names.size === 0) return undefined;
  let common: string[] | undefined;
  for (const n of names) {
    const labels = nameLabels(n).reverse();
    if (common === undefined) {
      common = names.size === 1 ? labels.slice(0, Math.max(labels.length - 1, 1)) : labels;
      continue;
    }
    let i = 0;
    while (i < common.length && i < labels.length && common[i] === labels[i]) i++;
    common = common.slice(0, i);
  }
  if (common === undefined || common.length === 0) return undefined;
  return [...common].reverse().join('.') + '.';
}

/** Index of the last step at or before `timeMs` (-1 when before the first event). */
export function stepIndexAt(timeline: ZoneTimeline, timeMs: number): number {
  const steps = timeline.steps;
  let lo = 0;
  let hi = steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]!.event.provenance.timeMs <= timeMs) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * The set under `key` (recordKey) at an instant, as `stateAt(…).rrsets.get(key)`
 * gives it, without building the state: for point queries over long
 * timelines, whose built states are garbage once the query is answered.
 */
export function rrsetAt(timeline: ZoneTimeline, timeMs: number, key: RecordKey): RrsetEntry | undefined {
  const i = stepIndexAt(timeline, timeMs);
  if (i < 0) return timeline.initial.rrsets.get(key);
  const step = timeline.steps[i]!;
  return step instanceof StoredStep ? step.entry(key) : step.state.rrsets.get(key);
}

/** The zone's state at an instant (after every event at or before it). */
export function stateAt(timeline: ZoneTimeline, timeMs: number): ZoneState {
  const i = stepIndexAt(timeline, timeMs);
  return i < 0 ? timeline.initial : timeline.steps[i]!.state;
}
