/**
 * A small model of what Route 53 did with the calls of a known trail
 * (arbTrailOf({ known: true })), for laws that must not take their
 * expectation from the replay. Its rules are the ones such a trail can
 * meet (reference §5): a batch is atomic; a CREATE needs the set absent; a
 * DELETE needs it present with the same content; the apex keeps one SOA
 * and one NS. A failed call changes nothing.
 *
 * And what a gap leaves open. After a call that changed records unseen (a
 * request CloudTrail cut, a traffic policy instance), the logs no longer
 * know which sets exist: a successful batch the logs alone would refuse
 * for a set's presence or content is what the gap made possible. It stands,
 * and those changes are unverified — but for a DELETE of a set absent, that
 * no change since the last gap touched: Route 53 deleted it as named, so it
 * was there from that gap on (made by it, or older). The model puts it in
 * every state from the gap to the DELETE, set by the DELETE. The apex rule
 * holds whatever a gap did.
 */
import { recordKey, stableJson, type RecordSet } from '../../src/model/record-set.js';
import { TRAIL_ZONES, type Trail, type TrailCall } from './arb-trail.js';

/** A set in the model, with the call that last set it. */
export interface ModelEntry {
  readonly rrset: RecordSet;
  readonly by: TrailCall;
  /** For a set a DELETE proved was there since a gap: that gap (then `by` is the DELETE's call). */
  readonly since?: TrailCall;
}

/** What Route 53 made of a call. */
export type ModelOutcome = 'accepted' | 'refused' | 'failed' | 'gap';

/** One call in one zone, and the zone after it. */
export interface ModelStep {
  readonly call: TrailCall;
  readonly outcome: ModelOutcome;
  /** Changes that stand only because a gap may have made them possible. */
  readonly unverified: readonly { readonly key: string; readonly action: 'CREATE' | 'DELETE' }[];
  readonly sets: ReadonlyMap<string, ModelEntry>;
}

type Gap = Extract<TrailCall, { kind: 'gap' }>;

/** True when the trail tells which zone a gap changed: its record names it, or another record names its traffic policy instance's. */
export function gapZoneKnown(trail: Trail, gap: Gap): boolean {
  return gap.named || (gap.instance !== undefined && trail.calls.some((c) => c.kind === 'gap' && c.named && c.instance === gap.instance));
}

/**
 * The zones (indexes of TRAIL_ZONES) a call is about: a gap whose zone the
 * trail does not tell may have changed any zone that existed then, that is
 * any but those the trail creates later.
 */
export function zonesOf(trail: Trail, call: TrailCall): number[] {
  if (call.kind !== 'gap' || gapZoneKnown(trail, call)) return [call.zone];
  const createdLater = (zone: number) => {
    const created = trail.calls.find((c) => c.kind === 'create-zone' && c.zone === zone);
    return created !== undefined && created.timeMs > call.timeMs;
  };
  return TRAIL_ZONES.map((_, i) => i).filter((zone) => !createdLater(zone));
}

const apexKeys = (zone: number) => [recordKey({ name: TRAIL_ZONES[zone]!.name, type: 'SOA' }), recordKey({ name: TRAIL_ZONES[zone]!.name, type: 'NS' })];

/** The calls of a known trail that concern zone `zone`, with what Route 53 made of each. */
export function modelZone(trail: Trail, zone: number): ModelStep[] {
  const steps: ModelStep[] = [];
  let sets = new Map<string, ModelEntry>();
  let afterGap = false;
  // The step of the zone's last gap, and the keys changed since.
  let gapStep = -1;
  let touched = new Set<string>();
  for (const call of trail.calls) {
    if (!zonesOf(trail, call).includes(zone)) continue;
    switch (call.kind) {
      case 'create-zone':
        sets = new Map(call.apex.map((rrset) => [recordKey(rrset), { rrset, by: call }]));
        afterGap = false;
        gapStep = -1;
        steps.push({ call, outcome: 'accepted', unverified: [], sets });
        break;
      case 'delete-zone':
        throw new Error('a known trail deletes no zone');
      case 'gap':
        afterGap = true;
        gapStep = steps.length;
        touched = new Set();
        steps.push({ call, outcome: 'gap', unverified: [], sets });
        break;
      case 'batch': {
        if (call.failed) {
          steps.push({ call, outcome: 'failed', unverified: [], sets });
          break;
        }
        const after = applyBatch(sets, call, afterGap, zone, touched);
        if (after === undefined) steps.push({ call, outcome: 'refused', unverified: [], sets });
        else {
          // Sets the batch proved were there since the gap: in every state from it on.
          for (const rrset of after.proved) {
            const entry = { rrset, by: call, since: steps[gapStep]!.call };
            for (let j = gapStep; j < steps.length; j++) steps[j] = { ...steps[j]!, sets: new Map(steps[j]!.sets).set(recordKey(rrset), entry) };
          }
          for (const { rrset } of call.changes) touched.add(recordKey(rrset));
          sets = after.sets;
          steps.push({ call, outcome: 'accepted', unverified: after.unverified, sets });
        }
        break;
      }
    }
  }
  return steps;
}

function applyBatch(
  before: ReadonlyMap<string, ModelEntry>,
  call: Extract<TrailCall, { kind: 'batch' }>,
  afterGap: boolean,
  zone: number,
  touchedSinceGap: ReadonlySet<string>,
): { sets: Map<string, ModelEntry>; unverified: ModelStep['unverified']; proved: RecordSet[] } | undefined {
  const sets = new Map(before);
  const unverified: { key: string; action: 'CREATE' | 'DELETE' }[] = [];
  const proved: RecordSet[] = [];
  const touched = new Set(touchedSinceGap);
  for (const { action, rrset } of call.changes) {
    const key = recordKey(rrset);
    const current = sets.get(key);
    const untouched = !touched.has(key);
    touched.add(key);
    if (action === 'DELETE' && current === undefined && afterGap && untouched) {
      proved.push(rrset);
      continue;
    }
    if (action === 'UPSERT') sets.set(key, { rrset, by: call });
    else if (action === 'CREATE') {
      if (current !== undefined) {
        if (!afterGap) return undefined;
        unverified.push({ key, action });
      }
      sets.set(key, { rrset, by: call });
    } else {
      if (current === undefined || stableJson(current.rrset) !== stableJson(rrset)) {
        if (!afterGap) return undefined;
        unverified.push({ key, action });
      }
      sets.delete(key);
    }
  }
  // Whatever a gap did, the zone keeps its apex SOA and NS.
  if (apexKeys(zone).some((k) => before.has(k) && !sets.has(k))) return undefined;
  return { sets, unverified, proved };
}
