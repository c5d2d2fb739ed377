/**
 * Builds canonical record sets from Route 53's ResourceRecordSet in any of
 * the spellings met in the wild: the API's PascalCase (`TTL`, `DNSName`),
 * CloudTrail's first-letter-lower-cased (`tTL`, `dNSName`), and hand-edited
 * mixtures. Keys are matched case-insensitively; only known keys are read,
 * so a key like `__proto__` is never copied anywhere.
 */
import { canonicalName, NameError, tryCanonicalName, type NameDialect } from './name.js';
import { inputProblem } from './problems.js';
import { canonicalValue, type ValueContext } from './rdata.js';
import {
  compareStrings,
  sortValues,
  type AliasTarget,
  type CidrRoutingConfig,
  type Failover,
  type GeoLocation,
  type GeoProximityLocation,
  type InvalidValue,
  type RecordSet,
} from './record-set.js';

/** The reason given for a value a set lists twice (Route 53 refuses it: `Duplicate Resource Record`). */
export const DUPLICATE_VALUE = 'the value is listed twice in the set';

/** A JSON object as parsed: read only through `field`. */
export type JsonObject = { readonly [key: string]: unknown };

/** True for a non-null, non-array object. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The member of `obj` whose key equals `name` ignoring case (own keys only). */
export function field(obj: unknown, name: string): unknown {
  if (!isObject(obj)) return undefined;
  if (Object.hasOwn(obj, name)) return obj[name];
  // Most lookups miss (optional members): compare lengths before lower-casing anything.
  let lower: string | undefined;
  for (const k in obj) {
    if (k.length !== name.length || !Object.hasOwn(obj, k)) continue;
    lower ??= name.toLowerCase();
    if (k.toLowerCase() === lower) return obj[k];
  }
  return undefined;
}

/** A string member, or undefined. */
export function stringField(obj: unknown, name: string): string | undefined {
  const v = field(obj, name);
  return typeof v === 'string' ? v : undefined;
}

function numberField(obj: unknown, name: string): number | undefined {
  const v = field(obj, name);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?[0-9]+$/.test(v.trim())) return Number(v);
  return undefined;
}

function boolField(obj: unknown, name: string): boolean | undefined {
  const v = field(obj, name);
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** Why a record set could not be read at all. */
export class RecordSetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordSetError';
  }
}

/**
 * What to say of an error from readResourceRecordSet. Anything but a
 * RecordSetError is a bug of ours: the run still goes on, and the words
 * "unexpected error" let the bad-input laws find it.
 */
export function recordSetProblem(err: unknown): string {
  return inputProblem(err, [RecordSetError], 'the record set');
}

/** Route 53 hosted zone ids are bare in some places and `/hostedzone/…` in others. */
export function bareZoneId(id: string): string {
  return id.trim().replace(/^\/?hostedzone\//i, '');
}

/** Why a name cannot be read (` (…)`), for the error that says so; read again only on that rare path. */
function nameProblem(rawName: string, dialect: NameDialect): string {
  try {
    canonicalName(rawName, dialect);
    return '';
  } catch (err) {
    // Anything but a NameError is a bug: out to the caller's recordSetProblem, which says so.
    if (!(err instanceof NameError)) throw err;
    return ` (${err.message.slice(err.message.lastIndexOf(': ') + 2)})`;
  }
}

/**
 * Reads one ResourceRecordSet. Throws RecordSetError when it has no usable
 * name or type; bad values are kept and listed in `invalidValues` instead.
 */
export function readResourceRecordSet(obj: unknown, dialect: NameDialect = 'route53'): RecordSet {
  if (!isObject(obj)) throw new RecordSetError('resource record set is not an object');
  const rawName = stringField(obj, 'name');
  const rawType = stringField(obj, 'type');
  if (rawName === undefined || rawName.trim() === '') throw new RecordSetError('resource record set has no name');
  if (rawType === undefined || rawType.trim() === '') throw new RecordSetError(`resource record set ${rawName} has no type`);
  const name = tryCanonicalName(rawName, dialect);
  if (name === undefined) throw new RecordSetError(`resource record set has an invalid name ${JSON.stringify(rawName)}${nameProblem(rawName, dialect)}`);
  const type = rawType.trim().toUpperCase();

  const draft: { -readonly [K in keyof RecordSet]: RecordSet[K] } = { name, type };
  const setIdentifier = stringField(obj, 'setIdentifier');
  if (setIdentifier !== undefined) draft.setIdentifier = setIdentifier;

  const alias = field(obj, 'aliasTarget');
  if (isObject(alias)) {
    draft.aliasTarget = readAliasTarget(alias);
  } else {
    const ttl = numberField(obj, 'ttl');
    if (ttl !== undefined) draft.ttl = ttl;
    const records = field(obj, 'resourceRecords');
    const values: string[] = [];
    const invalid: InvalidValue[] = [];
    const ctx: ValueContext = { dialect };
    if (Array.isArray(records)) {
      const seen = records.length > 1 ? new Set<string>() : undefined;
      for (const r of records) {
        const raw = isObject(r) ? field(r, 'value') : r;
        if (typeof raw === 'object' && raw !== null) {
          // Not text: kept as a placeholder and an invalid value (String() of attacker-shaped JSON may throw, or overflow the stack).
          const placeholder = Array.isArray(raw) ? '[array]' : '[object]';
          values.push(placeholder);
          invalid.push({ value: placeholder, reason: `the value is a JSON ${Array.isArray(raw) ? 'array' : 'object'}, not text` });
          continue;
        }
        const text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
        const c = canonicalValue(type, text, ctx);
        // The same text twice: the set keeps one, and says so (as written, not as canonical: Route 53's rule for that is unknown).
        if (c.ok && seen !== undefined) {
          if (seen.has(text)) invalid.push({ value: c.value, reason: DUPLICATE_VALUE });
          else seen.add(text);
        }
        values.push(c.value);
        if (!c.ok) invalid.push({ value: c.value, reason: c.reason });
      }
    }
    draft.values = sortValues(values);
    if (invalid.length > 0) draft.invalidValues = dedupeInvalid(invalid);
  }

  const weight = numberField(obj, 'weight');
  if (weight !== undefined) draft.weight = weight;
  const region = stringField(obj, 'region');
  if (region !== undefined) draft.region = region;
  const geo = field(obj, 'geoLocation');
  if (isObject(geo)) draft.geoLocation = readGeoLocation(geo);
  const failover = stringField(obj, 'failover');
  if (failover !== undefined) draft.failover = failover.toUpperCase() as Failover;
  const multi = boolField(obj, 'multiValueAnswer');
  if (multi !== undefined) draft.multiValueAnswer = multi;
  const hc = stringField(obj, 'healthCheckId');
  if (hc !== undefined) draft.healthCheckId = hc;
  const tpi = stringField(obj, 'trafficPolicyInstanceId');
  if (tpi !== undefined) draft.trafficPolicyInstanceId = tpi;
  const cidr = field(obj, 'cidrRoutingConfig');
  if (isObject(cidr)) draft.cidrRoutingConfig = readCidr(cidr);
  const prox = field(obj, 'geoProximityLocation');
  if (isObject(prox)) draft.geoProximityLocation = readGeoProximity(prox);
  return draft;
}

/** One entry per value, in the order of `values` (sorted): the same set logged with its values in another order reads the same. */
function dedupeInvalid(list: InvalidValue[]): InvalidValue[] {
  const seen = new Map<string, InvalidValue>();
  for (const v of list) if (!seen.has(v.value)) seen.set(v.value, v);
  return [...seen.values()].sort((a, b) => compareStrings(a.value, b.value));
}

function readAliasTarget(obj: JsonObject): AliasTarget {
  const dns = stringField(obj, 'dnsName') ?? '';
  return {
    hostedZoneId: bareZoneId(stringField(obj, 'hostedZoneId') ?? ''),
    dnsName: tryCanonicalName(dns) ?? dns,
    evaluateTargetHealth: boolField(obj, 'evaluateTargetHealth') ?? false,
  };
}

function readGeoLocation(obj: JsonObject): GeoLocation {
  const out: { -readonly [K in keyof GeoLocation]: GeoLocation[K] } = {};
  const cont = stringField(obj, 'continentCode');
  const country = stringField(obj, 'countryCode');
  const sub = stringField(obj, 'subdivisionCode');
  if (cont !== undefined) out.continentCode = cont;
  if (country !== undefined) out.countryCode = country;
  if (sub !== undefined) out.subdivisionCode = sub;
  return out;
}

function readCidr(obj: JsonObject): CidrRoutingConfig {
  return { collectionId: stringField(obj, 'collectionId') ?? '', locationName: stringField(obj, 'locationName') ?? '' };
}

function readGeoProximity(obj: JsonObject): GeoProximityLocation {
  const out: { -readonly [K in keyof GeoProximityLocation]: GeoProximityLocation[K] } = {};
  const region = stringField(obj, 'awsRegion');
  if (region !== undefined) out.awsRegion = region;
  const lzg = stringField(obj, 'localZoneGroup');
  if (lzg !== undefined) out.localZoneGroup = lzg;
  const coords = field(obj, 'coordinates');
  if (isObject(coords)) {
    out.coordinates = { latitude: String(field(coords, 'latitude') ?? ''), longitude: String(field(coords, 'longitude') ?? '') };
  }
  const bias = numberField(obj, 'bias');
  if (bias !== undefined) out.bias = bias;
  return out;
}

/** Canonical zone name from any spelling, or throws. */
export function zoneName(raw: string): string {
  return canonicalName(raw, 'route53');
}
