/**
 * Differences → Route 53 ChangeBatch JSON for
 * `aws route53 change-resource-record-sets --change-batch file://…`.
 *
 * - DELETEs repeat the live set exactly as the export wrote it (Route 53
 *   requires a DELETE to match), UPSERTs replace changed sets, CREATEs add;
 * - the apex SOA is never touched; the apex NS only with `includeApexNs`,
 *   and then only with `force` (octoDNS-style safety rail);
 * - a plan that would delete or replace more than a third of the live zone
 *   is refused without `force`;
 * - split into several batches over Route 53's limits (1,000 ResourceRecord
 *   elements and 32,000 characters of values per request, an UPSERT
 *   counting twice; 4,000 characters per value; a name and type's writes
 *   never cut apart; a set too big to UPSERT becomes DELETE + CREATE, and
 *   one too big for any request is left out and reported), and ordered so Route 53
 *   accepts each: DELETEs first (aliases before their targets), then
 *   CREATE/UPSERT of plain sets, then aliases, targets before the aliases
 *   that point at them.
 */
import { recordKey, type RecordKey, type RecordSet } from '../model/record-set.js';
import { isWithin } from '../model/name.js';
import { toResourceRecordSet } from '../formats/route53-json.js';
import { field } from '../model/read-rrset.js';
import type { Difference } from './record-diff.js';

/** Route 53's per-request limits. */
export const LIMITS = { resourceRecords: 1000, valueChars: 32000, valueLength: 4000 } as const;

/** One change as the API takes it. */
export interface ApiChange {
  readonly Action: 'CREATE' | 'DELETE' | 'UPSERT';
  readonly ResourceRecordSet: Record<string, unknown>;
}

/** One ChangeBatch. */
export interface ApiChangeBatch {
  readonly Comment?: string;
  readonly Changes: ApiChange[];
}

/** Which way the batch goes. */
export type Direction =
  /** Turn the live zone into the snapshot (restore). */
  | 'restore'
  /** Turn the snapshot into the live zone. */
  | 'reverse';

/** What the planner needs besides the differences. */
export interface PlanOptions {
  readonly direction: Direction;
  readonly zoneName?: string;
  /** Sets as the live export wrote them, by key, so DELETEs match exactly. */
  readonly nativeLive?: ReadonlyMap<RecordKey, Record<string, unknown>>;
  /** Number of record sets in the zone the batch changes. */
  readonly targetSize: number;
  readonly includeApexNs?: boolean;
  readonly force?: boolean;
  readonly comment?: string;
}

/** The plan: batches, what was left out, and whether the safety rails refused it. */
export interface ChangePlan {
  readonly batches: ApiChangeBatch[];
  readonly skipped: { readonly key: RecordKey; readonly reason: string }[];
  /** Set when the plan is refused without --force; batches are still computed for review. */
  readonly refused?: string;
  readonly counts: { readonly create: number; readonly delete: number; readonly upsert: number };
}

interface PlannedChange {
  readonly action: ApiChange['Action'];
  readonly rrset: RecordSet;
  readonly api: Record<string, unknown>;
  /** For an UPSERT: the set it replaces, as a DELETE would repeat it. */
  readonly replaces?: Record<string, unknown>;
}

/** What a change counts against Route 53's limits: the values as sent (a DELETE repeats the export's spelling). */
function weight(c: Pick<PlannedChange, 'action' | 'api'>): { records: number; chars: number } {
  const records = field(c.api, 'resourceRecords');
  const values = Array.isArray(records) ? records.map((r) => field(r, 'value')) : [];
  const factor = c.action === 'UPSERT' ? 2 : 1;
  return { records: values.length * factor, chars: values.reduce((n: number, v) => n + (typeof v === 'string' ? v.length : 0), 0) * factor };
}

function total(unit: readonly Pick<PlannedChange, 'action' | 'api'>[]): { records: number; chars: number } {
  return unit.map(weight).reduce((s, x) => ({ records: s.records + x.records, chars: s.chars + x.chars }), { records: 0, chars: 0 });
}

function fits(w: { records: number; chars: number }): boolean {
  return w.records <= LIMITS.resourceRecords && w.chars <= LIMITS.valueChars;
}

/**
 * Route 53's refusals of one request over its limits, in its own words
 * ("Number of records limit of 1000 exceeded." — cli53 #248, external-dns
 * #2537; "RDATA character limit of 32000 exceeded." — external-dns #515),
 * counted as the planner counts its own batches.
 */
export function limitErrors(changes: readonly { readonly action: ApiChange['Action']; readonly api: Record<string, unknown> }[]): string[] {
  const w = total(changes);
  const errors: string[] = [];
  if (w.records > LIMITS.resourceRecords) errors.push(`Number of records limit of ${LIMITS.resourceRecords} exceeded.`);
  if (w.chars > LIMITS.valueChars) errors.push(`RDATA character limit of ${LIMITS.valueChars} exceeded.`);
  return errors;
}

/** Builds the change plan for differences between `from` (replay) and `to` (live). */
export function planChanges(diffs: readonly Difference[], options: PlanOptions): ChangePlan {
  const restore = options.direction === 'restore';
  const skipped: { key: RecordKey; reason: string }[] = [];
  const changes: PlannedChange[] = [];
  const native = (rs: RecordSet) => options.nativeLive?.get(recordKey(rs)) ?? toResourceRecordSet(rs);
  const current = (rs: RecordSet) => (restore ? native(rs) : toResourceRecordSet(rs));
  let touchesApexNs = false;
  for (const d of diffs) {
    const want = restore ? d.from : d.to; // the side the zone must become
    const have = restore ? d.to : d.from; // the side it is now
    if (d.apex) {
      const type = (d.from ?? d.to)!.type;
      if (type === 'SOA') {
        skipped.push({ key: d.key, reason: 'apex SOA: Route 53 manages it; never changed' });
        continue;
      }
      if (!options.includeApexNs) {
        skipped.push({ key: d.key, reason: 'apex NS: not changed unless --include-apex-ns (and --force)' });
        continue;
      }
      // A replay of a zone older than its logs may hold no apex NS: Route 53 refuses to delete it.
      if (want === undefined) {
        skipped.push({ key: d.key, reason: 'apex NS: a hosted zone must keep it; never deleted' });
        continue;
      }
      touchesApexNs = true;
    }
    const tooLong = want?.values?.find((v) => v.length > LIMITS.valueLength);
    if (tooLong !== undefined) {
      skipped.push({ key: d.key, reason: `a value is ${tooLong.length} characters, over Route 53's ${LIMITS.valueLength}` });
      continue;
    }
    if (want?.invalidValues !== undefined) {
      skipped.push({ key: d.key, reason: `values are redacted or invalid in the replay (${want.invalidValues.map((v) => v.reason).join('; ')}): cannot be written` });
      continue;
    }
    // A DELETE must repeat the set exactly: redacted values can only be repeated from the listing that holds them.
    if (want === undefined && have!.invalidValues !== undefined && !(restore && options.nativeLive?.has(d.key))) {
      skipped.push({ key: d.key, reason: `values are redacted or invalid in the replay (${have!.invalidValues.map((v) => v.reason).join('; ')}): a DELETE must repeat them exactly, so it cannot be written` });
      continue;
    }
    if (want === undefined) {
      changes.push({ action: 'DELETE', rrset: have!, api: current(have!) });
    } else if (have === undefined) {
      changes.push({ action: 'CREATE', rrset: want, api: toResourceRecordSet(want) });
    } else {
      changes.push({ action: 'UPSERT', rrset: want, api: toResourceRecordSet(want), replaces: current(have) });
    }
  }
  const ordered = orderChanges(changes, options.zoneName);
  const batches = splitBatches(fitUnits(groupWrites(ordered), skipped), options.comment);
  const counts = {
    create: changes.filter((c) => c.action === 'CREATE').length,
    delete: changes.filter((c) => c.action === 'DELETE').length,
    upsert: changes.filter((c) => c.action === 'UPSERT').length,
  };
  let refused: string | undefined;
  if (!options.force) {
    const destructive = counts.delete + counts.upsert;
    if (touchesApexNs) refused = 'the plan changes the apex NS record set; check the delegation and run again with --force';
    else if (options.targetSize > 0 && destructive * 3 > options.targetSize) {
      refused = `the plan deletes or replaces ${destructive} of the zone's ${options.targetSize} record sets (more than a third); review it and run again with --force`;
    }
  }
  return { batches, skipped, counts, ...(refused !== undefined ? { refused } : {}) };
}

/** DELETEs (aliases first), then plain CREATE/UPSERT, then aliases with their in-zone targets first. */
function orderChanges(changes: readonly PlannedChange[], zoneName: string | undefined): PlannedChange[] {
  const isAlias = (c: PlannedChange) => c.rrset.aliasTarget !== undefined;
  const deletes = changes.filter((c) => c.action === 'DELETE');
  const writes = changes.filter((c) => c.action !== 'DELETE');
  const aliasWrites = topoAliases(writes.filter(isAlias), zoneName);
  return [...deletes.filter(isAlias).reverse(), ...deletes.filter((c) => !isAlias(c)), ...writes.filter((c) => !isAlias(c)), ...aliasWrites];
}

/** Aliases pointing at other aliases of the same zone come after them. */
function topoAliases(aliases: readonly PlannedChange[], zoneName: string | undefined): PlannedChange[] {
  const byName = new Map<string, PlannedChange[]>();
  for (const a of aliases) byName.set(a.rrset.name, [...(byName.get(a.rrset.name) ?? []), a]);
  const done = new Set<PlannedChange>();
  const visiting = new Set<PlannedChange>();
  const out: PlannedChange[] = [];
  const visit = (a: PlannedChange) => {
    if (done.has(a) || visiting.has(a)) return;
    visiting.add(a);
    const target = a.rrset.aliasTarget!.dnsName;
    if (zoneName === undefined || isWithin(target, zoneName)) {
      for (const t of byName.get(target) ?? []) if (t !== a) visit(t);
    }
    visiting.delete(a);
    done.add(a);
    out.push(a);
  };
  aliases.forEach(visit);
  return out;
}

/**
 * The units a split may not cut: each DELETE alone, and all the writes of one
 * name and type together, at the place of the last of them. Route 53 checks
 * a group's routing policy (and CNAME exclusivity) after each request, so a
 * weighted group UPSERTed to latency and cut in two leaves a request that
 * mixes policies and is rejected. Placing a group at its last member keeps
 * alias targets before their aliases (plain writes all precede alias ones).
 */
function groupWrites(ordered: readonly PlannedChange[]): PlannedChange[][] {
  const nameType = (c: PlannedChange) => `${c.rrset.name} ${c.rrset.type}`;
  const last = new Map<string, number>();
  ordered.forEach((c, i) => {
    if (c.action !== 'DELETE') last.set(nameType(c), i);
  });
  const pending = new Map<string, PlannedChange[]>();
  const units: PlannedChange[][] = [];
  ordered.forEach((c, i) => {
    if (c.action === 'DELETE') return void units.push([c]);
    const k = nameType(c);
    const group = [...(pending.get(k) ?? []), c];
    if (last.get(k) === i) units.push(group);
    else pending.set(k, group);
  });
  return units;
}

/**
 * Units too big for one request on their own. An UPSERT counts its values
 * twice, so a set of 16,001 to 32,000 characters can be created but not
 * UPSERTed: it becomes DELETE + CREATE in one request (as atomic), when that
 * fits. Anything else over the limits is left out and reported, not written
 * as a request Route 53 would refuse.
 */
function fitUnits(units: readonly PlannedChange[][], skipped: { key: RecordKey; reason: string }[]): PlannedChange[][] {
  const out: PlannedChange[][] = [];
  for (const unit of units) {
    const w = total(unit);
    if (fits(w)) {
      out.push(unit);
      continue;
    }
    const only = unit.length === 1 ? unit[0]! : undefined;
    if (only?.action === 'UPSERT' && only.replaces !== undefined) {
      const pair: PlannedChange[] = [
        { action: 'DELETE', rrset: only.rrset, api: only.replaces },
        { action: 'CREATE', rrset: only.rrset, api: only.api },
      ];
      if (fits(total(pair))) {
        out.push(pair);
        continue;
      }
    }
    const over = `${w.records} ResourceRecord elements and ${w.chars} characters of values${unit.some((c) => c.action === 'UPSERT') ? ' (an UPSERT counting twice)' : ''}`;
    const why = unit.length > 1 ? `its name and type's ${unit.length} changes, which must go in one request, need ${over}` : `the change needs ${over}`;
    for (const c of unit) skipped.push({ key: recordKey(c.rrset), reason: `${why}, over Route 53's ${LIMITS.resourceRecords} and ${LIMITS.valueChars} per request` });
  }
  return out;
}

function splitBatches(units: readonly PlannedChange[][], comment: string | undefined): ApiChangeBatch[] {
  const batches: ApiChangeBatch[] = [];
  let current: ApiChange[] = [];
  let records = 0;
  let chars = 0;
  const flush = () => {
    if (current.length === 0) return;
    batches.push(comment !== undefined ? { Comment: comment, Changes: current } : { Changes: current });
    current = [];
    records = 0;
    chars = 0;
  };
  for (const unit of units) {
    const w = total(unit);
    if (current.length > 0 && (records + w.records > LIMITS.resourceRecords || chars + w.chars > LIMITS.valueChars)) flush();
    for (const c of unit) current.push({ Action: c.action, ResourceRecordSet: c.api });
    records += w.records;
    chars += w.chars;
  }
  flush();
  if (comment !== undefined && batches.length > 1) {
    return batches.map((b, i) => ({ Comment: `${comment} (${i + 1}/${batches.length})`, Changes: b.Changes }));
  }
  return batches;
}
