/**
 * Route 53's ChangeResourceRecordSets rules, applied to a batch.
 *
 * The batch is atomic: changes are applied in order to a working copy, every
 * failure is collected (Route 53 returns them together), and if any change
 * fails nothing is applied. Messages follow Route 53's own texts where they
 * are known (see docs/ROUTE53-RULES in the README).
 *
 * Where the replay cannot know the prior state — the zone's creation is not
 * in the logs — a DELETE of an unknown set is evidence that the set existed
 * before the logs begin, and is accepted as such instead of rejected. After a
 * gap (records changed without a readable change list) it is accepted too,
 * as evidence of less: the set existed since that gap, which may have
 * created it. So are, after a gap, a CREATE of a set the logs show and a
 * DELETE naming other values than they show: the gap may have deleted or
 * changed it. Rules that hold whatever the zone
 * holds (the apex's SOA and NS, names, TTLs) still refuse.
 */
import type { Change, Provenance } from '../events/types.js';
import {
  CONTENT_FIELDS,
  changedFields,
  recordKey,
  sameJson,
  type ContentField,
  type RecordKey,
  type RecordSet,
} from '../model/record-set.js';
import { isWithin } from '../model/name.js';
import { bareZoneId } from '../model/read-rrset.js';
import { groupConflicts, mixedPolicyErrors, routingProblem, writtenIndex } from './routing-groups.js';
import { countAt, KeyCache, keysAt, putEntry, removeEntry, type RrsetEntry, type Tables, type ZoneState } from './state.js';

/** One change as it was applied. */
export interface AppliedChange {
  readonly action: Change['action'];
  readonly key: RecordKey;
  readonly before?: RrsetEntry;
  readonly after?: RrsetEntry;
}

/** Something the replay noticed while applying a batch. */
export interface Finding {
  readonly kind: 'inferred' | 'possibly-replaced' | 'unverifiable-create' | 'unverifiable-delete' | 'unverifiable-alias' | 'anomaly';
  readonly key?: RecordKey;
  readonly message: string;
  /**
   * For a DELETE of a set not seen ('inferred', or 'unverifiable-delete' after a gap): the set it names,
   * which existed before the logs or, after a gap, since `since` (replay.ts decides whether it is proved).
   */
  readonly rrset?: RecordSet;
  /** After a gap: that gap (the zone's last). The set is known from it on only: the gap may have made it. */
  readonly since?: Provenance;
}

/** The result of applying a batch to a zone. */
export type BatchResult =
  | { readonly ok: true; readonly rrsets: ZoneState['rrsets']; readonly byName: ZoneState['byName']; readonly applied: readonly AppliedChange[]; readonly findings: readonly Finding[] }
  | { readonly ok: false; readonly errors: readonly string[] };

function describe(rs: RecordSet): string {
  return `[name='${rs.name}', type='${rs.type}'${rs.setIdentifier !== undefined ? `, set-identifier='${rs.setIdentifier}'` : ''}]`;
}

/**
 * True when a DELETE's set matches the current one as Route 53 requires:
 * values (as a set), TTL and alias target exactly; routing fields when the
 * request gives them (Terraform omits MultiValueAnswer, and Route 53 accepts it).
 */
export function deleteMatches(current: RecordSet, requested: RecordSet): boolean {
  const must: ContentField[] = ['ttl', 'values', 'aliasTarget'];
  for (const f of CONTENT_FIELDS) {
    const required = must.includes(f) || requested[f] !== undefined;
    if (required && !sameJson(current[f], requested[f])) return false;
  }
  return true;
}

function entriesAt(w: Tables, name: string): RrsetEntry[] {
  const out: RrsetEntry[] = [];
  for (const k of keysAt(w.byName, name)) {
    const e = w.rrsets.get(k);
    if (e !== undefined) out.push(e);
  }
  return out;
}

function setsAt(w: Tables, name: string): RecordSet[] {
  return entriesAt(w, name).map((e) => e.rrset);
}

/** Route 53's TTL range (the API model's constraint on TTL: 0 to 2^31 - 1). */
export const MAX_TTL = 2147483647;
/** Route 53's Weight range (the API model's ResourceRecordSetWeight: 0 to 255; boto/botocore route53 service-2.json). */
export const MAX_WEIGHT = 255;

/** One violation of the request's own validation (InvalidInput): a number out of range; `index` counts from 0, members from 1. */
function rangeViolation(value: number, member: string, index: number, max: number): string {
  const bound = value < 0 ? 'greater than or equal to 0' : `less than or equal to ${max}`;
  return `Value '${value}' at 'changeBatch.changes.${index + 1}.member.resourceRecordSet.${member}' failed to satisfy constraint: Member must have value ${bound}`;
}

/**
 * The request's validation message, as AWS words it for any number of
 * violations: `2 validation errors detected: Value … ; Value …`. Route 53
 * answers with it alone: the request is refused before the zone is read.
 */
function validationMessage(violations: readonly string[]): string {
  return `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

/** Checks that only depend on the change itself and the zone's name; `index` counts from 0. */
function checkSet(action: Change['action'], rs: RecordSet, index: number, zoneName: string | undefined, suffix: string, errors: string[], violations: string[]): void {
  // endsWith(suffix) first: isWithin builds '.' + zone on every call.
  if (zoneName !== undefined && !rs.name.endsWith(suffix) && !isWithin(rs.name, zoneName)) {
    errors.push(`RRSet with DNS name ${rs.name} is not permitted in zone ${zoneName}`);
  }
  if (zoneName !== undefined && rs.type === 'CNAME' && rs.name === zoneName) {
    errors.push(`RRSet of type CNAME with DNS name ${rs.name} is not permitted at apex in zone ${zoneName}`);
  }
  // A set is an alias, TTL and values, or a traffic policy instance's (a DELETE may name it by that alone).
  const records = rs.ttl !== undefined && rs.values !== undefined && rs.values.length > 0;
  if (rs.aliasTarget === undefined && !records && rs.trafficPolicyInstanceId === undefined) {
    errors.push(`Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=${action}, Name=${rs.name}, Type=${rs.type}, SetIdentifier=${rs.setIdentifier ?? 'null'}]`);
  }
  // API reference, ResourceRecordSet.Name: "You can't use the * wildcard for resource records sets that have a type of NS."
  if (rs.type === 'NS' && action !== 'DELETE' && rs.name.startsWith('\\052.')) {
    errors.push(`RRSet of type NS with DNS name ${rs.name} is not permitted: the * wildcard cannot be used for NS records`);
  }
  // The request's own validation (InvalidInput), before Route 53 looks at the zone. The TTL's words are
  // quoted in public code (a stub of InvalidInput); the Weight's are ours, by analogy with them.
  if (rs.ttl !== undefined && (rs.ttl < 0 || rs.ttl > MAX_TTL)) violations.push(rangeViolation(rs.ttl, 'tTL', index, MAX_TTL));
  if (rs.weight !== undefined && (rs.weight < 0 || rs.weight > MAX_WEIGHT)) violations.push(rangeViolation(rs.weight, 'weight', index, MAX_WEIGHT));
}

/** What checkName needs of the batch: its changes, where each set it wrote stands in it, the zone's last gap. */
interface BatchView {
  readonly changes: readonly Change[];
  /** The index of the change that wrote `rs` (CREATE or UPSERT), or -1 for a set from before the batch. */
  readonly writtenAt: (rs: RecordSet) => number;
  readonly gapBy: Provenance | undefined;
}

/**
 * Checks on a name after the batch: CNAME exclusivity, one routing policy
 * per name and type, the slots of a routing group (routing-groups.ts).
 */
function checkName(w: Tables, name: string, zoneName: string | undefined, batch: BatchView, errors: string[], findings: Finding[]): void {
  // One set at a name cannot conflict with anything (the common case, kept cheap).
  if (countAt(w.byName, name) <= 1) return;
  const entries = entriesAt(w, name);
  const sets = entries.map((e) => e.rrset);
  const types = new Set(sets.map((s) => s.type));
  // Both sets of a clash are in the logs (or proved by them), so it is evidence even in a zone older than the
  // logs; only a gap since the older one was written may have changed it unseen (then noted, not refused).
  const clash = (message: string, set: RecordSet, others: readonly RecordSet[]): void => {
    const gap = batch.gapBy;
    const unseen = gap === undefined ? undefined : others.find((o) => mayDifferUnseen(entries.find((e) => e.rrset === o)!, gap));
    if (gap === undefined || unseen === undefined) errors.push(message);
    else findings.push({ kind: 'anomaly', key: recordKey(set), message: `${message}: Route 53 refuses that, yet the call succeeded; ${gap.eventName} at ${gap.eventTime} may have changed ${describe(unseen)} unseen` });
  };
  // The set the batch wrote among `group` (else the first), and those from before the batch.
  const writtenAmong = (group: readonly RecordSet[]) => group.find((s) => batch.writtenAt(s) >= 0) ?? group[0]!;
  const before = (group: readonly RecordSet[]) => group.filter((s) => batch.writtenAt(s) < 0);
  // Route 53's own words; a zone whose name is not (yet) known is "the zone".
  const inZone = zoneName !== undefined ? `in zone ${zoneName}` : 'in the zone';
  if (types.has('CNAME') && types.size > 1) {
    clash(`RRSet of type CNAME with DNS name ${name} is not permitted as it conflicts with other records with the same DNS name ${inZone}`, writtenAmong(sets), before(sets));
  }
  for (const type of types) {
    const group = sets.filter((s) => s.type === type);
    if (group.length < 2) continue;
    const mixed = mixedPolicyErrors(group, batch.changes);
    if (mixed.length > 0) {
      for (const message of mixed) clash(message, writtenAmong(group), before(group));
    } else {
      for (const c of groupConflicts(group, batch.writtenAt)) clash(c.message, c.set, c.others);
    }
  }
}

/**
 * Whether a set may no longer be what the tables hold: it was written before
 * the zone's last gap. A set proved to exist before the logs is not: a batch
 * it would make Route 53 refuse disproves it instead (replay.ts).
 */
function mayDifferUnseen(entry: RrsetEntry, gapBy: Provenance): boolean {
  return entry.origin !== 'inferred' && entry.setBy.timeMs <= gapBy.timeMs;
}

/** What a batch did, when Route 53 accepts it. */
export interface Applied {
  readonly applied: readonly AppliedChange[];
  readonly findings: readonly Finding[];
}

/**
 * Applies a batch with Route 53's rules. `lenient` is true when the zone's
 * prior state is unknown (its creation is not in the logs).
 */
export function applyBatch(state: ZoneState, changes: readonly Change[], by: Provenance, lenient: boolean): BatchResult {
  // Mutable copies for the batch: one path copy per touched node instead of one per change.
  const w: Tables = { rrsets: state.rrsets.asMutable(), byName: state.byName.asMutable() };
  const r = applyInPlace(w, state, changes, by, lenient, new KeyCache());
  if (!('applied' in r)) return r;
  return { ok: true, rrsets: w.rrsets.asImmutable(), byName: w.byName.asImmutable(), applied: r.applied, findings: r.findings };
}

/**
 * applyBatch on tables edited in place (mutable maps). When the batch is
 * rejected the tables are left half-changed: the caller restores them.
 */
export function applyInPlace(w: Tables, state: Pick<ZoneState, 'zoneId' | 'zoneName' | 'status' | 'gapBy'>, changes: readonly Change[], by: Provenance, lenient: boolean, keys: KeyCache): Applied | { readonly ok: false; readonly errors: readonly string[] } {
  const errors: string[] = [];
  const violations: string[] = [];
  const findings: Finding[] = [];
  const applied: AppliedChange[] = [];
  const touched = new Set<string>();
  const zoneName = state.zoneName;
  const suffix = '.' + (zoneName ?? '');
  let aliases: { rs: RecordSet; key: RecordKey }[] | undefined;
  // The apex SOA and NS the batch deletes: a zone holds both, seen by the logs or not, so both must be there after it.
  let apexDeleted: { soa: boolean; ns: boolean } | undefined;
  // A gap in the zone (while it exists, or before the logs showed its creation): a set's presence or content
  // in the tables proves nothing to refuse on, and a DELETE of an unseen set proves it only since the gap.
  const changedUnseen = state.status !== 'deleted' ? state.gapBy : undefined;
  for (let index = 0; index < changes.length; index++) {
    const change = changes[index]!;
    const rs = change.rrset;
    const known = keys.of(rs.name);
    const key = known.key(rs);
    const name = known.name;
    if (change.action === 'DELETE' && name === zoneName && (rs.type === 'SOA' || rs.type === 'NS')) (apexDeleted ??= { soa: false, ns: false })[rs.type === 'SOA' ? 'soa' : 'ns'] = true;
    const current = w.rrsets.get(key);
    checkSet(change.action, rs, index, zoneName, suffix, errors, violations);
    // An alias to a set of this very zone: its target is checked once the batch is applied.
    if (rs.aliasTarget !== undefined && change.action !== 'DELETE' && bareZoneId(rs.aliasTarget.hostedZoneId) === state.zoneId) (aliases ??= []).push({ rs, key });
    // Route 53 refuses it, so a logged success says the log, or this reader of routing fields, is wrong: noted, not rejected.
    const routing = routingProblem(change.action, rs);
    if (routing !== undefined) findings.push({ kind: 'anomaly', key, message: `${routing}: Route 53 refuses that, yet the call succeeded` });
    // A name that never had a second key cannot conflict (checked after this change's key is known).
    if (!(keys.seesEveryKey && known.lone && name !== zoneName)) touched.add(name);
    switch (change.action) {
      case 'CREATE': {
        if (current !== undefined && changedUnseen === undefined) {
          errors.push(`Tried to create resource record set ${describe(rs)} but it already exists`);
          break;
        }
        if (current !== undefined) findings.push({ kind: 'unverifiable-create', key, message: `CREATE of ${describe(rs)}, which the logs show existing: ${changedUnseen!.eventName} at ${changedUnseen!.eventTime} changed records the logs do not show, and may have deleted it` });
        const after: RrsetEntry = { rrset: rs, origin: 'logged', setBy: by, action: 'CREATE' };
        putEntry(w, key, name, after, current !== undefined);
        applied.push(current !== undefined ? { action: 'CREATE', key, before: current, after } : { action: 'CREATE', key, after });
        break;
      }
      case 'UPSERT': {
        if (current === undefined && lenient) {
          // In a zone older than the logs, a gap since may have made the set too.
          const gap = changedUnseen === undefined ? undefined : `${changedUnseen.eventName} at ${changedUnseen.eventTime} made unseen`;
          const unseen = gap === undefined ? 'a set from before the logs' : state.status === 'exists' ? `a set ${gap}` : `a set from before the logs or one ${gap}`;
          findings.push({ kind: 'possibly-replaced', key, message: `UPSERT of ${describe(rs)}, not seen before: it may have replaced ${unseen}` });
        }
        const after: RrsetEntry = { rrset: rs, origin: 'logged', setBy: by, action: 'UPSERT' };
        putEntry(w, key, name, after, current !== undefined);
        applied.push(current !== undefined ? { action: 'UPSERT', key, before: current, after } : { action: 'UPSERT', key, after });
        break;
      }
      case 'DELETE':
        if (current === undefined) {
          if (lenient && state.status === 'deleted') {
            // Logged after the zone's deletion (itself an anomaly): it proves nothing about the time before the logs.
            findings.push({ kind: 'unverifiable-delete', key, message: `DELETE of ${describe(rs)}, not seen before, logged after the zone was deleted: nothing is known of that set` });
            applied.push({ action: 'DELETE', key });
          } else if (changedUnseen !== undefined) {
            // The set was there when deleted, as named (Route 53 requires the exact set), but the gap may have
            // created it: whether the zone's creation is in the logs or not, it is known from the gap on only.
            // replay.ts takes it as such when no change since the gap touched it (then this finding goes away).
            const gap = changedUnseen;
            findings.push({ kind: 'unverifiable-delete', key, rrset: rs, since: gap, message: `DELETE of ${describe(rs)}, not seen before: ${gap.eventName} at ${gap.eventTime} changed records the logs do not show, and may have created it` });
            applied.push({ action: 'DELETE', key });
          } else if (lenient) {
            findings.push({ kind: 'inferred', key, rrset: rs, message: `DELETE of ${describe(rs)}, not seen before: it existed before the logs begin` });
            applied.push({ action: 'DELETE', key });
          } else {
            errors.push(`Tried to delete resource record set ${describe(rs)} but it was not found`);
          }
          break;
        }
        if (!deleteMatches(current.rrset, rs)) {
          if (current.rrset.invalidValues !== undefined || rs.invalidValues !== undefined) {
            findings.push({ kind: 'unverifiable-delete', key, message: `DELETE of ${describe(rs)}: values are redacted or invalid, so the match Route 53 requires cannot be checked (${changedFields(current.rrset, rs).join(', ')})` });
          } else if (changedUnseen !== undefined) {
            findings.push({ kind: 'unverifiable-delete', key, message: `DELETE of ${describe(rs)}, whose ${changedFields(current.rrset, rs).join(', ')} differ from what the logs show: ${changedUnseen.eventName} at ${changedUnseen.eventTime} changed records the logs do not show, and may have changed it` });
          } else {
            errors.push(`Tried to delete resource record set ${describe(rs)} but the values provided do not match the current values`);
            break;
          }
        }
        removeEntry(w, key, name);
        applied.push({ action: 'DELETE', key, before: current });
        break;
    }
  }
  for (const a of aliases ?? []) checkAliasTarget(w, a.rs, a.key, state, lenient, errors, findings);
  const names = touched.size === 1 ? touched : [...touched].sort();
  let written: Map<RecordSet, number> | undefined;
  const batch: BatchView = { changes, writtenAt: (rs) => (written ??= writtenIndex(changes)).get(rs) ?? -1, gapBy: state.gapBy };
  for (const name of names) checkName(w, name, zoneName, batch, errors, findings);
  // Not after the zone's deletion: a change logged then is applied as logged (see appliedOutcome).
  if (zoneName !== undefined && state.status !== 'deleted' && apexDeleted !== undefined) checkApex(apexDeleted, w, zoneName, errors);
  if (violations.length > 0) return { ok: false, errors: [validationMessage(violations)] };
  if (errors.length > 0) return { ok: false, errors: [...new Set(errors)] };
  return { applied, findings };
}

/**
 * Puts applied changes into tables edited in place: the same edits, in the
 * same order, as applyInPlace made (so the maps come out the same).
 */
export function redo(w: Tables, applied: readonly AppliedChange[]): void {
  for (const c of applied) {
    if (c.after !== undefined) putEntry(w, c.key, c.after.rrset.name, c.after, c.before !== undefined);
    else if (c.before !== undefined) removeEntry(w, c.key, c.before.rrset.name);
  }
}

/**
 * An alias to a set of its own zone (AliasTarget.HostedZoneId is the zone's
 * id): the target name must lie within the zone and, once the batch is
 * applied, a set of the alias's type must exist at it. Route 53's words
 * (barnybug/cli53 #213 and #227, harmony-one/harmony-ops #491,
 * rust-lang/simpleinfra #907). When the zone's sets may be unknown (older
 * than the logs, after a gap), a missing target is noted, not refused.
 */
function checkAliasTarget(w: Tables, rs: RecordSet, key: RecordKey, state: Pick<ZoneState, 'zoneId' | 'zoneName' | 'status' | 'gapBy'>, lenient: boolean, errors: string[], findings: Finding[]): void {
  const target = rs.aliasTarget!.dnsName;
  const where = `Tried to create an alias that targets ${target}, type ${rs.type} in zone ${state.zoneId}`;
  if (state.zoneName !== undefined && !isWithin(target, state.zoneName)) {
    errors.push(`${where}, but the alias target name does not lie within the target zone`);
    return;
  }
  // A later change of the batch replaced or deleted the alias: that one is what stands.
  if (w.rrsets.get(key)?.rrset !== rs) return;
  if (setsAt(w, target).some((s) => s.type === rs.type)) return;
  if (lenient) findings.push({ kind: 'unverifiable-alias', key, message: `alias ${describe(rs)} targets ${target}, type ${rs.type}, not seen in the zone: it may have existed before the logs, or come from a gap` });
  else errors.push(`${where}, but that target was not found`);
}

function apexTypes(w: Tables, zoneName: string): { soa: boolean; ns: boolean } {
  const sets = setsAt(w, zoneName);
  return { soa: sets.some((s) => s.type === 'SOA'), ns: sets.some((s) => s.type === 'NS') };
}

/** A zone must keep exactly one SOA and at least one NS at its apex: what the batch deleted, it must have written back. */
function checkApex(deleted: { soa: boolean; ns: boolean }, w: Tables, zoneName: string, errors: string[]): void {
  const after = apexTypes(w, zoneName);
  if (deleted.soa && !after.soa) errors.push('A HostedZone must contain exactly one SOA record.');
  if (deleted.ns && !after.ns) errors.push('A HostedZone must contain at least one NS record for the zone itself.');
}
