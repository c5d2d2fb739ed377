/**
 * The simulator's own Route 53: one Map of record sets per hosted zone, with
 * the service's batch rules (atomic batches, CREATE of an existing set,
 * DELETE that must match, CNAME exclusivity). It is the oracle the ground
 * truth comes from, written apart from zone-replay's replay on purpose.
 */
import { canonicalName, canonicalValue, compareRecordSets, isWithin, recordKey, stableJson } from '../model/index.js';
import type { Json } from './actors.js';

/** Route 53 AliasTarget, canonical dnsName. */
export interface SimAlias {
  readonly hostedZoneId: string;
  readonly dnsName: string;
  readonly evaluateTargetHealth: boolean;
}

/** A record set as the simulator holds it: canonical name and values, values in the order sent. */
export interface SimSet {
  readonly name: string;
  readonly type: string;
  readonly setIdentifier?: string;
  readonly weight?: number;
  readonly multiValueAnswer?: boolean;
  readonly ttl?: number;
  readonly values?: readonly string[];
  readonly aliasTarget?: SimAlias;
}

/** A change action. */
export type ChangeAction = 'CREATE' | 'DELETE' | 'UPSERT';

/** One change of a batch; `spelled` is the name as the caller wrote it. */
export interface SimChange {
  readonly action: ChangeAction;
  readonly set: SimSet;
  readonly spelled: string;
}

/** The record sets of one zone, by key. */
export type ZoneSets = Map<string, SimSet>;

/** Fields of a set before canonicalization. */
export interface SetInput {
  name: string;
  type: string;
  setIdentifier?: string;
  weight?: number;
  multiValueAnswer?: boolean;
  ttl?: number;
  values?: readonly string[];
  aliasTarget?: SimAlias;
}

/** Builds a canonical set; throws if a value has no canonical form (a generator bug). */
export function makeSet(input: SetInput): SimSet {
  const out: { -readonly [K in keyof SimSet]: SimSet[K] } = { name: canonicalName(input.name), type: input.type };
  if (input.setIdentifier !== undefined) out.setIdentifier = input.setIdentifier;
  if (input.weight !== undefined) out.weight = input.weight;
  if (input.multiValueAnswer !== undefined) out.multiValueAnswer = input.multiValueAnswer;
  if (input.aliasTarget !== undefined) {
    out.aliasTarget = { ...input.aliasTarget, dnsName: canonicalName(input.aliasTarget.dnsName) };
  } else {
    out.ttl = input.ttl ?? 300;
    out.values = (input.values ?? []).map((v) => {
      const c = canonicalValue(input.type, v);
      if (!c.ok) throw new Error(`simulator built a bad ${input.type} value ${JSON.stringify(v)}: ${c.reason}`);
      return c.value;
    });
  }
  return out;
}

/** The key of a set (model's recordKey). */
export function keyOf(set: SimSet): string {
  return recordKey(set);
}

/** A zone's default SOA and NS (§4.4): NS TTL 172800, SOA TTL 900 naming the first server. */
export function defaultSets(zoneName: string, nameServers: readonly string[]): SimSet[] {
  const ns = nameServers.map((n) => n + '.');
  return [
    makeSet({ name: zoneName, type: 'NS', ttl: 172800, values: ns }),
    makeSet({ name: zoneName, type: 'SOA', ttl: 900, values: [`${ns[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`] }),
  ];
}

/** True for the apex SOA/NS that come with a zone. */
export function isDefaultSet(set: SimSet, zoneName: string): boolean {
  return set.name === zoneName && (set.type === 'SOA' || set.type === 'NS');
}

function content(set: SimSet): string {
  return stableJson({
    ttl: set.ttl,
    values: set.values === undefined ? undefined : [...set.values].sort(),
    aliasTarget: set.aliasTarget,
    weight: set.weight,
    multiValueAnswer: set.multiValueAnswer,
  });
}

/** True when two sets have the same content (values compared as a set). */
export function sameContent(a: SimSet, b: SimSet): boolean {
  return content(a) === content(b);
}

function label(set: SimSet): string {
  return `[name='${set.name}', type='${set.type}'${set.setIdentifier !== undefined ? `, set-identifier='${set.setIdentifier}'` : ''}]`;
}

/** Result of a batch: the new sets, or Route 53's InvalidChangeBatch message. */
export type BatchResult = { readonly ok: true; readonly sets: ZoneSets } | { readonly ok: false; readonly message: string };

/**
 * Applies a batch the way Route 53 does: in order, on a copy, all or
 * nothing. Failure messages are the service's texts, bracketed.
 */
export function applyBatch(sets: ZoneSets, zoneName: string, changes: readonly SimChange[]): BatchResult {
  const next: ZoneSets = new Map(sets);
  const errors: string[] = [];
  for (const { action, set } of changes) {
    const key = keyOf(set);
    const current = next.get(key);
    if (!isWithin(set.name, zoneName)) {
      errors.push(`RRSet with DNS name ${set.name} is not permitted in zone ${zoneName}`);
      continue;
    }
    if (action === 'DELETE') {
      if (current === undefined) errors.push(`Tried to delete resource record set ${label(set)} but it was not found`);
      else if (!sameContent(current, set)) errors.push(`Tried to delete resource record set ${label(set)} but the values provided do not match the current values`);
      else next.delete(key);
      continue;
    }
    if (action === 'CREATE' && current !== undefined) {
      errors.push(`Tried to create resource record set ${label(set)} but it already exists`);
      continue;
    }
    const conflict = cnameConflict(next, zoneName, set);
    if (conflict !== undefined) {
      errors.push(conflict);
      continue;
    }
    next.set(key, set);
  }
  return errors.length === 0 ? { ok: true, sets: next } : { ok: false, message: `[${errors.join(', ')}]` };
}

function cnameConflict(sets: ZoneSets, zoneName: string, set: SimSet): string | undefined {
  if (set.type === 'CNAME' && set.name === zoneName) return `RRSet of type CNAME with DNS name ${set.name} is not permitted at apex in zone ${zoneName}`;
  for (const other of sets.values()) {
    if (other.name !== set.name || other.type === set.type) continue;
    if (set.type === 'CNAME') return `RRSet of type CNAME with DNS name ${set.name} is not permitted as it conflicts with other records with the same DNS name in zone ${zoneName}`;
    if (other.type === 'CNAME') {
      return `RRSet of type ${set.type} with DNS name ${set.name} is not permitted because a conflicting RRSet of type  CNAME with the same DNS name already exists in zone ${zoneName}`;
    }
  }
  return undefined;
}

/**
 * What a replay of logged, successful changes does: it trusts them. CREATE
 * and UPSERT set the key, DELETE removes it — never fails (a change whose
 * premise was lost with a missing day still happened).
 */
export function applyLogged(sets: ZoneSets, changes: readonly SimChange[]): void {
  for (const { action, set } of changes) {
    if (action === 'DELETE') sets.delete(keyOf(set));
    else sets.set(keyOf(set), set);
  }
}

/** A record set in the API's PascalCase (list-resource-record-sets), members in service order. */
export function toApiRecordSet(set: SimSet): { [key: string]: Json } {
  const out: { [key: string]: Json } = { Name: set.name, Type: set.type };
  if (set.setIdentifier !== undefined) out.SetIdentifier = set.setIdentifier;
  if (set.weight !== undefined) out.Weight = set.weight;
  if (set.multiValueAnswer !== undefined) out.MultiValueAnswer = set.multiValueAnswer;
  if (set.ttl !== undefined) out.TTL = set.ttl;
  if (set.values !== undefined) out.ResourceRecords = set.values.map((v) => ({ Value: v }));
  if (set.aliasTarget !== undefined) {
    out.AliasTarget = {
      HostedZoneId: set.aliasTarget.hostedZoneId,
      DNSName: set.aliasTarget.dnsName,
      EvaluateTargetHealth: set.aliasTarget.evaluateTargetHealth,
    };
  }
  return out;
}

/** A record set as CloudTrail logs it in requestParameters (first letter lower-cased: `tTL`, `dNSName`). */
export function toRequestRecordSet(set: SimSet, spelled: string): { [key: string]: Json } {
  const out: { [key: string]: Json } = { name: spelled, type: set.type };
  if (set.setIdentifier !== undefined) out.setIdentifier = set.setIdentifier;
  if (set.weight !== undefined) out.weight = set.weight;
  if (set.multiValueAnswer !== undefined) out.multiValueAnswer = set.multiValueAnswer;
  if (set.ttl !== undefined) out.tTL = set.ttl;
  if (set.values !== undefined) out.resourceRecords = set.values.map((v) => ({ value: v }));
  if (set.aliasTarget !== undefined) {
    out.aliasTarget = {
      hostedZoneId: set.aliasTarget.hostedZoneId,
      dNSName: set.aliasTarget.dnsName,
      evaluateTargetHealth: set.aliasTarget.evaluateTargetHealth,
    };
  }
  return out;
}

/** The zone's sets in Route 53's listing order, in API form. */
export function listRecordSets(sets: ZoneSets): { [key: string]: Json }[] {
  return [...sets.values()].sort(compareRecordSets).map(toApiRecordSet);
}
