/**
 * The state of one hosted zone during replay: immutable values.
 *
 * The zone's fields are frozen by immer; its record sets live in a
 * persistent hash map (immutable.js), because immer copies a whole object on
 * every write — O(n) per change — while a hash-array-mapped trie shares all
 * but O(log32 n) nodes. That is what lets every point in time be kept: a
 * zone of 100,000 sets changed a million times stays in memory.
 */
import { Map as PMap, Set as PSet } from 'immutable';
import type { Provenance } from '../events/types.js';
import { recordKey, type RecordKey, type RecordSet } from '../model/record-set.js';

/** How a set came to be known. */
export type SetOrigin =
  /** Written by a logged ChangeResourceRecordSets. */
  | 'logged'
  /** Route 53's default SOA/NS, created with the zone (no event lists them). */
  | 'synthesized'
  /** Existed before the logs begin: proved by a later DELETE that names its content. */
  | 'inferred';

/** A record set in a zone, with the change that last set it. */
export interface RrsetEntry {
  readonly rrset: RecordSet;
  readonly origin: SetOrigin;
  /** The event that set it (for inferred sets: the event that proved it existed). */
  readonly setBy: Provenance;
  readonly action: 'CREATE' | 'UPSERT' | 'CreateHostedZone' | 'inferred';
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
  /** Record sets by key. */
  readonly rrsets: PMap<RecordKey, RrsetEntry>;
  /** Keys of the sets at each name (for CNAME exclusivity and routing groups). */
  readonly byName: PMap<string, PSet<RecordKey>>;
}

/** A zone before any event: nothing known. */
export function emptyZone(zoneId: string, zoneName?: string): ZoneState {
  const base = { zoneId, status: 'unknown' as const, rrsets: PMap<RecordKey, RrsetEntry>(), byName: PMap<string, PSet<RecordKey>>() };
  return Object.freeze(zoneName !== undefined ? { ...base, zoneName } : base);
}

/**
 * The record-set map and name index with `added` put in (existing keys kept
 * unless `replace`). One batch of path copies, whatever the number of entries.
 */
export function withEntries(state: Pick<ZoneState, 'rrsets' | 'byName'>, added: readonly RrsetEntry[], replace = true): Pick<ZoneState, 'rrsets' | 'byName'> {
  const rrsets = state.rrsets.asMutable();
  const byName = state.byName.asMutable();
  for (const e of added) {
    const key = recordKey(e.rrset);
    if (!replace && rrsets.has(key)) continue;
    rrsets.set(key, e);
    byName.update(e.rrset.name, PSet<RecordKey>(), (s) => s.add(key));
  }
  return { rrsets: rrsets.asImmutable(), byName: byName.asImmutable() };
}

/** The entries of a state, in no particular order. */
export function entries(state: ZoneState): IterableIterator<RrsetEntry> {
  return state.rrsets.values();
}
