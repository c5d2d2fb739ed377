/**
 * Route 53's JSON, as `aws route53 list-resource-record-sets` prints it and
 * as the ListResourceRecordSets API returns it: out (PascalCase, the CLI's
 * key order, 4-space indent) and in (one response, pages back to back or in
 * an array, or a bare ResourceRecordSets array).
 */
import {
  compareRecordSets,
  describeInvalidValue,
  describeRecordSet,
  field,
  isObject,
  readResourceRecordSet,
  recordSetProblem,
  recordKey,
  type RecordSet,
} from '../model/index.js';

/** A file that is not a Route 53 record-set listing: names the file and what is wrong. */
export class ExportFormatError extends Error {
  constructor(
    readonly file: string,
    /** What is wrong, without the file. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ExportFormatError';
  }
}

/**
 * PascalCase ResourceRecordSet exactly as `aws route53 list-resource-record-sets`
 * prints it (keys in the AWS CLI's order: Name, Type, SetIdentifier, Weight,
 * Region, GeoLocation, Failover, MultiValueAnswer, TTL, ResourceRecords[{Value}],
 * AliasTarget{HostedZoneId, DNSName, EvaluateTargetHealth}, HealthCheckId,
 * TrafficPolicyInstanceId, CidrRoutingConfig, GeoProximityLocation).
 */
export function toResourceRecordSet(rs: RecordSet): Record<string, unknown> {
  const out: Record<string, unknown> = { Name: rs.name, Type: rs.type };
  if (rs.setIdentifier !== undefined) out.SetIdentifier = rs.setIdentifier;
  if (rs.weight !== undefined) out.Weight = rs.weight;
  if (rs.region !== undefined) out.Region = rs.region;
  if (rs.geoLocation !== undefined) {
    const g = rs.geoLocation;
    const geo: Record<string, unknown> = {};
    if (g.continentCode !== undefined) geo.ContinentCode = g.continentCode;
    if (g.countryCode !== undefined) geo.CountryCode = g.countryCode;
    if (g.subdivisionCode !== undefined) geo.SubdivisionCode = g.subdivisionCode;
    out.GeoLocation = geo;
  }
  if (rs.failover !== undefined) out.Failover = rs.failover;
  if (rs.multiValueAnswer !== undefined) out.MultiValueAnswer = rs.multiValueAnswer;
  if (rs.aliasTarget === undefined) {
    if (rs.ttl !== undefined) out.TTL = rs.ttl;
    out.ResourceRecords = (rs.values ?? []).map((v) => ({ Value: v }));
  } else {
    const a = rs.aliasTarget;
    out.AliasTarget = { HostedZoneId: a.hostedZoneId, DNSName: a.dnsName, EvaluateTargetHealth: a.evaluateTargetHealth };
  }
  if (rs.healthCheckId !== undefined) out.HealthCheckId = rs.healthCheckId;
  if (rs.trafficPolicyInstanceId !== undefined) out.TrafficPolicyInstanceId = rs.trafficPolicyInstanceId;
  if (rs.cidrRoutingConfig !== undefined) {
    out.CidrRoutingConfig = { CollectionId: rs.cidrRoutingConfig.collectionId, LocationName: rs.cidrRoutingConfig.locationName };
  }
  if (rs.geoProximityLocation !== undefined) {
    const p = rs.geoProximityLocation;
    const prox: Record<string, unknown> = {};
    if (p.awsRegion !== undefined) prox.AWSRegion = p.awsRegion;
    if (p.localZoneGroup !== undefined) prox.LocalZoneGroup = p.localZoneGroup;
    if (p.coordinates !== undefined) prox.Coordinates = { Latitude: p.coordinates.latitude, Longitude: p.coordinates.longitude };
    if (p.bias !== undefined) prox.Bias = p.bias;
    out.GeoProximityLocation = prox;
  }
  return out;
}

/** `{"ResourceRecordSets":[...]}` in Route 53 listing order, 4-space indented like the CLI, trailing newline. */
export function printListResourceRecordSets(sets: readonly RecordSet[]): string {
  const ordered = [...sets].sort(compareRecordSets);
  return JSON.stringify({ ResourceRecordSets: ordered.map(toResourceRecordSet) }, null, 4) + '\n';
}

/** What a record-set listing holds. */
export interface Route53Export {
  recordSets: RecordSet[];
  /** the set as the export wrote it, by recordKey, so DELETEs can repeat it exactly */
  native: Map<string, Record<string, unknown>>;
  problems: { message: string }[];
}

/**
 * Reads list-resource-record-sets output: one response, several pages
 * concatenated (JSON documents back to back) or as a JSON array of
 * responses, or the bare ResourceRecordSets array. Raw API pages with
 * IsTruncated/NextRecordName are fine, as long as the last page ends the
 * listing. Throws ExportFormatError (names the
 * file, says what is wrong) when it is none of these.
 */
export function readRoute53Export(text: string, file: string): Route53Export {
  const docs = splitJsonDocuments(text, file);
  if (docs.length === 0) throw new ExportFormatError(file, 'is empty: expected list-resource-record-sets JSON');
  const rawSets: unknown[] = [];
  // One by one, not push(...sets): the CLI merges every page of a big zone into one array.
  const add = (sets: readonly unknown[]) => {
    for (const s of sets) rawSets.push(s);
  };
  docs.forEach((doc, i) => {
    const where = docs.length > 1 ? `document ${i + 1}` : 'the document';
    if (Array.isArray(doc)) {
      if (doc.length > 0 && doc.every(isPage)) {
        for (const page of doc) add(field(page, 'ResourceRecordSets') as unknown[]);
      } else if (doc.every(isObject)) {
        add(doc);
      } else {
        throw new ExportFormatError(file, `${where} is an array of neither responses nor record sets`);
      }
    } else if (isPage(doc)) {
      add(field(doc, 'ResourceRecordSets') as unknown[]);
    } else {
      throw new ExportFormatError(file, `${where} has no ResourceRecordSets array: expected list-resource-record-sets output`);
    }
  });

  refuseTruncated(docs, file);

  const problems: { message: string }[] = [];
  const byKey = new Map<string, RecordSet>();
  const native = new Map<string, Record<string, unknown>>();
  rawSets.forEach((raw, i) => {
    let rs: RecordSet;
    try {
      rs = readResourceRecordSet(raw);
    } catch (err) {
      problems.push({ message: `${file}: record set ${i + 1}: ${recordSetProblem(err)}; skipped` });
      return;
    }
    const key = recordKey(rs);
    if (byKey.has(key)) problems.push({ message: `${file}: ${describeRecordSet(rs)} is listed more than once; the later one is kept` });
    for (const bad of rs.invalidValues ?? []) {
      problems.push({ message: `${file}: ${describeInvalidValue(rs, bad)}` });
    }
    byKey.set(key, rs);
    if (nestsDeeperThan(raw, NATIVE_DEPTH)) {
      problems.push({ message: `${file}: ${describeRecordSet(rs)} nests deeper than a Route 53 record set; a DELETE of it repeats the set as read, not as written` });
      native.delete(key);
    } else {
      native.set(key, raw as Record<string, unknown>);
    }
  });
  return { recordSets: [...byKey.values()].sort(compareRecordSets), native, problems };
}

/**
 * Deepest nesting of a listed set kept as written (for exact DELETEs). Route
 * 53's sets nest three levels (GeoProximityLocation.Coordinates.Latitude);
 * one nested thousands deep is not a set Route 53 listed, and a DELETE
 * repeating it could not even be written (JSON.stringify recurses).
 */
const NATIVE_DEPTH = 8;

/** True when `value` nests arrays or objects more than `limit` levels deep (walked without recursion). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, depth + 1]);
  }
  return false;
}

/** Cheap sniff: JSON whose text mentions ResourceRecordSets, or an array of objects with Name and Type. */
export function looksLikeRoute53Export(text: string): boolean {
  const start = text.trimStart();
  if (!start.startsWith('{') && !start.startsWith('[')) return false;
  if (/"ResourceRecordSets"\s*:/i.test(text)) return true;
  return start.startsWith('[') && /^\[\s*\{/.test(start) && /"Name"\s*:/i.test(text) && /"Type"\s*:/i.test(text);
}

/**
 * A listing whose last page says more follows (the raw API's IsTruncated and
 * NextRecordName, `--no-paginate`; the CLI's NextToken, `--max-items`) is a
 * part of the zone. Read as the whole, every set past the cut would show as
 * deleted out of band, and the restore would CREATE sets that exist, which
 * Route 53 refuses.
 */
function refuseTruncated(docs: readonly unknown[], file: string): void {
  const pages = docs.flatMap((d) => (Array.isArray(d) ? d : [d])).filter(isPage);
  const last = pages[pages.length - 1];
  if (last === undefined) return;
  const truncated = field(last, 'IsTruncated');
  const next = field(last, 'NextRecordName');
  const token = field(last, 'NextToken');
  let cue: string | undefined;
  if (truncated === true || truncated === 'true') cue = `IsTruncated${typeof next === 'string' ? `, NextRecordName ${JSON.stringify(next)}` : ''}`;
  else if (truncated === undefined && typeof next === 'string') cue = `NextRecordName ${JSON.stringify(next)}`;
  else if (typeof token === 'string' && token !== '') cue = 'NextToken';
  if (cue === undefined) return;
  throw new ExportFormatError(file, `the listing is cut short (its last page has ${cue}): save every page, e.g. aws route53 list-resource-record-sets --hosted-zone-id Z… without --max-items or --no-paginate`);
}

function isPage(v: unknown): boolean {
  return isObject(v) && Array.isArray(field(v, 'ResourceRecordSets'));
}

/** Splits text holding one or more JSON values back to back. Throws ExportFormatError with line and column. */
function splitJsonDocuments(text: string, file: string): unknown[] {
  const docs: unknown[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (i >= n) break;
    const start = i;
    const first = text[i]!;
    if (first !== '{' && first !== '[') throw new ExportFormatError(file, `${position(text, i)}: expected "{" or "[", found ${JSON.stringify(text.slice(i, i + 10))}`);
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const c = text[i]!;
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    if (depth !== 0) throw new ExportFormatError(file, `${position(text, start)}: JSON document is not closed`);
    try {
      docs.push(JSON.parse(text.slice(start, i)));
    } catch (err) {
      const m = /position (\d+)/.exec((err as Error).message);
      const at = m ? start + Number(m[1]) : start;
      throw new ExportFormatError(file, `${position(text, at)}: invalid JSON: ${(err as Error).message}`);
    }
  }
  return docs;
}

function position(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}
