/**
 * Shared fast-check arbitraries: canonical names, record sets and whole
 * zones as Route 53 holds them (trails of calls: arb-trail.ts). Values are
 * written as presentation text and passed through canonicalValue; only
 * those that come out `ok` are kept, so every generated value is canonical.
 */
import fc from 'fast-check';
import {
  canonicalValue,
  encodeCharString,
  labelsToName,
  parseLabels,
  recordKey,
  routingPolicy,
  sortValues,
  type RecordSet,
} from '../../src/model/index.js';
import { readResourceRecordSet } from '../../src/model/read-rrset.js';
import { ctFromRecordSet, type Json } from './cloudtrail.js';

/** The default zone of the arbitraries. */
export const ORIGIN = 'example.com.';

const LABEL_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-_';
/** Bytes that must be escaped in names: space, dot, @, $, (, ;, ", \, *, é (Latin-1), NUL. */
const ODD_BYTES = [0x20, 0x2e, 0x40, 0x24, 0x28, 0x3b, 0x22, 0x5c, 0x2a, 0xe9, 0x00];

const arbPlainLabel = fc
  .array(fc.constantFrom(...LABEL_CHARS), { minLength: 1, maxLength: 10 })
  .map((cs) => cs.join(''));
const arbOddLabel = fc
  .tuple(arbPlainLabel, fc.constantFrom(...ODD_BYTES), fc.boolean())
  .map(([l, b, front]) => (front ? String.fromCharCode(b) + l : l + String.fromCharCode(b)));
/** One raw label (bytes), sometimes with a byte that needs an escape. */
const arbLabel = fc.oneof({ weight: 12, arbitrary: arbPlainLabel }, { weight: 1, arbitrary: arbOddLabel });

/** A canonical name at or below `zone`: occasionally the apex, a wildcard, or an escaped byte. */
export function arbName(zone: string = ORIGIN): fc.Arbitrary<string> {
  const zoneLabels = parseLabels(zone, 'route53');
  return fc
    .tuple(fc.array(arbLabel, { minLength: 0, maxLength: 3 }), fc.integer({ min: 0, max: 9 }))
    .map(([labels, roll]) => {
      const wild = roll === 0 ? ['*'] : [];
      return labelsToName([...wild, ...labels, ...zoneLabels]);
    });
}

/** A name that is not the apex nor a wildcard (for NS and DS). */
function arbSubName(zone: string): fc.Arbitrary<string> {
  return fc.array(arbLabel, { minLength: 1, maxLength: 2 }).map((labels) => labelsToName([...labels, ...parseLabels(zone, 'route53')]));
}

/** A target name: in the zone or outside it. */
function arbTarget(zone: string): fc.Arbitrary<string> {
  return fc.oneof(arbSubName(zone), arbExternal);
}

/** A name outside the arbitraries' zones (a target, a name server). */
export const arbExternal = fc.tuple(arbPlainLabel, fc.constantFrom('example.net.', 'example.org.', 'awsdns-01.com.')).map(([l, z]) => `${l}.${z}`);

const hexOf = (bytes: number): fc.Arbitrary<string> =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((a) => Buffer.from(a).toString('hex'));

/** Raw bytes of a character string: printable text, quotes, backslashes, semicolons, high bytes. */
const arbCharString = fc
  .array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...'abc XYZ=;-.'.split('')) }, { weight: 1, arbitrary: fc.constantFrom('"', '\\', '\u00e9', '\u0000', '\t', '(') }), { maxLength: 20 })
  .map((cs) => cs.join(''));

/** Presentation text (Route 53 dialect) of one value of `type`. */
function arbValueText(type: string, zone: string): fc.Arbitrary<string> {
  const u16 = fc.integer({ min: 0, max: 65535 });
  switch (type) {
    case 'A':
      return fc.ipV4();
    case 'AAAA':
      return fc.ipV6();
    case 'CNAME':
    case 'PTR':
      return arbTarget(zone);
    case 'NS':
      return arbExternal;
    case 'MX':
      return fc.tuple(u16, arbTarget(zone)).map(([p, t]) => `${p} ${t}`);
    case 'TXT':
      return fc.array(arbCharString, { minLength: 1, maxLength: 3 }).map((ss) => ss.map((s) => encodeCharString(s, 'route53')).join(' '));
    case 'SRV':
      return fc.tuple(u16, u16, u16, fc.oneof(arbTarget(zone), fc.constant('.'))).map((f) => f.join(' '));
    case 'CAA':
      return fc
        .tuple(fc.constantFrom(0, 128), fc.constantFrom('issue', 'issuewild', 'iodef'), fc.constantFrom('ca.example.net', ';', 'mailto:sec@example.com', 'ca.example.net; account=1'))
        .map(([f, t, v]) => `${f} ${t} "${v}"`);
    case 'NAPTR':
      return fc
        .tuple(u16, u16, fc.constantFrom('u', 's', 'a', ''), fc.constantFrom('E2U+sip', 'z3950+N2L+N2C', ''), fc.constantFrom('', '!^.*$!sip:info@example.net!'), arbTarget(zone))
        .map(([o, p, fl, sv, re, rep]) => `${o} ${p} "${fl}" "${sv}" "${re}" ${re === '' ? rep : '.'}`);
    case 'DS':
      return fc
        .tuple(u16, fc.constantFrom(8, 13, 14), fc.constantFrom([1, 20] as const, [2, 32] as const, [4, 48] as const))
        .chain(([tag, alg, [dt, len]]) => hexOf(len).map((h) => `${tag} ${alg} ${dt} ${h}`));
    case 'SSHFP':
      return fc
        .tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom([1, 20] as const, [2, 32] as const))
        .chain(([alg, [fp, len]]) => hexOf(len).map((h) => `${alg} ${fp} ${h}`));
    case 'TLSA':
      return fc
        .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1 }), fc.constantFrom([1, 32] as const, [2, 64] as const))
        .chain(([u, s, [m, len]]) => hexOf(len).map((h) => `${u} ${s} ${m} ${h}`));
    case 'HTTPS':
      return fc.oneof(
        arbTarget(zone).map((t) => `0 ${t}`),
        fc
          .tuple(fc.integer({ min: 1, max: 65535 }), fc.constantFrom('.', 'svc.example.net.'), fc.subarray(['alpn=h2,h3', 'port=8443', 'ipv4hint=192.0.2.1', 'ipv6hint=2001:db8::1']))
          .map(([p, t, params]) => [String(p), t, ...params].join(' ')),
      );
    default:
      throw new Error(`no arbitrary for ${type}`);
  }
}

const VALUE_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'CAA', 'NS', 'PTR', 'NAPTR', 'DS', 'SSHFP', 'TLSA', 'HTTPS'] as const;

/** Canonical values of `type` (1–3, CNAME exactly 1), sorted. */
function arbValues(type: string, zone: string): fc.Arbitrary<string[]> {
  const one = arbValueText(type, zone)
    .map((text) => canonicalValue(type, text))
    .filter((c) => c.ok)
    .map((c) => c.value);
  return fc.array(one, { minLength: 1, maxLength: type === 'CNAME' ? 1 : 3 }).map(sortValues);
}

/** A canonical value of any type the arbitraries know, with its type (names below `zone`). */
export function arbTypedValue(zone: string = ORIGIN): fc.Arbitrary<readonly [string, string]> {
  return fc.constantFrom(...VALUE_TYPES).chain((type) => arbValues(type, zone).map((values) => [type, values[0]!] as const));
}

const arbTtl = fc.oneof(fc.constantFrom(60, 300, 3600, 86400), fc.integer({ min: 0, max: 2147483647 }));

const arbAliasTarget = fc.record({
  hostedZoneId: fc.constantFrom('Z2FDTNDATAQYW2', 'Z35SXDOTRQ7X7K', 'Z1BKCTXD74EZPE', '$self'),
  dnsName: fc.oneof(arbExternal, fc.constantFrom('dualstack.my-lb-1234.us-east-1.elb.amazonaws.com.', 'd111111abcdef8.cloudfront.net.')),
  evaluateTargetHealth: fc.boolean(),
});

const arbUuid = fc.uuid();
/** Set identifiers with the characters that need escaping in comments and JSON. */
const arbSetIdentifier = fc
  .array(fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...'abcXYZ019 -_'.split('')) }, { weight: 1, arbitrary: fc.constantFrom('"', '\\', ';', '\u00e9', '=') }), { minLength: 1, maxLength: 16 })
  .map((cs) => cs.join(''));

type Routing = Partial<Pick<RecordSet, 'weight' | 'region' | 'failover' | 'healthCheckId' | 'geoLocation' | 'geoProximityLocation' | 'multiValueAnswer' | 'cidrRoutingConfig'>>;

/** Routing fields of each kind Route 53 has (without the set identifier). */
export const arbRouting: fc.Arbitrary<Routing> = fc.oneof(
  fc.integer({ min: 0, max: 255 }).map((weight): Routing => ({ weight })),
  fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2').map((region): Routing => ({ region })),
  fc.tuple(fc.constantFrom('PRIMARY', 'SECONDARY') as fc.Arbitrary<'PRIMARY' | 'SECONDARY'>, arbUuid).map(([failover, healthCheckId]): Routing => ({ failover, healthCheckId })),
  fc.constantFrom<Routing>(
    { geoLocation: { continentCode: 'EU' } },
    { geoLocation: { countryCode: 'GB' } },
    { geoLocation: { countryCode: 'US', subdivisionCode: 'CA' } },
    { geoLocation: { countryCode: '*' } },
  ),
  fc
    .tuple(
      fc.constantFrom<NonNullable<RecordSet['geoProximityLocation']>>({ awsRegion: 'us-east-1' }, { localZoneGroup: 'us-west-2-lax-1' }, { coordinates: { latitude: '49.22', longitude: '-74.01' } }),
      fc.option(fc.integer({ min: -99, max: 99 }), { nil: undefined }),
    )
    .map(([loc, bias]): Routing => ({ geoProximityLocation: bias === undefined ? loc : { ...loc, bias } })),
  fc.option(arbUuid, { nil: undefined }).map((hc): Routing => (hc === undefined ? { multiValueAnswer: true } : { multiValueAnswer: true, healthCheckId: hc })),
  fc.tuple(arbUuid, fc.constantFrom('loc-1', 'office', '*')).map(([collectionId, locationName]): Routing => ({ cidrRoutingConfig: { collectionId, locationName } })),
);

/** One record set below `zone`: plain values, an alias, or either with routing. */
export function arbRecordSet(zone: string = ORIGIN): fc.Arbitrary<RecordSet> {
  const valueSet = fc.constantFrom(...VALUE_TYPES).chain((type) =>
    fc
      .tuple(type === 'NS' || type === 'DS' ? arbSubName(zone) : arbName(zone), arbTtl, arbValues(type, zone))
      .map(([name, ttl, values]): RecordSet => ({ name, type, ttl, values })),
  );
  const aliasSet = fc
    .tuple(arbName(zone), fc.constantFrom('A', 'AAAA', 'CNAME', 'TXT', 'MX'), arbAliasTarget)
    .map(([name, type, aliasTarget]): RecordSet => ({ name, type, aliasTarget }));
  const routed = fc
    .tuple(fc.oneof({ weight: 3, arbitrary: valueSet }, { weight: 1, arbitrary: aliasSet }), arbRouting, arbSetIdentifier)
    .map(([rs, routing, setIdentifier]) => ({ ...rs, ...routing, setIdentifier }))
    .filter((rs) => !(rs.multiValueAnswer === true && rs.aliasTarget !== undefined) && rs.type !== 'NS' && rs.type !== 'DS');
  return fc.oneof({ weight: 6, arbitrary: valueSet }, { weight: 1, arbitrary: aliasSet }, { weight: 3, arbitrary: routed });
}

/** Presentation text with no canonical form for types other than TXT and the name types (there, only the empty value). */
const arbBadText = fc.constantFrom('', '', '   ', 'not a value', '999.1.1.1', '<redacted>');

/**
 * `rs` (a plain set; an alias becomes one) with one or two values replaced
 * by, or added as, an empty string or text that does not parse for its
 * type, as the replay reads it from a log: through readResourceRecordSet,
 * so it carries `invalidValues`. Same key and routing as `rs`.
 */
export function arbInvalidVariant(rs: RecordSet): fc.Arbitrary<RecordSet> {
  const { aliasTarget, ...plain } = rs;
  const ct = ctFromRecordSet(aliasTarget !== undefined ? { ...plain, ttl: 300, values: [] } : rs);
  // Names and TXT read almost any text: only the empty value has no canonical form there.
  const onlyEmpty = ['CNAME', 'NS', 'PTR', 'TXT'].includes(rs.type);
  return fc.tuple(fc.array(arbBadText, { minLength: 1, maxLength: 2 }), fc.boolean()).map(([bad, keep]) => {
    const texts = [...new Set(bad.map((b) => (onlyEmpty ? '' : b)))];
    const kept = keep && rs.type !== 'CNAME' ? ((ct.resourceRecords as Json[] | undefined) ?? []) : [];
    return readResourceRecordSet({ ...ct, tTL: ct.tTL ?? 300, resourceRecords: [...kept, ...texts.map((value) => ({ value }))] });
  });
}

/** A record set below `zone` holding invalid or redacted values (see arbInvalidVariant). */
export function arbInvalidRecordSet(zone: string = ORIGIN): fc.Arbitrary<RecordSet> {
  return arbRecordSet(zone).chain(arbInvalidVariant);
}

/**
 * A consistent zone: apex SOA and NS, unique keys, no CNAME beside other
 * data (nor at the apex), one routing policy per name and type, one set per
 * slot of a routing group (a latency Region, a failover role, a geolocation
 * location), DS only beside an NS.
 */
export function arbZone(zone: string = ORIGIN): fc.Arbitrary<RecordSet[]> {
  const soa = fc.integer({ min: 1, max: 4294967295 }).map((serial): RecordSet => ({
    name: zone,
    type: 'SOA',
    ttl: 900,
    values: [`ns-1.awsdns-01.com. awsdns-hostmaster.amazon.com. ${serial} 7200 900 1209600 86400`],
  }));
  const ns = fc.array(arbExternal, { minLength: 1, maxLength: 4 }).map((v): RecordSet => ({ name: zone, type: 'NS', ttl: 172800, values: sortValues(v) }));
  const delegation = fc.option(
    fc.tuple(arbSubName(zone), arbValues('NS', zone), arbValues('DS', zone)).map(([name, nsValues, dsValues]): RecordSet[] => [
      { name, type: 'NS', ttl: 3600, values: nsValues },
      { name, type: 'DS', ttl: 3600, values: dsValues },
    ]),
    { nil: [] as RecordSet[] },
  );
  return fc
    .tuple(soa, ns, delegation, fc.array(arbRecordSet(zone), { maxLength: 14 }))
    .map(([s, n, d, rest]) => consistentZone([s, n, ...d, ...rest], zone));
}

function consistentZone(sets: RecordSet[], zone: string): RecordSet[] {
  const out: RecordSet[] = [];
  const keys = new Set<string>();
  const policy = new Map<string, string>();
  const slots = new Set<string>();
  for (const rs of sets) {
    const key = recordKey(rs);
    if (keys.has(key)) continue;
    if (rs.name === zone && (rs.type === 'CNAME' || ((rs.type === 'SOA' || rs.type === 'NS') && out.some((o) => o.name === zone && o.type === rs.type)))) continue;
    const nameType = `${rs.name} ${rs.type}`;
    const p = `${routingPolicy(rs)}${rs.setIdentifier === undefined ? '' : '+id'}`;
    if ((policy.get(nameType) ?? p) !== p) continue;
    // Route 53 holds one set per Region, failover role or location in a group (stated here, not read from src).
    const slot = rs.region ?? rs.failover ?? (rs.geoLocation !== undefined ? JSON.stringify(rs.geoLocation) : undefined);
    if (slot !== undefined) {
      if (slots.has(`${nameType} ${slot}`)) continue;
      slots.add(`${nameType} ${slot}`);
    }
    policy.set(nameType, p);
    keys.add(key);
    out.push(rs);
  }
  const typesAt = new Map<string, Set<string>>();
  for (const rs of out) typesAt.set(rs.name, (typesAt.get(rs.name) ?? new Set()).add(rs.type));
  return out.filter((rs) => {
    const types = typesAt.get(rs.name)!;
    if (rs.type === 'CNAME' && types.size > 1) return false;
    if (rs.type === 'DS' && !types.has('NS')) return false;
    return true;
  });
}
