/**
 * The record set (Route 53's ResourceRecordSet), in canonical form.
 *
 * Identity apart from content (octoDNS): a set is identified by its key —
 * canonical name, type, set identifier — and its content is TTL + values or
 * alias target, plus the routing fields. Values are canonical and sorted
 * when the set is built, so two equal sets are equal as plain data.
 */
import { compareNames, nameSortKey } from './name.js';

/** Route 53 AliasTarget. `dnsName` is canonical. */
export interface AliasTarget {
  readonly hostedZoneId: string;
  readonly dnsName: string;
  readonly evaluateTargetHealth: boolean;
}

/** Route 53 GeoLocation. */
export interface GeoLocation {
  readonly continentCode?: string;
  readonly countryCode?: string;
  readonly subdivisionCode?: string;
}

/** Route 53 CidrRoutingConfig. */
export interface CidrRoutingConfig {
  readonly collectionId: string;
  readonly locationName: string;
}

/** Route 53 GeoProximityLocation. Coordinates are strings, as in the API. */
export interface GeoProximityLocation {
  readonly awsRegion?: string;
  readonly localZoneGroup?: string;
  readonly coordinates?: { readonly latitude: string; readonly longitude: string };
  readonly bias?: number;
}

/** Failover role. */
export type Failover = 'PRIMARY' | 'SECONDARY';

/** A record set in canonical form. Either `values` (with `ttl`) or `aliasTarget`. */
export interface RecordSet {
  /** Canonical name (lower case, octal escapes, trailing dot). */
  readonly name: string;
  /** Upper-case type: A, AAAA, CNAME, … */
  readonly type: string;
  readonly setIdentifier?: string;
  readonly ttl?: number;
  /** Canonical values, sorted and without duplicates. */
  readonly values?: readonly string[];
  readonly aliasTarget?: AliasTarget;
  readonly weight?: number;
  readonly region?: string;
  readonly geoLocation?: GeoLocation;
  readonly failover?: Failover;
  readonly multiValueAnswer?: boolean;
  readonly healthCheckId?: string;
  readonly trafficPolicyInstanceId?: string;
  readonly cidrRoutingConfig?: CidrRoutingConfig;
  readonly geoProximityLocation?: GeoProximityLocation;
  /**
   * Values that could not be read (empty or redacted in the log, malformed),
   * kept verbatim in `values`, each with the reason.
   */
  readonly invalidValues?: readonly InvalidValue[];
}

/** A value kept as written because it has no canonical form. */
export interface InvalidValue {
  readonly value: string;
  readonly reason: string;
}

/** The identity of a record set: (name, type, set identifier) as one string. */
export type RecordKey = string;

/** The key of a set. */
export function recordKey(rs: Pick<RecordSet, 'name' | 'type' | 'setIdentifier'>): RecordKey {
  return `${rs.name} ${rs.type}${rs.setIdentifier !== undefined ? ' ' + JSON.stringify(rs.setIdentifier) : ''}`;
}

/** Readable label of a set: `www.example.com. A` or `www.example.com. A [eu]`. */
export function describeRecordSet(rs: Pick<RecordSet, 'name' | 'type' | 'setIdentifier'>): string {
  return `${rs.name} ${rs.type}${rs.setIdentifier !== undefined ? ` [${rs.setIdentifier}]` : ''}`;
}

/** A value a set holds that cannot be read, as the export readers report it: `www.example.com. A: value "…" cannot be read: …`. */
export function describeInvalidValue(rs: Pick<RecordSet, 'name' | 'type' | 'setIdentifier'>, bad: InvalidValue): string {
  return `${describeRecordSet(rs)}: value ${JSON.stringify(bad.value)} cannot be read: ${bad.reason}`;
}

/** Orders sets like Route 53 lists them: name (labels reversed), type, set identifier. */
export function compareRecordSets(a: Pick<RecordSet, 'name' | 'type' | 'setIdentifier'>, b: Pick<RecordSet, 'name' | 'type' | 'setIdentifier'>): number {
  return (
    compareNames(a.name, b.name) ||
    compareStrings(a.type, b.type) ||
    compareStrings(a.setIdentifier ?? '', b.setIdentifier ?? '')
  );
}

/**
 * A string whose plain comparison orders sets like compareRecordSets
 * (labels reversed, then type, then set identifier), for sorting many sets.
 */
export function recordSortKey(rs: Pick<RecordSet, 'name' | 'type' | 'setIdentifier'>): string {
  return `${nameSortKey(rs.name)}\u0000${rs.type}\u0000${rs.setIdentifier ?? ''}`;
}

/** Plain code-unit string comparison (deterministic, locale-free). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Route 53's routing policy of a set, derived from its routing fields. */
export type RoutingPolicy = 'simple' | 'weighted' | 'latency' | 'failover' | 'geolocation' | 'geoproximity' | 'multivalue' | 'cidr';

/** The routing policy a set uses. */
export function routingPolicy(rs: RecordSet): RoutingPolicy {
  if (rs.weight !== undefined) return 'weighted';
  if (rs.region !== undefined) return 'latency';
  if (rs.failover !== undefined) return 'failover';
  if (rs.geoLocation !== undefined) return 'geolocation';
  if (rs.geoProximityLocation !== undefined) return 'geoproximity';
  if (rs.cidrRoutingConfig !== undefined) return 'cidr';
  if (rs.multiValueAnswer !== undefined) return 'multivalue';
  return 'simple';
}

/** The routing fields of a set (besides its set identifier): how Route 53 chooses among sets of one name and type. */
export const ROUTING_FIELDS = [
  'weight',
  'region',
  'geoLocation',
  'failover',
  'multiValueAnswer',
  'healthCheckId',
  'trafficPolicyInstanceId',
  'cidrRoutingConfig',
  'geoProximityLocation',
] as const;

/** The content fields compared by the diff and by DELETE matching, in a fixed order. */
export const CONTENT_FIELDS = ['ttl', 'values', 'aliasTarget', ...ROUTING_FIELDS] as const;

/** A content field's name. */
export type ContentField = (typeof CONTENT_FIELDS)[number];

/** Stable JSON: object keys sorted, so equal data gives equal text. */
export function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(stableJson).join(',') + ']';
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + stableJson(obj[k])).join(',') + '}';
}

/**
 * True when two plain-data values would print the same stableJson (members
 * set to undefined count as absent), without building the strings.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((v, i) => sameJson(v, bs[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let count = 0;
  for (const k of Object.keys(ao)) {
    if (ao[k] === undefined) continue;
    if (!Object.hasOwn(bo, k) || !sameJson(ao[k], bo[k])) return false;
    count++;
  }
  for (const k of Object.keys(bo)) if (bo[k] !== undefined) count--;
  return count === 0;
}

/** The content fields in which two sets of the same key differ. */
export function changedFields(a: RecordSet, b: RecordSet): ContentField[] {
  return CONTENT_FIELDS.filter((f) => !sameJson(a[f], b[f]));
}

/** True when two sets have the same key and the same content. */
export function sameRecordSet(a: RecordSet, b: RecordSet): boolean {
  return recordKey(a) === recordKey(b) && changedFields(a, b).length === 0;
}

/** Sorted, de-duplicated copy of values. */
export function sortValues(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}
