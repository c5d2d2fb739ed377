/**
 * The diff as plain set logic (DNSControl): both sides are canonical record
 * sets, compared by key; case, trailing dots, escapes, IPv6 spelling, TXT
 * quoting and value order can never show up as differences because the
 * model has already normalized them.
 */
import {
  changedFields,
  compareRecordSets,
  compareStrings,
  recordKey,
  type ContentField,
  type RecordKey,
  type RecordSet,
} from '../model/record-set.js';

/**
 * One difference between `from` (the replay) and `to` (live, or a later instant).
 * `added`: only in `to`; `removed`: only in `from`; `changed`: in both, content differs.
 */
export interface Difference {
  readonly kind: 'added' | 'removed' | 'changed';
  readonly key: RecordKey;
  readonly from?: RecordSet;
  readonly to?: RecordSet;
  /** Content fields that differ (all present fields for added/removed). */
  readonly fields: readonly ContentField[];
  readonly valuesAdded: readonly string[];
  readonly valuesRemoved: readonly string[];
  /** Only the TTL differs: its own class, as in DNSControl. */
  readonly ttlOnly: boolean;
  /** SOA or NS at the zone apex: compared, but reported apart (serials and name servers differ legitimately). */
  readonly apex: boolean;
}

function isApex(rs: RecordSet, zoneName: string | undefined): boolean {
  return zoneName !== undefined && rs.name === zoneName && (rs.type === 'SOA' || rs.type === 'NS');
}

function presentFields(rs: RecordSet): ContentField[] {
  return changedFields(rs, { name: rs.name, type: rs.type });
}

/** Differences between two sets of record sets, in Route 53 order. */
export function diffRecordSets(from: readonly RecordSet[], to: readonly RecordSet[], zoneName?: string): Difference[] {
  const a = new Map(from.map((rs) => [recordKey(rs), rs]));
  const b = new Map(to.map((rs) => [recordKey(rs), rs]));
  const out: Difference[] = [];
  for (const [key, rs] of a) {
    const other = b.get(key);
    if (other === undefined) {
      out.push({ kind: 'removed', key, from: rs, fields: presentFields(rs), valuesAdded: [], valuesRemoved: rs.values ?? [], ttlOnly: false, apex: isApex(rs, zoneName) });
      continue;
    }
    const fields = changedFields(rs, other);
    if (fields.length === 0) continue;
    const av = new Set(rs.values ?? []);
    const bv = new Set(other.values ?? []);
    out.push({
      kind: 'changed',
      key,
      from: rs,
      to: other,
      fields,
      valuesAdded: [...bv].filter((v) => !av.has(v)).sort(compareStrings),
      valuesRemoved: [...av].filter((v) => !bv.has(v)).sort(compareStrings),
      ttlOnly: fields.length === 1 && fields[0] === 'ttl',
      apex: isApex(rs, zoneName),
    });
  }
  for (const [key, rs] of b) {
    if (!a.has(key)) out.push({ kind: 'added', key, to: rs, fields: presentFields(rs), valuesAdded: rs.values ?? [], valuesRemoved: [], ttlOnly: false, apex: isApex(rs, zoneName) });
  }
  return out.sort((x, y) => compareRecordSets((x.from ?? x.to)!, (y.from ?? y.to)!));
}

/** Applies differences to `from`, giving `to` (the inverse of diffRecordSets; a test says so). */
export function applyDifferences(from: readonly RecordSet[], diffs: readonly Difference[]): RecordSet[] {
  const m = new Map(from.map((rs) => [recordKey(rs), rs]));
  for (const d of diffs) {
    if (d.kind === 'removed') m.delete(d.key);
    else m.set(d.key, d.to!);
  }
  return [...m.values()].sort(compareRecordSets);
}
