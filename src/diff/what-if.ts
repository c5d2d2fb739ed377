/**
 * What-if: runs change batches through the same Route 53 simulator as the
 * replay (replay/rules.ts), against a zone given as record sets, so a restore
 * can be checked before it is applied.
 */
import { PMap } from '../replay/persistent.js';
import { toResourceRecordSet } from '../formats/route53-json.js';
import { limitErrors } from './change-batch.js';
import type { Change, Provenance } from '../events/types.js';
import { bareZoneId, DUPLICATE_VALUE, field, isObject, readResourceRecordSet, recordSetProblem, stringField } from '../model/read-rrset.js';
import { compareRecordSets, type RecordKey, type RecordSet } from '../model/record-set.js';
import { applyBatch } from '../replay/rules.js';
import { routingProblem } from '../replay/routing-groups.js';
import { withEntries, type NameKeysEntry, type RrsetEntry, type ZoneState } from '../replay/state.js';

/** A change batch file that cannot be read. */
export class ChangeBatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChangeBatchError';
  }
}

/**
 * Reads a change batch document: `{"Changes": [...]}`, the CLI's full input
 * (`{"HostedZoneId": …, "ChangeBatch": {...}}`), or an array of either.
 */
export function readChangeBatches(doc: unknown): Change[][] {
  const list = Array.isArray(doc) ? doc : [doc];
  return list.map((item, b) => {
    const batch = field(item, 'changeBatch') ?? item;
    const changes = field(batch, 'changes');
    if (!Array.isArray(changes) || changes.length === 0) throw new ChangeBatchError(`batch ${b + 1} has no Changes`);
    return changes.map((c, i): Change => {
      const action = stringField(c, 'action')?.toUpperCase();
      if (action !== 'CREATE' && action !== 'DELETE' && action !== 'UPSERT') {
        throw new ChangeBatchError(`batch ${b + 1}, change ${i + 1}: Action must be CREATE, DELETE or UPSERT`);
      }
      if (!isObject(c)) throw new ChangeBatchError(`batch ${b + 1}, change ${i + 1} is not an object`);
      try {
        return { action, rrset: readResourceRecordSet(field(c, 'resourceRecordSet')) };
      } catch (err) {
        throw new ChangeBatchError(`batch ${b + 1}, change ${i + 1}: ${recordSetProblem(err)}`);
      }
    });
  });
}

/** The HostedZoneId a change batch document names (the CLI's full input), if any. */
export function changeBatchZoneId(doc: unknown): string | undefined {
  const first = Array.isArray(doc) ? doc[0] : doc;
  const id = stringField(first, 'hostedZoneId');
  return id !== undefined && id.trim() !== '' ? bareZoneId(id) : undefined;
}

/** The result of a what-if. */
export type WhatIfResult =
  | { readonly ok: true; readonly recordSets: RecordSet[] }
  | { readonly ok: false; readonly batch: number; readonly errors: readonly string[]; readonly recordSets: RecordSet[] };

const WHAT_IF: Provenance = Object.freeze({ eventId: 'what-if', eventTime: '1970-01-01T00:00:00Z', timeMs: 0, eventName: 'ChangeResourceRecordSets', identity: {}, file: 'what-if', index: 0 });

/** A zone state holding `sets`, as Route 53 would have it (so its rules apply strictly). */
export function zoneFromSets(zoneId: string, zoneName: string | undefined, sets: readonly RecordSet[]): ZoneState {
  const entries = sets.map((rrset): RrsetEntry => ({ rrset, origin: 'logged', setBy: WHAT_IF, action: 'CREATE' }));
  const table = withEntries({ rrsets: PMap<RecordKey, RrsetEntry>(), byName: PMap<string, NameKeysEntry>() }, entries);
  return Object.freeze({ zoneId, ...(zoneName !== undefined ? { zoneName } : {}), status: 'exists' as const, ...table });
}

/**
 * Applies batches in order; stops at the first one Route 53 would reject (a CREATE or UPSERT of a value it cannot read, or a value listed twice,
 * a request over Route 53's limits, a SetIdentifier without a routing policy or the reverse, too).
 */
export function whatIf(zoneName: string | undefined, sets: readonly RecordSet[], batches: readonly (readonly Change[])[], zoneId = 'what-if'): WhatIfResult {
  // The zone's id, when known, lets aliases to the zone's own sets be checked.
  let state = zoneFromSets(bareZoneId(zoneId), zoneName, sets);
  const current = () => [...state.rrsets.values()].map((e) => e.rrset).sort(compareRecordSets);
  for (const [i, changes] of batches.entries()) {
    // The replay keeps logged values it cannot read (AWS redacts some); a batch about to be sent gets Route 53's answer.
    const refused = changes.flatMap((c) => (c.rrset.invalidValues ?? []).flatMap((v) => (v.reason === DUPLICATE_VALUE ? [`Duplicate Resource Record: '${v.value}'`] : c.action === 'DELETE' ? [] : [`Invalid Resource Record: FATAL problem: ${v.reason} encountered with ${JSON.stringify(v.value)} in [name='${c.rrset.name}', type='${c.rrset.type}']`])));
    const routing = changes.flatMap((c) => routingProblem(c.action, c.rrset) ?? []);
    // The request's limits: the replay's logged batches passed them; a hand-made one may not (values counted as canonical).
    refused.push(...routing, ...limitErrors(changes.map((c) => ({ action: c.action, api: toResourceRecordSet(c.rrset) }))));
    if (refused.length > 0) return { ok: false, batch: i + 1, errors: refused, recordSets: current() };
    const r = applyBatch(state, changes, WHAT_IF, false);
    if (!r.ok) return { ok: false, batch: i + 1, errors: r.errors, recordSets: current() };
    state = { ...state, rrsets: r.rrsets, byName: r.byName };
  }
  return { ok: true, recordSets: current() };
}
