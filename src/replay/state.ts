/**
 * The state of one hosted zone during replay: immutable values.
 *
 * The zone's fields are frozen by immer; its record sets live in a
 * persistent hash map (hash-trie.ts), because immer copies a whole object on
 * every write — O(n) per change — while a hash-array-mapped trie shares all
 * but O(log32 n) nodes. That is what lets every point in time be kept: a
 * zone of 100,000 sets changed a million times stays in memory.
 */
import { PMap } from './persistent.js';
import type { Provenance } from '../events/types.js';
import { recordKey, type RecordKey, type RecordSet } from '../model/record-set.js';

/** How a set came to be known. */
export type SetOrigin =
  /** Written by a logged ChangeResourceRecordSets. */
  | 'logged'
  /** Route 53's default SOA/NS, created with the zone (no event lists them). */
  | 'synthesized'
  /**
   * Proved by a later DELETE that names its content: it existed before the logs begin or, when a gap
   * came before that DELETE, since the last such gap (`since`).
   */
  | 'inferred';

/** A record set in a zone, with the change that last set it. */
export interface RrsetEntry {
  readonly rrset: RecordSet;
  readonly origin: SetOrigin;
  /** The event that set it (for inferred sets: the event that proved it existed). */
  readonly setBy: Provenance;
  readonly action: 'CREATE' | 'UPSERT' | 'CreateHostedZone' | 'inferred';
  /**
   * For an inferred set whose proving DELETE came after a gap: that gap, the last before the DELETE.
   * The set is known from it on only, made by it or older; absent, the set existed before the logs.
   */
  readonly since?: Provenance;
}

/** Where the zone stands. */
export type ZoneStatus =
  /** No CreateHostedZone seen (yet): what existed before is unknown. */
  | 'unknown'
  | 'exists'
  | 'deleted';

/** One hosted zone at one instant. */
export interface ZoneState {
  readonly zoneId: string;
  /** Canonical name, when a CreateHostedZone or another response said it. */
  readonly zoneName?: string;
  readonly status: ZoneStatus;
  readonly createdBy?: Provenance;
  readonly deletedBy?: Provenance;
  /**
   * The last gap since the zone's creation: an event that changed records without a readable change
   * list (a request CloudTrail cut, a traffic policy instance). Since then any set may differ unseen.
   */
  readonly gapBy?: Provenance;
  /** Record sets by key. */
  readonly rrsets: PMap<RecordKey, RrsetEntry>;
  /** Keys of the sets at each name (for CNAME exclusivity and routing groups): read with keysAt. */
  readonly byName: PMap<string, NameKeysEntry>;
}

/**
 * The keys of the sets at one name: the key itself when there is one (most
 * names: a set per name is the rule, and ACME and external-dns churn create
 * and delete lone sets all day), else a frozen array of them, in the order
 * they came (a name holds a few sets at most: its types and routing group).
 */
export type NameKeysEntry = RecordKey | readonly RecordKey[];

/** The keys of the sets at `name`. */
export function keysAt(byName: ZoneState['byName'], name: string): Iterable<RecordKey> {
  const at = byName.get(name);
  return at === undefined ? [] : typeof at === 'string' ? [at] : at;
}

/** How many sets there are at `name`. */
export function countAt(byName: ZoneState['byName'], name: string): number {
  const at = byName.get(name);
  return at === undefined ? 0 : typeof at === 'string' ? 1 : at.length;
}

/**
 * Whether the zone's sets may differ from the tables for lack of history (its creation is not in
 * the logs, it was deleted, or a gap followed it): then a DELETE of a set not seen is no proof of a
 * change Route 53 would have refused.
 */
export function historyUnknown(state: Pick<ZoneState, 'status' | 'gapBy'>): boolean {
  return state.status !== 'exists' || state.gapBy !== undefined;
}

/** A zone before any event: nothing known. */
export function emptyZone(zoneId: string, zoneName?: string): ZoneState {
  const base = { zoneId, status: 'unknown' as const, rrsets: PMap<RecordKey, RrsetEntry>(), byName: PMap<string, NameKeysEntry>() };
  return Object.freeze(zoneName !== undefined ? { ...base, zoneName } : base);
}

/** A zone's record tables; during a replay, mutable copies (`asMutable`) edited in place. */
export interface Tables {
  rrsets: PMap<RecordKey, RrsetEntry>;
  byName: PMap<string, NameKeysEntry>;
}

/**
 * One string per record key and per name within a replay. A million changes
 * then hold 100,000 key strings, not a million, and the maps compare keys
 * that are the same string by identity. One map lookup per change finds both.
 */
export class KeyCache {
  private readonly names = new Map<string, NameKeys>();

  /**
   * `seesEveryKey`: every key the tables can hold, the apex's aside, goes
   * through this cache (a replay's own cache, from an empty zone). Then a
   * name that has only ever had one key cannot hold two sets, and its
   * conflict checks can be skipped.
   */
  constructor(readonly seesEveryKey = false) {}

  /** The shared strings of a name. */
  of(name: string): NameKeys {
    let known = this.names.get(name);
    if (known === undefined) this.names.set(name, (known = new NameKeys(name)));
    return known;
  }
}

/** A name and the keys of the sets seen at it: the first inline, others (routing groups, other types) in a list. */
export class NameKeys {
  private type0: string | undefined;
  private id0: string | undefined;
  private key0: RecordKey | undefined;
  private more: { readonly type: string; readonly id: string | undefined; readonly key: RecordKey }[] | undefined;
  constructor(readonly name: string) {}

  /** Whether one key at most was ever asked for at this name. */
  get lone(): boolean {
    return this.more === undefined;
  }

  /** The key of a set at this name. */
  key(rs: Pick<RecordSet, 'type' | 'setIdentifier'>): RecordKey {
    if (this.key0 !== undefined && this.type0 === rs.type && this.id0 === rs.setIdentifier) return this.key0;
    for (const m of this.more ?? []) if (m.type === rs.type && m.id === rs.setIdentifier) return m.key;
    const key = recordKey({ name: this.name, type: rs.type, setIdentifier: rs.setIdentifier });
    if (this.key0 === undefined) {
      this.type0 = rs.type;
      this.id0 = rs.setIdentifier;
      this.key0 = key;
    } else {
      (this.more ??= []).push({ type: rs.type, id: rs.setIdentifier, key });
    }
    return key;
  }
}

/** Puts `entry` in tables edited in place; a replaced set is already indexed under its name. */
export function putEntry(w: Tables, key: RecordKey, name: string, entry: RrsetEntry, replacing: boolean): void {
  w.rrsets = w.rrsets.set(key, entry);
  if (replacing) return;
  const at = w.byName.get(name);
  if (at === undefined) w.byName = w.byName.set(name, key);
  else if (typeof at !== 'string') {
    if (!at.includes(key)) w.byName = w.byName.set(name, Object.freeze([...at, key]));
  } else if (at !== key) w.byName = w.byName.set(name, Object.freeze([at, key]));
}

/** Removes a set from tables edited in place. */
export function removeEntry(w: Tables, key: RecordKey, name: string): void {
  w.rrsets = w.rrsets.delete(key);
  const at = w.byName.get(name);
  if (at === undefined) return;
  if (typeof at === 'string') {
    if (at === key) w.byName = w.byName.delete(name);
    return;
  }
  if (!at.includes(key)) return;
  const left = at.filter((k) => k !== key);
  w.byName = left.length === 0 ? w.byName.delete(name) : w.byName.set(name, left.length === 1 ? left[0]! : Object.freeze(left));
}

/**
 * The record-set map and name index with `added` put in (existing keys kept
 * unless `replace`). One batch of path copies, whatever the number of entries.
 */
export function withEntries(state: Pick<ZoneState, 'rrsets' | 'byName'>, added: readonly RrsetEntry[], replace = true): Pick<ZoneState, 'rrsets' | 'byName'> {
  const w: Tables = { rrsets: state.rrsets.asMutable(), byName: state.byName.asMutable() };
  for (const e of added) {
    const key = recordKey(e.rrset);
    if (!replace && w.rrsets.has(key)) continue;
    putEntry(w, key, e.rrset.name, e, false);
  }
  return { rrsets: w.rrsets.asImmutable(), byName: w.byName.asImmutable() };
}

/** The entries of a state, in no particular order. */
export function entries(state: ZoneState): IterableIterator<RrsetEntry> {
  return state.rrsets.values();
}
