/** Test helpers: read a simulation folder back without the simulator's code. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readResourceRecordSet, recordKey, stableJson, type RecordSet } from '../../src/model/index.js';

/** Every file under `dir`, as sorted relative paths. */
export function walk(dir: string, root = dir): string[] {
  return readdirSync(dir)
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walk(p, root) : [relative(root, p)];
    })
    .sort();
}

/** A hash over every path and its bytes. */
export function hashTree(dir: string): string {
  const h = createHash('sha256');
  for (const f of walk(dir)) h.update(f + '\0').update(readFileSync(join(dir, f)));
  return h.digest('hex');
}

/** One log file as read back. */
export interface LogFile {
  readonly key: string;
  readonly records: Record<string, unknown>[];
}

/** Gunzips and parses every log file of both trails (not their CloudTrail-Digest files). */
export function readTrail(dir: string): LogFile[] {
  return walk(dir)
    .filter((f) => f.endsWith('.json.gz') && !f.includes('/CloudTrail-Digest/'))
    .map((key) => {
      const doc = JSON.parse(gunzipSync(readFileSync(join(dir, key))).toString('utf8')) as { Records: Record<string, unknown>[] };
      return { key, records: doc.Records };
    });
}

/** A zone's record sets (API form) as a Map key → canonical content text, via the model's reader. */
export function asMap(list: readonly unknown[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const item of list) {
    const rs = readResourceRecordSet(item);
    m.set(recordKey(rs), stableJson(rs));
  }
  return m;
}

/** Keys whose content differs between two maps (present in one only included). */
export function differingKeys(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k)).sort();
}

interface CreateResponse {
  hostedZone: { id: string; name: string };
  delegationSet: { nameServers: string[] };
}

/**
 * The test's own Route 53 replay: applies successful ChangeResourceRecordSets
 * (deduplicated by eventID, in eventTime order) trusting them; CreateHostedZone
 * brings SOA/NS, DeleteHostedZone empties.
 */
export function replayRecords(records: readonly Record<string, unknown>[], zoneId: string, base: readonly unknown[] | null, until = Infinity): { exists: boolean; sets: Map<string, string> } {
  const seen = new Set<string>();
  const mine = records
    .filter((r) => {
      const id = r.eventID as string;
      if (seen.has(id)) return false;
      seen.add(id);
      return r.eventSource === 'route53.amazonaws.com' && r.errorCode === undefined && Date.parse(r.eventTime as string) <= until;
    })
    .sort((a, b) => (a.eventTime as string).localeCompare(b.eventTime as string));
  let exists = base !== null;
  const sets = new Map<string, RecordSet>();
  for (const rs of base ?? []) sets.set(recordKey(readResourceRecordSet(rs)), readResourceRecordSet(rs));
  for (const r of mine) {
    const p = r.requestParameters as Record<string, unknown> | null;
    const resp = r.responseElements as CreateResponse | null;
    if (r.eventName === 'CreateHostedZone' && resp?.hostedZone.id === `/hostedzone/${zoneId}`) {
      exists = true;
      sets.clear();
      const ns = resp.delegationSet.nameServers.map((n) => n + '.');
      const apex = resp.hostedZone.name;
      for (const rs of [
        { Name: apex, Type: 'NS', TTL: 172800, ResourceRecords: ns.map((Value) => ({ Value })) },
        { Name: apex, Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: `${ns[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400` }] },
      ]) {
        const s = readResourceRecordSet(rs);
        sets.set(recordKey(s), s);
      }
    } else if (r.eventName === 'DeleteHostedZone' && p?.id === zoneId) {
      exists = false;
      sets.clear();
    } else if (r.eventName === 'ChangeResourceRecordSets' && p?.hostedZoneId === zoneId) {
      for (const c of (p.changeBatch as { changes: { action: string; resourceRecordSet: unknown }[] }).changes) {
        const s = readResourceRecordSet(c.resourceRecordSet);
        if (c.action === 'DELETE') sets.delete(recordKey(s));
        else sets.set(recordKey(s), s);
      }
    }
  }
  return { exists, sets: new Map([...sets].map(([k, v]) => [k, stableJson(v)])) };
}
