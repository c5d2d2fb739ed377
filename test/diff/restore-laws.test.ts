/**
 * The restore law where laws.test.ts rarely goes: the snapshot is the live
 * zone edited — sets dropped, TTLs changed, plain sets turned into aliases
 * and back, whole routed groups switched to another policy — with enough
 * other changes that Route 53's per-request limits cut the plan into
 * several batches at a varying place, often inside a routed group. Every batch must be within the limits
 * and accepted in order by the simulator, and the end must be the snapshot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, planChanges, type ApiChangeBatch } from '../../src/diff/change-batch.js';
import { diffRecordSets } from '../../src/diff/record-diff.js';
import { readChangeBatches, whatIf } from '../../src/diff/what-if.js';
import { compareRecordSets, ROUTING_FIELDS, stableJson, type RecordSet } from '../../src/model/record-set.js';
import { arbZone, ORIGIN } from '../support/arbitraries.js';

const apex = (rs: RecordSet) => rs.name === ORIGIN && (rs.type === 'SOA' || rs.type === 'NS');
const sorted = (sets: readonly RecordSet[]) => [...sets].sort(compareRecordSets);
const ALIAS = { hostedZoneId: 'Z35SXDOTRQ7X7K', dnsName: 'dualstack.lb-1.us-east-1.elb.amazonaws.com.', evaluateTargetHealth: true };

function withoutRouting(rs: RecordSet): RecordSet {
  const out: Record<string, unknown> = { ...rs };
  for (const f of ROUTING_FIELDS) delete out[f];
  return out as unknown as RecordSet;
}

/** The live zone edited by `rolls` (one per set), and `filler` sets whose TTL changes. */
function edit(live: readonly RecordSet[], rolls: readonly number[], filler: number): { live: RecordSet[]; snapshot: RecordSet[] } {
  // Policies a group of any size may share (a region or a location may not repeat in a group); no multivalue alias.
  const policies: Partial<RecordSet>[] = [{ weight: 7 }, { multiValueAnswer: true }];
  const groupPolicy = new Map<string, Partial<RecordSet>>();
  const snapshot: RecordSet[] = [];
  live.forEach((rs, i) => {
    const roll = rolls[i % Math.max(1, rolls.length)] ?? 0;
    if (apex(rs)) return void snapshot.push(rs);
    switch (roll % 6) {
      case 1:
        return; // dropped
      case 2:
        return void snapshot.push(rs.values !== undefined ? { ...rs, ttl: (rs.ttl ?? 0) + 1 } : rs);
      case 3:
        // Plain A/AAAA to alias and alias A back to plain; not for multivalue sets (Route 53 has no multivalue alias).
        if (rs.multiValueAnswer === undefined && rs.values !== undefined && (rs.type === 'A' || rs.type === 'AAAA')) {
          const { ttl: _ttl, values: _values, ...rest } = rs;
          return void snapshot.push({ ...rest, aliasTarget: ALIAS });
        }
        if (rs.aliasTarget !== undefined && rs.type === 'A') {
          const { aliasTarget: _a, ...rest } = rs;
          return void snapshot.push({ ...rest, ttl: 60, values: ['192.0.2.55'] });
        }
        return void snapshot.push(rs);
      case 4: {
        // The whole routed group (name, type) moves to one other policy.
        if (rs.setIdentifier === undefined) return void snapshot.push(rs);
        const group = `${rs.name} ${rs.type}`;
        let policy = groupPolicy.get(group);
        if (policy === undefined) {
          const hasAlias = live.some((o) => `${o.name} ${o.type}` === group && o.aliasTarget !== undefined);
          policy = policies[hasAlias ? 0 : roll % policies.length]!;
          groupPolicy.set(group, policy);
        }
        return void snapshot.push({ ...withoutRouting(rs), ...policy });
      }
      default:
        return void snapshot.push(rs);
    }
  });
  // Members of a switched group that the roll kept must switch too: one policy per name and type.
  const fixed = snapshot.map((rs) => {
    const p = groupPolicy.get(`${rs.name} ${rs.type}`);
    return p !== undefined && rs.setIdentifier !== undefined ? { ...withoutRouting(rs), ...p } : rs;
  });
  const fill = (ttl: number) => Array.from({ length: filler }, (_, i): RecordSet => ({ name: `fill-${i}.zz.${ORIGIN}`, type: 'A', ttl, values: ['192.0.2.1'] }));
  // A larger routed group, after the filler, switched to another policy: where a split may fall.
  const members = 2 + (rolls[0] ?? 0) % 40;
  const group = (routing: Partial<RecordSet>) => Array.from({ length: members }, (_, i): RecordSet => ({ name: `grp.zz.${ORIGIN}`, type: 'A', ttl: 60, values: [`192.0.2.${i + 1}`], setIdentifier: `m${i}`, ...routing }));
  return { live: [...live, ...fill(60), ...group({ weight: 1 })], snapshot: [...fixed, ...fill(300), ...group(policies[(rolls[0] ?? 0) % policies.length]!)] };
}

function withinLimits(batches: readonly ApiChangeBatch[]): void {
  for (const b of batches) {
    let records = 0;
    let chars = 0;
    for (const c of b.Changes) {
      const values = ((c.ResourceRecordSet.ResourceRecords as { Value: string }[] | undefined) ?? []).map((r) => r.Value);
      const factor = c.Action === 'UPSERT' ? 2 : 1;
      records += values.length * factor;
      chars += values.reduce((n, v) => n + v.length, 0) * factor;
    }
    expect(records).toBeLessThanOrEqual(LIMITS.resourceRecords);
    expect(chars).toBeLessThanOrEqual(LIMITS.valueChars);
  }
}

const arbCase = fc
  .tuple(arbZone(ORIGIN), fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), fc.oneof(fc.integer({ min: 0, max: 520 }), fc.integer({ min: 450, max: 500 })))
  .map(([zone, rolls, filler]) => edit(zone, rolls, filler));

describe('restore law on edited zones, across batch splits', () => {
  it('restore: every batch within the limits and accepted in order; the end is the snapshot', () => {
    fc.assert(
      fc.property(arbCase, ({ live, snapshot }) => {
        const plan = planChanges(diffRecordSets(snapshot, live, ORIGIN), { direction: 'restore', zoneName: ORIGIN, targetSize: live.length, force: true });
        expect(plan.skipped).toEqual([]);
        withinLimits(plan.batches);
        const result = whatIf(ORIGIN, live, readChangeBatches(JSON.parse(JSON.stringify(plan.batches))));
        if (!result.ok) throw new Error(`batch ${result.batch} of ${plan.batches.length} rejected: ${result.errors.join('; ')}`);
        expect(stableJson(result.recordSets)).toBe(stableJson(sorted(snapshot)));
      }),
      { numRuns: 60 },
    );
  });

  it('reverse: the same from the snapshot to the live zone', () => {
    fc.assert(
      fc.property(arbCase, ({ live, snapshot }) => {
        const plan = planChanges(diffRecordSets(snapshot, live, ORIGIN), { direction: 'reverse', zoneName: ORIGIN, targetSize: snapshot.length, force: true });
        withinLimits(plan.batches);
        const result = whatIf(ORIGIN, snapshot, readChangeBatches(JSON.parse(JSON.stringify(plan.batches))));
        if (!result.ok) throw new Error(`batch ${result.batch} of ${plan.batches.length} rejected: ${result.errors.join('; ')}`);
        expect(stableJson(result.recordSets)).toBe(stableJson(sorted(live)));
      }),
      { numRuns: 60 },
    );
  });
});
