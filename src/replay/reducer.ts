/**
 * The pure reducer: (ZoneState, Route53Event) → ZoneState, with an outcome
 * that says what happened. Returning the same state object when nothing
 * changed (failed call, rejected batch, gap) makes "no-op" cheap to detect.
 */
import { produce } from 'immer';
import type { Provenance, Route53Event } from '../events/types.js';
import { canonicalValue } from '../model/rdata.js';
import { recordKey, type RecordSet } from '../model/record-set.js';
import { applyBatch, type Applied, type AppliedChange, type Finding } from './rules.js';
import { historyUnknown, withEntries, type RrsetEntry, type ZoneState } from './state.js';

/** What one event did to a zone. */
export type Outcome =
  | { readonly kind: 'applied'; readonly changes: readonly AppliedChange[]; readonly findings: readonly Finding[] }
  /** Route 53 would have refused the batch (or the log contradicts itself): nothing applied. */
  | { readonly kind: 'rejected'; readonly reasons: readonly string[] }
  /** The call failed (errorCode): never applied. */
  | { readonly kind: 'failed'; readonly code: string; readonly message?: string }
  /**
   * Records changed without a readable change list. `proved`: sets a later DELETE proves the zone held
   * from this gap on (see ReplayEvent), put in the state after it.
   */
  | { readonly kind: 'gap'; readonly reason: string; readonly proved?: readonly RrsetEntry[] }
  /** Nothing to replay (read-only or unrelated call). */
  | { readonly kind: 'none'; readonly findings: readonly Finding[] };

/**
 * An event as the replay applies it. A gap may carry `proved`: the sets a later DELETE of a set the
 * logs never showed proves the zone held since that gap (the last before the DELETE), made by it or
 * older. replay.ts derives them from a first pass and hands them to the gap's step, so reduce(), the
 * cursor and every rebuild put them in at the same point.
 */
export type ReplayEvent = Route53Event & { readonly proved?: readonly RrsetEntry[] };

/** A state and what the event did. */
export interface Step {
  readonly state: ZoneState;
  readonly outcome: Outcome;
}

/** Default SOA values of a new zone (Route 53 never bumps the serial). */
export const DEFAULT_SOA_TAIL = 'awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400';
/** Default TTLs of the records Route 53 creates with a zone. */
export const DEFAULT_NS_TTL = 172800;
export const DEFAULT_SOA_TTL = 900;
/** Name servers Route 53 shows for private zones (no delegation set in the response). */
export const PRIVATE_ZONE_NAME_SERVERS = ['ns-0.awsdns-00.com.', 'ns-512.awsdns-00.net.', 'ns-1024.awsdns-00.org.', 'ns-1536.awsdns-00.co.uk.'];

/** The apex SOA and NS Route 53 creates with a zone, from the response's delegation set. */
export function defaultApexSets(zoneName: string, nameServers: readonly string[], privateZone: boolean): RecordSet[] {
  const servers = nameServers.length > 0 ? [...nameServers] : privateZone ? PRIVATE_ZONE_NAME_SERVERS : [];
  if (servers.length === 0) return [];
  const primary = privateZone && nameServers.length === 0 ? 'ns-1536.awsdns-00.co.uk.' : servers[0]!;
  const ns = servers.map((s) => canonicalValue('NS', s).value).sort();
  const soa = canonicalValue('SOA', `${primary} ${DEFAULT_SOA_TAIL}`).value;
  return [
    { name: zoneName, type: 'NS', ttl: DEFAULT_NS_TTL, values: ns },
    { name: zoneName, type: 'SOA', ttl: DEFAULT_SOA_TTL, values: [soa] },
  ];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** immer's produce over a ZoneState; the persistent maps inside are plain values to immer. */
function update(state: ZoneState, recipe: (draft: Mutable<ZoneState>) => void): ZoneState {
  return produce(state, (draft) => {
    recipe(draft as unknown as Mutable<ZoneState>);
  });
}

function anomaly(message: string): Finding {
  return { kind: 'anomaly', message };
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/** The outcome of an accepted batch (with the anomaly of a change after the zone's deletion). */
export function appliedOutcome(state: ZoneState, p: Provenance, result: Applied): Outcome {
  if (state.status === 'deleted') {
    const late = anomaly(`change logged as successful at ${p.eventTime} after the zone's deletion at ${state.deletedBy?.eventTime ?? '?'}: Route 53 would have answered NoSuchHostedZone; applied as logged, the order of these events is doubtful`);
    return { kind: 'applied', changes: result.applied, findings: [late, ...result.findings] };
  }
  return { kind: 'applied', changes: result.applied, findings: result.findings.length > 0 ? result.findings : NO_FINDINGS };
}

/**
 * The state after an accepted batch: new tables, and a deleted zone exists
 * again. Frozen like immer would (same object when nothing changed), without
 * its proxies on the hot path.
 */
export function withTables(state: ZoneState, rrsets: ZoneState['rrsets'], byName: ZoneState['byName']): ZoneState {
  if (rrsets === state.rrsets && byName === state.byName && state.status !== 'deleted') return state;
  return Object.freeze(state.status === 'deleted' ? { ...state, rrsets, byName, status: 'exists' as const } : { ...state, rrsets, byName });
}

/**
 * Applies one event to one zone. Pure: the input state is never changed; the
 * result is frozen (immer) and shares all unchanged record sets with it.
 */
export function reduce(state: ZoneState, event: ReplayEvent): Step {
  const p = event.provenance;
  if (event.error !== undefined) {
    const failed: Outcome = event.error.message !== undefined ? { kind: 'failed', code: event.error.code, message: event.error.message } : { kind: 'failed', code: event.error.code };
    return { state, outcome: failed };
  }
  const action = event.action;
  switch (action.kind) {
    case 'create-zone':
      return createZone(state, p, action.zoneName, action.nameServers, action.privateZone);
    case 'delete-zone':
      return deleteZone(state, p);
    case 'change-rrsets': {
      const result = applyBatch(state, action.changes, p, historyUnknown(state));
      if (!result.ok) return { state, outcome: { kind: 'rejected', reasons: result.errors } };
      return { state: withTables(state, result.rrsets, result.byName), outcome: appliedOutcome(state, p, result) };
    }
    case 'gap': {
      // Records changed unseen: later changes are judged without the certainty of a complete history.
      const proved = event.proved;
      if (proved === undefined || proved.length === 0) return { state: update(state, (d) => void (d.gapBy = p)), outcome: { kind: 'gap', reason: action.reason } };
      // Sets a later DELETE proves were there from this gap on (never replacing one the tables hold).
      const sets = withEntries(state, proved, false);
      const next = update(state, (d) => {
        d.gapBy = p;
        d.rrsets = sets.rrsets;
        d.byName = sets.byName;
      });
      return { state: next, outcome: { kind: 'gap', reason: action.reason, proved } };
    }
    case 'zone-name':
      if (state.zoneName === undefined) {
        return { state: update(state, (d) => void (d.zoneName = action.zoneName)), outcome: { kind: 'none', findings: [] } };
      }
      if (state.zoneName !== action.zoneName) {
        return { state, outcome: { kind: 'none', findings: [anomaly(`${p.eventName} names the zone ${action.zoneName}, but it was ${state.zoneName}`)] } };
      }
      return { state, outcome: { kind: 'none', findings: [] } };
    case 'other':
      return { state, outcome: { kind: 'none', findings: [] } };
  }
}

function createZone(state: ZoneState, p: Provenance, zoneName: string | undefined, nameServers: readonly string[], privateZone: boolean): Step {
  const findings: Finding[] = [];
  if (state.status === 'exists') findings.push(anomaly(`CreateHostedZone at ${p.eventTime} for a zone that already exists (created ${state.createdBy?.eventTime ?? 'before the logs'})`));
  if (state.rrsets.size > 0 && state.status === 'unknown') {
    findings.push(anomaly(`${state.rrsets.size} record set(s) were changed before the zone's creation at ${p.eventTime}: the events' times or order are doubtful`));
  }
  const name = zoneName ?? state.zoneName;
  if (zoneName !== undefined && state.zoneName !== undefined && zoneName !== state.zoneName) {
    findings.push(anomaly(`CreateHostedZone names the zone ${zoneName}, but other events said ${state.zoneName}`));
  }
  const synthesized: RrsetEntry[] =
    name === undefined
      ? []
      : defaultApexSets(name, nameServers, privateZone)
          .filter((rs) => !state.rrsets.has(recordKey(rs)))
          .map((rrset) => ({ rrset, origin: 'synthesized' as const, setBy: p, action: 'CreateHostedZone' as const }));
  const sets = withEntries(state, synthesized);
  const next = update(state, (d) => {
    d.status = 'exists';
    d.createdBy = p;
    delete d.gapBy;
    if (name !== undefined) d.zoneName = name;
    d.rrsets = sets.rrsets;
    d.byName = sets.byName;
  });
  const changes: AppliedChange[] = synthesized.map((after) => ({ action: 'CREATE', key: recordKey(after.rrset), after }));
  return { state: next, outcome: { kind: 'applied', changes, findings } };
}

function deleteZone(state: ZoneState, p: Provenance): Step {
  const findings: Finding[] = [];
  if (state.status === 'deleted') {
    return { state, outcome: { kind: 'rejected', reasons: [`the zone was already deleted at ${state.deletedBy?.eventTime ?? '?'}`] } };
  }
  const leftover = [...state.rrsets.values()].filter((e) => !(e.rrset.name === state.zoneName && (e.rrset.type === 'SOA' || e.rrset.type === 'NS')));
  if (leftover.length > 0) {
    findings.push(anomaly(`zone deleted at ${p.eventTime} while the logs say it still held ${leftover.length} record set(s) besides SOA and NS (Route 53 refuses that with HostedZoneNotEmpty): changes are missing from the logs`));
  }
  const changes: AppliedChange[] = [...state.rrsets.entries()].map(([key, before]) => ({ action: 'DELETE', key, before }));
  const next = update(state, (d) => {
    d.status = 'deleted';
    d.deletedBy = p;
    d.rrsets = state.rrsets.clear();
    d.byName = state.byName.clear();
  });
  return { state: next, outcome: { kind: 'applied', changes, findings } };
}
