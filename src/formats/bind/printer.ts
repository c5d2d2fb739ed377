/**
 * Writes record sets as a BIND zone file that `named-checkzone` accepts and
 * that parseZoneFile reads back to the same sets.
 *
 * Layout: header lines as `; ` comments, `$ORIGIN`, `$TTL`, then the apex
 * SOA, the apex NS, and the rest in Route 53 order; one record per line in
 * aligned columns (owner relative to the origin, TTL, class, type, data with
 * absolute names and decimal `\DDD` escapes).
 *
 * Route 53 features BIND cannot read follow cli53's conventions, which
 * zone-replay's parser reads back:
 * - A set with a set identifier or routing fields is written as ordinary
 *   records, each with cli53's trailing comment
 *   `; AWS routing="WEIGHTED" weight=1 identifier="One"` (see aws-routing.ts
 *   for every key). BIND ignores the comment and merges the values into one
 *   RRset, which it accepts.
 * - An alias set is cli53's `name 86400 AWS ALIAS <type> <target> <zone id>
 *   <evaluate-target-health>` line (86400 is cli53's placeholder: aliases
 *   have no TTL), hidden from BIND behind the marker `;@AWS ` at the start of
 *   the line, e.g. `;@AWS www 86400 AWS ALIAS A lb.example.net. Z35SXDOTRQ7X7K false`.
 * - Any other set BIND would reject (see bind-safety.ts: CNAME beside other
 *   data, two weighted CNAMEs at one name, DS at the apex, …) is written as
 *   its ordinary lines behind the same `;@AWS ` marker.
 * - Values without a canonical form (`invalidValues`) are written as plain
 *   comments with the reason, and are not read back; neither is a set with
 *   no values at all.
 *
 * Total: never throws for a record set, whatever its content (the origin
 * must be a valid name).
 */
import { canonicalName, compareRecordSets, compareStrings, describeRecordSet, encodeCharString, formatValue, NameError, stableJson, utf8Bytes, zoneFileName, type RecordSet } from '../../model/index.js';
import { formatRoutingComment, hasRouting } from './aws-routing.js';
import { setsHiddenFromBind, validValues } from './bind-safety.js';
import { HIDDEN_MARKER } from './lexer.js';
import { ACTING_BEYOND_C0 } from '../../model/acting-characters.js';

/** Options of printZoneFile. */
export interface PrintZoneFileOptions {
  /** The zone's origin, any spelling. */
  readonly origin: string;
  /** Lines written first, as `; ` comments. */
  readonly header?: readonly string[];
}

/** The TTL cli53 writes on AWS ALIAS lines; readers ignore it. */
export const ALIAS_PLACEHOLDER_TTL = 86400;

interface Row {
  readonly hidden: boolean;
  readonly name: string;
  readonly ttl: string;
  readonly cls: string;
  readonly type: string;
  readonly data: string;
  readonly comment?: string;
}

/** Writes a zone file. Output depends only on the set of record sets, not their order. */
export function printZoneFile(sets: readonly RecordSet[], opts: PrintZoneFileOptions): string {
  const origin = canonicalName(opts.origin, 'route53');
  const ordered = orderForZoneFile(sets, origin);
  const hidden = setsHiddenFromBind(ordered, origin);
  const out: string[] = [];
  for (const h of opts.header ?? []) for (const line of h.split(/\r?\n/)) out.push(commentLine(line));
  out.push(`$ORIGIN ${zoneFileName(origin)}`);
  out.push(`$TTL ${defaultTtl(ordered)}`);

  const rows: (Row | string)[] = [];
  for (const rs of ordered) {
    const name = safeName(rs.name, origin);
    if (rs.aliasTarget !== undefined) {
      const a = rs.aliasTarget;
      const data = `${rs.type} ${safeName(a.dnsName)} ${word(a.hostedZoneId)} ${a.evaluateTargetHealth ? 'true' : 'false'}`;
      rows.push(row(true, name, String(ALIAS_PLACEHOLDER_TTL), 'AWS', 'ALIAS', data, rs));
      continue;
    }
    const values = validValues(rs);
    for (const bad of rs.invalidValues ?? []) {
      rows.push(commentLine(`invalid value of ${describeRecordSet(rs)} (${oneLine(bad.reason)}): ${JSON.stringify(bad.value)}`));
    }
    if (values.length === 0) {
      rows.push(commentLine(`${describeRecordSet(rs)} has no value to write`));
      continue;
    }
    const ttl = rs.ttl === undefined ? '' : String(rs.ttl);
    for (const v of values) rows.push(row(hidden.has(rs), name, ttl, 'IN', rs.type, formatValue(rs.type, v, 'zonefile'), rs));
  }

  const visible = rows.filter((r): r is Row => typeof r !== 'string');
  const width = (f: (r: Row) => string, cap: number): number => Math.min(cap, Math.max(0, ...visible.map((r) => f(r).length)));
  const wName = width((r) => r.name, 40);
  const wTtl = width((r) => r.ttl, 10);
  const wCls = width((r) => r.cls, 3);
  const wType = width((r) => r.type, 6);
  for (const r of rows) {
    if (typeof r === 'string') {
      out.push(r);
      continue;
    }
    const cols = [pad(r.name, wName), pad(r.ttl, wTtl), pad(r.cls, wCls), pad(r.type, wType), r.data].join(' ');
    const line = (r.hidden ? HIDDEN_MARKER : '') + cols + (r.comment !== undefined ? ` ; ${r.comment}` : '');
    out.push(line.replace(/ +$/, ''));
  }
  return out.join('\n') + '\n';
}

function row(hidden: boolean, name: string, ttl: string, cls: string, type: string, data: string, rs: RecordSet): Row {
  return hasRouting(rs) ? { hidden, name, ttl, cls, type, data, comment: formatRoutingComment(rs) } : { hidden, name, ttl, cls, type, data };
}

/** Apex SOA, apex NS, then Route 53 order; ties broken by content so that input order never matters. */
function orderForZoneFile(sets: readonly RecordSet[], origin: string): RecordSet[] {
  const rank = (rs: RecordSet): number => (rs.name !== origin ? 2 : rs.type === 'SOA' ? 0 : rs.type === 'NS' ? 1 : 2);
  return [...sets].sort((a, b) => rank(a) - rank(b) || compareRecordSets(a, b) || compareStrings(stableJson(a), stableJson(b)));
}

/** The most common TTL (smallest on a tie), or 3600. */
function defaultTtl(sets: readonly RecordSet[]): number {
  const counts = new Map<number, number>();
  for (const rs of sets) if (rs.ttl !== undefined && rs.aliasTarget === undefined) counts.set(rs.ttl, (counts.get(rs.ttl) ?? 0) + 1);
  let best: [number, number] | undefined;
  for (const [ttl, n] of counts) if (best === undefined || n > best[1] || (n === best[1] && ttl < best[0])) best = [ttl, n];
  return best?.[0] ?? 3600;
}

/** Zone-file spelling of a name; a name that is not canonical is written as a quoted word. */
function safeName(name: string, origin?: string): string {
  try {
    return zoneFileName(name, origin);
  } catch (err) {
    if (!(err instanceof NameError)) throw err;
    return word(name);
  }
}

/** A word that the lexer reads back as one token: bare when safe, else quoted with decimal escapes. */
function word(text: string): string {
  return /^[A-Za-z0-9$._/:-]+$/.test(text) ? text : encodeCharString(utf8Bytes(text), 'zonefile');
}

function pad(text: string, width: number): string {
  return text.padEnd(width);
}

/** Characters a terminal or an editor may act on beyond C0 (DEL is a space by then). */
const INVISIBLE = new RegExp(`[${ACTING_BEYOND_C0}]`, 'g');

/** Comment text on one line: C0 controls as spaces, the others as visible `\uHHHH`. */
function oneLine(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]+/g, ' ').replace(INVISIBLE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function commentLine(text: string): string {
  return `; ${oneLine(text)}`.replace(/ +$/, '');
}
