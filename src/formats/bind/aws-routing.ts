/**
 * cli53's Route 53 routing extension for zone files: a trailing comment
 * `; AWS routing="WEIGHTED" weight=1 identifier="One"` on each record line of
 * a routed set. cli53 knows WEIGHTED (weight=), LATENCY (region=), FAILOVER
 * (failover=), GEOLOCATION (continentCode= countryCode= subdivisionCode=)
 * and MULTIVALUE, each with healthCheckId= and identifier=. zone-replay adds
 * what cli53 lacks, in the same key=value syntax: GEOPROXIMITY (awsRegion=
 * localZoneGroup= latitude= longitude= bias=), CIDR (collectionId=
 * locationName=), SIMPLE, trafficPolicyInstanceId= and multiValueAnswer=.
 *
 * Values are `"quoted"` (backslash escapes the next character; zone-replay
 * writes control characters as `\DDD` decimal, and line separators and bidi
 * controls as `\uHHHH`) or bare numbers.
 */
import { ACTING_BEYOND_C0 } from '../../model/acting-characters.js';
import { ROUTING_FIELDS, routingPolicy, type GeoLocation, type GeoProximityLocation, type RecordSet, type RoutingPolicy } from '../../model/index.js';

const ROUTING_KEYS = ['setIdentifier', ...ROUTING_FIELDS] as const;

/** A routing comment that cannot be read: says what is wrong with it. */
export class RoutingCommentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoutingCommentError';
  }
}

/** The routing fields of a record set: everything but name, type, TTL, values and alias target. */
export type Routing = { -readonly [K in (typeof ROUTING_KEYS)[number]]?: RecordSet[K] };

/** True when the set carries a set identifier or any routing field. */
export function hasRouting(rs: RecordSet): boolean {
  return ROUTING_KEYS.some((k) => rs[k] !== undefined);
}

/** The routing fields of a set that are defined. */
export function routingOf(rs: RecordSet): Routing {
  const out: Record<string, unknown> = {};
  for (const k of ROUTING_KEYS) if (rs[k] !== undefined) out[k] = rs[k];
  return out as Routing;
}

const POLICY_NAMES: Record<RoutingPolicy, string> = {
  simple: 'SIMPLE',
  weighted: 'WEIGHTED',
  latency: 'LATENCY',
  failover: 'FAILOVER',
  geolocation: 'GEOLOCATION',
  geoproximity: 'GEOPROXIMITY',
  multivalue: 'MULTIVALUE',
  cidr: 'CIDR',
};

/** Characters a terminal or an editor acts on: C0, and those beyond (DEL, C1, line separators, bidi overrides and isolates). */
const ACTING = new RegExp(`[\\u0000-\\u001f${ACTING_BEYOND_C0}]`, 'g');

function quote(text: string): string {
  // Decimal escapes up to U+00FF, `\uHHHH` above (a bidi override would reorder the line in an editor); parseKeyValues reads both back.
  return '"' + text.replace(/[\\"]/g, '\\$&').replace(ACTING, (c) => escapeChar(c.charCodeAt(0))) + '"';
}

function escapeChar(code: number): string {
  return code <= 0xff ? '\\' + String(code).padStart(3, '0') : '\\u' + code.toString(16).padStart(4, '0');
}

/** The comment text (without `;`) for a routed set: `AWS routing="…" …`. */
export function formatRoutingComment(rs: RecordSet): string {
  const policy = routingPolicy(rs);
  const kv: string[] = [`routing=${quote(POLICY_NAMES[policy])}`];
  const str = (key: string, v: string | undefined): void => {
    if (v !== undefined) kv.push(`${key}=${quote(v)}`);
  };
  const num = (key: string, v: number | undefined): void => {
    if (v !== undefined) kv.push(Number.isFinite(v) ? `${key}=${v}` : `${key}=${quote(String(v))}`);
  };
  num('weight', rs.weight);
  str('region', rs.region);
  str('failover', rs.failover);
  const geo = rs.geoLocation;
  if (geo !== undefined) {
    str('countryCode', geo.countryCode);
    str('continentCode', geo.continentCode);
    str('subdivisionCode', geo.subdivisionCode);
  }
  const prox = rs.geoProximityLocation;
  if (prox !== undefined) {
    str('awsRegion', prox.awsRegion);
    str('localZoneGroup', prox.localZoneGroup);
    str('latitude', prox.coordinates?.latitude);
    str('longitude', prox.coordinates?.longitude);
    num('bias', prox.bias);
  }
  if (rs.cidrRoutingConfig !== undefined) {
    str('collectionId', rs.cidrRoutingConfig.collectionId);
    str('locationName', rs.cidrRoutingConfig.locationName);
  }
  if (rs.multiValueAnswer !== undefined && !(policy === 'multivalue' && rs.multiValueAnswer)) {
    str('multiValueAnswer', String(rs.multiValueAnswer));
  }
  str('healthCheckId', rs.healthCheckId);
  str('identifier', rs.setIdentifier);
  str('trafficPolicyInstanceId', rs.trafficPolicyInstanceId);
  return 'AWS ' + kv.join(' ');
}

/** What a routing comment says, and what in it could not be used. */
export interface ParsedRouting {
  readonly routing: Routing;
  readonly warnings: string[];
}

/** True when a comment (text after `;`) is a cli53 routing comment. */
export function isRoutingComment(comment: string): boolean {
  return /^\s*AWS\s/.test(comment);
}

/** Reads `AWS routing="…" key=value …`. Throws RoutingCommentError when it is malformed. */
export function parseRoutingComment(comment: string): ParsedRouting {
  const kv = parseKeyValues(comment.replace(/^\s*AWS\s+/, ''));
  const warnings: string[] = [];
  const routing: Routing = {};
  const s = (key: string): string | undefined => {
    const v = kv.get(key);
    return v === undefined ? undefined : String(v);
  };
  const n = (key: string): number | undefined => {
    const v = kv.get(key);
    if (v === undefined) return undefined;
    const num = typeof v === 'number' ? v : /^-?[0-9]+(\.[0-9]+)?$/.test(v) ? Number(v) : NaN;
    if (Number.isNaN(num)) warnings.push(`${key}=${JSON.stringify(v)} is not a number`);
    return Number.isNaN(num) ? undefined : num;
  };
  const policy = s('routing');
  const known = Object.values(POLICY_NAMES);
  if (policy === undefined) throw new RoutingCommentError('AWS comment without routing=');
  if (!known.includes(policy)) throw new RoutingCommentError(`routing="${policy}" is not one of ${known.join(', ')}`);

  const id = s('identifier');
  if (id !== undefined) routing.setIdentifier = id;
  const weight = n('weight');
  if (weight !== undefined) routing.weight = weight;
  const region = s('region');
  if (region !== undefined) routing.region = region;
  const failover = s('failover');
  if (failover !== undefined) routing.failover = failover.toUpperCase() as RecordSet['failover'];

  const geo: { -readonly [K in keyof GeoLocation]: GeoLocation[K] } = {};
  const continent = s('continentCode');
  const country = s('countryCode');
  // cli53 reads the misspelt `subdivisonCode`; accept both.
  const subdivision = s('subdivisionCode') ?? s('subdivisonCode');
  if (continent !== undefined) geo.continentCode = continent;
  if (country !== undefined) geo.countryCode = country;
  if (subdivision !== undefined) geo.subdivisionCode = subdivision;
  if (policy === 'GEOLOCATION' || Object.keys(geo).length > 0) routing.geoLocation = geo;

  const prox: { -readonly [K in keyof GeoProximityLocation]: GeoProximityLocation[K] } = {};
  const awsRegion = s('awsRegion');
  const lzg = s('localZoneGroup');
  const lat = s('latitude');
  const lon = s('longitude');
  const bias = n('bias');
  if (awsRegion !== undefined) prox.awsRegion = awsRegion;
  if (lzg !== undefined) prox.localZoneGroup = lzg;
  if (lat !== undefined || lon !== undefined) prox.coordinates = { latitude: lat ?? '', longitude: lon ?? '' };
  if (bias !== undefined) prox.bias = bias;
  if (policy === 'GEOPROXIMITY' || Object.keys(prox).length > 0) routing.geoProximityLocation = prox;

  const collectionId = s('collectionId');
  const locationName = s('locationName');
  if (policy === 'CIDR' || collectionId !== undefined || locationName !== undefined) {
    routing.cidrRoutingConfig = { collectionId: collectionId ?? '', locationName: locationName ?? '' };
  }
  const mva = s('multiValueAnswer');
  if (mva !== undefined) routing.multiValueAnswer = mva === 'true';
  else if (policy === 'MULTIVALUE') routing.multiValueAnswer = true;
  const hc = s('healthCheckId');
  if (hc !== undefined) routing.healthCheckId = hc;
  const tpi = s('trafficPolicyInstanceId');
  if (tpi !== undefined) routing.trafficPolicyInstanceId = tpi;

  const used = new Set(['routing', 'identifier', 'weight', 'region', 'failover', 'continentCode', 'countryCode', 'subdivisionCode', 'subdivisonCode', 'awsRegion', 'localZoneGroup', 'latitude', 'longitude', 'bias', 'collectionId', 'locationName', 'multiValueAnswer', 'healthCheckId', 'trafficPolicyInstanceId']);
  for (const key of kv.keys()) if (!used.has(key)) warnings.push(`unknown key ${key}= ignored`);
  return { routing, warnings };
}

/** cli53's key=value list: letters, `=`, then `"string"` or a number. */
function parseKeyValues(text: string): Map<string, string | number> {
  const out = new Map<string, string | number>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (i >= n) break;
    const keyMatch = /^[A-Za-z]+/.exec(text.slice(i));
    if (!keyMatch) throw new RoutingCommentError(`expected a key at ${JSON.stringify(text.slice(i, i + 20))}`);
    const key = keyMatch[0];
    i += key.length;
    if (text[i] !== '=') throw new RoutingCommentError(`expected "=" after ${key}`);
    i++;
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) throw new RoutingCommentError(`unterminated quoted value of ${key}`);
        const ch = text[i]!;
        if (ch === '"') break;
        if (ch === '\\' && i + 1 < n) {
          const digits = text.slice(i + 1, i + 4);
          const hex = text.slice(i + 1, i + 6);
          if (/^[0-9]{3}$/.test(digits)) {
            value += String.fromCharCode(Number(digits));
            i += 4;
          } else if (/^u[0-9a-fA-F]{4}$/.test(hex)) {
            value += String.fromCharCode(parseInt(hex.slice(1), 16));
            i += 6;
          } else {
            value += text[i + 1];
            i += 2;
          }
          continue;
        }
        value += ch;
        i++;
      }
      i++;
      out.set(key, value);
    } else {
      const num = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
      if (!num) throw new RoutingCommentError(`value of ${key} must be "quoted" or a number`);
      out.set(key, Number(num[0]));
      i += num[0].length;
    }
    if (i < n && !/\s/.test(text[i]!)) throw new RoutingCommentError(`expected a blank after ${key}=`);
  }
  return out;
}
