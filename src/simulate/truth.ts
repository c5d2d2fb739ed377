/**
 * The ground truth of a simulation, from the scenario alone (the oracle):
 * what a perfect replay of the written files gives (`logged`), what the
 * live export holds after injected drift (`live`), and exactly which
 * record sets differ and why.
 */
import type { Json } from './actors.js';
import { isoSeconds } from './clock.js';
import type { Rng } from './prng.js';
import type { Route53Scenario } from './route53-events.js';
import { editable, ipv4 } from './workloads.js';
import { applyLogged, defaultSets, keyOf, listRecordSets, makeSet, sameContent, type SimSet, type ZoneSets } from './zones.js';

/** Why live differs from logged for one record set. */
export type DriftKind = 'out-of-band-change' | 'out-of-band-delete' | 'out-of-band-create' | 'unlogged-day';

/** One injected difference between logged and live. */
export interface DriftEntry {
  readonly kind: DriftKind;
  readonly name: string;
  readonly type: string;
  readonly setIdentifier?: string;
  readonly detail: string;
}

/** A zone as a replay sees it at one instant. */
export interface Checkpoint {
  readonly at: string;
  readonly exists: boolean;
  readonly recordSets: Json[];
}

/** Ground truth of one zone. Record sets are in list-resource-record-sets form (PascalCase, Route 53 order). */
export interface ZoneTruth {
  readonly id: string;
  readonly name: string;
  readonly createdInWindow: boolean;
  readonly createdAt: string | null;
  readonly deleted: boolean;
  readonly deletedAt: string | null;
  /** Records at the window start for zones that existed before it (a replay's baseline); null otherwise. */
  readonly preWindow: Json[] | null;
  /** Replay of the written files (from `preWindow` when set) at the end; null when the zone was deleted. */
  readonly logged: Json[] | null;
  /** The live export; null when the zone was deleted. */
  readonly live: Json[] | null;
  readonly drift: DriftEntry[];
  /** The logged zone at a few instants (events at exactly `at` included). */
  readonly checkpoints: Checkpoint[];
}

/** Replays the written, successful events of one zone up to `until` (inclusive), trusting them. */
export function loggedState(scenario: Route53Scenario, zoneId: string, until: number): { exists: boolean; sets: ZoneSets } {
  const zone = scenario.zones.find((z) => z.id === zoneId);
  const pre = scenario.preWindow.get(zoneId);
  let exists = pre !== undefined;
  let sets: ZoneSets = new Map((pre ?? []).map((s) => [keyOf(s), s]));
  for (const e of scenario.events) {
    if (e.time > until) break;
    if (!e.written || !e.ok || e.zoneId !== zoneId) continue;
    if (e.kind === 'create-zone' && zone !== undefined) {
      exists = true;
      sets = new Map(defaultSets(zone.name, zone.nameServers).map((s) => [keyOf(s), s]));
    } else if (e.kind === 'delete-zone') {
      exists = false;
      sets = new Map();
    } else if (e.changes !== null) {
      applyLogged(sets, e.changes);
    }
  }
  return { exists, sets };
}

function entry(kind: DriftKind, set: SimSet, detail: string): DriftEntry {
  return { kind, name: set.name, type: set.type, ...(set.setIdentifier !== undefined ? { setIdentifier: set.setIdentifier } : {}), detail };
}

function describe(set: SimSet): string {
  if (set.aliasTarget !== undefined) return `alias ${set.aliasTarget.dnsName}`;
  return `TTL ${set.ttl} [${(set.values ?? []).join(', ')}]`;
}

/** Sets that differ between the real final state and the logged one: the missing day's doing. */
function unloggedDrift(full: ZoneSets, logged: ZoneSets): DriftEntry[] {
  const out: DriftEntry[] = [];
  for (const [key, set] of full) {
    const l = logged.get(key);
    if (l === undefined) out.push(entry('unlogged-day', set, `created on the unlogged day: ${describe(set)}`));
    else if (!sameContent(l, set)) out.push(entry('unlogged-day', set, `changed on the unlogged day: ${describe(l)} -> ${describe(set)}`));
  }
  for (const [key, set] of logged) {
    if (!full.has(key)) out.push(entry('unlogged-day', set, `deleted on the unlogged day: ${describe(set)}`));
  }
  return out;
}

/** Applies `count` out-of-band changes to the live zones (distinct keys, none touched by the missing day). */
function injectOutOfBand(rng: Rng, zones: { name: string; live: ZoneSets; drift: DriftEntry[] }[], count: number): void {
  if (zones.length === 0) return;
  const offset = rng.int(0, zones.length - 1);
  for (let i = 0; i < count; i++) {
    const z = zones[(offset + i) % zones.length]!;
    const taken = new Set(z.drift.map((d) => keyOf(d)));
    const candidates = editable(z.live, z.name).filter((s) => !taken.has(keyOf(s)));
    const kind = candidates.length === 0 ? 'create' : rng.weighted<string>([['change', 4], ['delete', 3], ['create', 3]]);
    if (kind === 'change') {
      const s = rng.pick(candidates);
      const changed = s.type === 'A' && rng.chance(0.5) ? makeSet({ ...s, values: [ipv4(rng)] }) : makeSet({ ...s, ttl: s.ttl === 60 ? 3600 : 60 });
      z.live.set(keyOf(s), changed);
      z.drift.push(entry('out-of-band-change', s, `changed outside the log: ${describe(s)} -> ${describe(changed)}`));
    } else if (kind === 'delete') {
      const s = rng.pick(candidates);
      z.live.delete(keyOf(s));
      z.drift.push(entry('out-of-band-delete', s, `deleted outside the log: ${describe(s)}`));
    } else {
      const s = makeSet({ name: `oob-${rng.lower(6)}.${z.name}`, type: 'A', ttl: 300, values: [ipv4(rng)] });
      z.live.set(keyOf(s), s);
      z.drift.push(entry('out-of-band-create', s, `created outside the log: ${describe(s)}`));
    }
  }
}

/** Builds the per-zone truth and the live state; `checkpoints` are epoch ms instants. */
export function buildTruth(scenario: Route53Scenario, rng: Rng, drift: number, checkpoints: readonly number[]): { zones: ZoneTruth[]; live: Map<string, ZoneSets> } {
  const working: { name: string; live: ZoneSets; drift: DriftEntry[] }[] = [];
  const perZone = scenario.zones.map((z) => {
    const full = scenario.final.get(z.id) ?? null;
    const logged = loggedState(scenario, z.id, scenario.end + 86_400_000);
    const w = full === null ? null : { name: z.name, live: new Map(full), drift: unloggedDrift(full, logged.sets) };
    if (w !== null) working.push(w);
    return { z, logged, w };
  });
  injectOutOfBand(rng, working, drift);
  const live = new Map<string, ZoneSets>();
  const zones = perZone.map(({ z, logged, w }): ZoneTruth => {
    if (w !== null) live.set(z.id, w.live);
    const deletion = scenario.events.find((e) => e.kind === 'delete-zone' && e.ok && e.zoneId === z.id);
    const pre = scenario.preWindow.get(z.id);
    return {
      id: z.id,
      name: z.name,
      createdInWindow: !z.preWindow,
      createdAt: z.createAt !== undefined ? isoSeconds(z.createAt) : null,
      deleted: deletion !== undefined,
      deletedAt: deletion !== undefined ? isoSeconds(deletion.time) : null,
      preWindow: pre !== undefined ? listRecordSets(new Map(pre.map((s) => [keyOf(s), s]))) : null,
      logged: logged.exists ? listRecordSets(logged.sets) : null,
      live: w !== null ? listRecordSets(w.live) : null,
      drift: w?.drift ?? [],
      checkpoints: checkpoints.map((t) => {
        const s = loggedState(scenario, z.id, t);
        return { at: isoSeconds(t), exists: s.exists, recordSets: s.exists ? listRecordSets(s.sets) : [] };
      }),
    };
  });
  return { zones, live };
}
