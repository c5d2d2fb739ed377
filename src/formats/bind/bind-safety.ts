/**
 * Which record sets BIND can load as ordinary records. Everything else is
 * hidden from BIND by the printer (written behind the `;@AWS ` marker) so
 * that `named-checkzone` accepts the file and zone-replay still reads it all
 * back. The rules are the rejections observed from BIND 9.18's
 * named-checkzone: alias records (Route 53 only), CNAME beside other data or
 * several CNAME values at one name, SOA away from the apex or more than one,
 * DS at the apex, wildcard NS, DS/SSHFP digests of the wrong length,
 * SVCB/HTTPS parameters BIND does not know, names over 255 bytes.
 */
import { NameError, nameLabels, parseLabels, valueTargets, type RecordSet } from '../../model/index.js';

/** The sets among `sets` (all in one zone) that must be hidden from BIND. */
export function setsHiddenFromBind(sets: readonly RecordSet[], origin: string): Set<RecordSet> {
  const hidden = new Set<RecordSet>();
  let soaSeen = false;
  for (const rs of sets) {
    if (rs.aliasTarget !== undefined || !bindReadsSet(rs, origin)) {
      hidden.add(rs);
    } else if (rs.type === 'SOA') {
      if (soaSeen) hidden.add(rs);
      soaSeen = true;
    }
  }
  // CNAME exclusivity is a property of a name, over all sets BIND still sees.
  const byName = new Map<string, RecordSet[]>();
  for (const rs of sets) {
    if (hidden.has(rs) || validValues(rs).length === 0) continue;
    const list = byName.get(rs.name) ?? [];
    list.push(rs);
    byName.set(rs.name, list);
  }
  for (const list of byName.values()) {
    const cnames = list.filter((rs) => rs.type === 'CNAME');
    if (cnames.length === 0) continue;
    const distinct = new Set(cnames.flatMap(validValues));
    if (distinct.size > 1 || cnames.length < list.length) for (const rs of cnames) hidden.add(rs);
  }
  return hidden;
}

/** Values of a set that were canonicalized (not listed as invalid). */
export function validValues(rs: RecordSet): string[] {
  const invalid = new Set((rs.invalidValues ?? []).map((v) => v.value));
  return (rs.values ?? []).filter((v) => !invalid.has(v));
}

const DIGEST_BYTES: Record<string, Record<number, number>> = {
  DS: { 1: 20, 2: 32, 3: 32, 4: 48 },
  SSHFP: { 1: 20, 2: 32 },
};

const SVC_KEYS = new Set(['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint']);

function bindReadsSet(rs: RecordSet, origin: string): boolean {
  if (wireLength(rs.name) > 255) return false;
  const values = validValues(rs);
  switch (rs.type) {
    case 'SOA':
      return rs.name === origin && values.length === 1;
    case 'DS':
      return rs.name !== origin && values.every((v) => digestFits('DS', v, 2));
    case 'SSHFP':
      return values.every((v) => digestFits('SSHFP', v, 1));
    case 'NS':
      return !rs.name.startsWith('\\052.');
    case 'HTTPS':
    case 'SVCB':
      return values.every(svcParamsKnown);
    default:
      return values.every((v) => valueTargets(rs.type, v).every((t) => wireLength(t) <= 255));
  }
}

function digestFits(type: string, value: string, typeField: number): boolean {
  const words = value.split(' ');
  const expected = DIGEST_BYTES[type]?.[Number(words[typeField])];
  const hex = words.slice(typeField + 1).join('');
  return expected === undefined || hex.length === expected * 2;
}

function svcParamsKnown(value: string): boolean {
  const params = value.split(' ').slice(2);
  const keys = params.map((p) => p.split('=')[0]!);
  for (const p of params) {
    const [key, list] = [p.split('=')[0]!, p.slice(p.indexOf('=') + 1)];
    const generic = /^key([0-9]+)$/.exec(key);
    if (!SVC_KEYS.has(key) && !(generic && Number(generic[1]) >= 8 && Number(generic[1]) <= 65534)) return false;
    if (key === 'mandatory' && !list.split(',').every((k) => keys.includes(k))) return false;
  }
  return true;
}

/** Length of a canonical name on the wire. */
function wireLength(name: string): number {
  try {
    return parseLabels(name, 'route53').reduce((sum, l) => sum + l.length + 1, 1);
  } catch (err) {
    if (!(err instanceof NameError)) throw err;
    return nameLabels(name).join('.').length + 2;
  }
}
