/**
 * Laws the replay relies on, checked with fast-check on random trails.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../src/events/collect.js';
import { ZoneCursor } from '../../src/replay/cursor.js';
import { replayEvents, type Replay } from '../../src/replay/replay.js';
import { emptyZone, KeyCache } from '../../src/replay/state.js';
import { stableJson } from '../../src/model/record-set.js';
import { snapshotAt } from '../../src/views/snapshot.js';
import { ctChange, ctChangeBatch, ctCreateZone, ctRrset, type Json } from '../support/cloudtrail.js';

const NAMES = ['www', 'api', 'mail', '*', 'x.y', 'Shop'];
const TYPES = ['A', 'AAAA', 'TXT', 'CNAME', 'MX'] as const;

function valueFor(type: (typeof TYPES)[number], n: number): string {
  switch (type) {
    case 'A':
      return `192.0.2.${n}`;
    case 'AAAA':
      return `2001:DB8::${n.toString(16)}`;
    case 'TXT':
      return `"v=${n}"`;
    case 'CNAME':
      return `target${n}.example.net`;
    case 'MX':
      return `${n} mx${n}.example.net`;
  }
}

const arbRrset = fc
  .record({ name: fc.constantFrom(...NAMES), type: fc.constantFrom(...TYPES), ttl: fc.constantFrom(60, 300), vals: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }) })
  .map(({ name, type, ttl, vals }) => ctRrset(`${name}.example.com`, type, ttl, type === 'CNAME' ? [valueFor(type, vals[0]!)] : vals.map((v) => valueFor(type, v))));

const arbChange = fc.record({ action: fc.constantFrom('CREATE', 'DELETE', 'UPSERT' as const), rrset: arbRrset }).map(({ action, rrset }) => ctChange(action, rrset));

/** A random trail for zone Z1: optional creation, then batches at increasing (sometimes equal) seconds. */
const arbTrail = fc
  .record({
    withCreation: fc.boolean(),
    batches: fc.array(fc.record({ changes: fc.array(arbChange, { minLength: 1, maxLength: 4 }), gap: fc.integer({ min: 0, max: 3 }), failed: fc.boolean() }), { maxLength: 14 }),
  })
  .map(({ withCreation, batches }) => {
    const records: Json[] = [];
    if (withCreation) records.push(ctCreateZone({ id: 'create', time: '2024-03-01T00:00:00Z', zone: 'Z1', name: 'example.com' }));
    let t = Date.parse('2024-03-01T00:00:10Z');
    batches.forEach((b, i) => {
      t += b.gap * 1000;
      records.push(
        ctChangeBatch({
          id: `ev-${String(i).padStart(3, '0')}`,
          time: new Date(t).toISOString().replace('.000', ''),
          zone: 'Z1',
          changes: b.changes,
          ...(b.failed && i % 3 === 0 ? { error: { code: 'Throttling', message: 'Rate exceeded' } } : {}),
        }),
      );
    });
    return records;
  });

function finalContent(r: Replay): string {
  return stableJson(
    [...r.zones.values()].map((z) => {
      const last = z.steps.length > 0 ? z.steps[z.steps.length - 1]!.state : z.initial;
      return { id: z.zoneId, name: z.zoneName, sets: [...last.rrsets.entries()].sort().map(([k, e]) => [k, e.rrset, e.origin]), outcomes: z.steps.map((s) => s.outcome.kind) };
    }),
  );
}

function run(files: Json[][]): Replay {
  return replayEvents(collectEvents(files.flatMap((recs, f) => recs.map((record, index) => ({ record, file: `f${f}.json`, index })))).events);
}

describe('replay laws', () => {
  it('does not depend on the order of events or how they are split across files', () => {
    fc.assert(
      fc.property(arbTrail, fc.integer({ min: 1, max: 4 }), fc.infiniteStream(fc.nat()), (records, parts, noise) => {
        const shuffled = [...records];
        const it = noise[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = it.next().value! % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const files: Json[][] = Array.from({ length: parts }, () => []);
        shuffled.forEach((r, i) => files[i % parts]!.push(r));
        expect(finalContent(run(files))).toBe(finalContent(run([records])));
      }),
      { numRuns: 150 },
    );
  });

  it('is unchanged by duplicated deliveries', () => {
    fc.assert(
      fc.property(arbTrail, fc.array(fc.nat(), { maxLength: 6 }), (records, picks) => {
        const dups = records.length === 0 ? [] : picks.map((p) => structuredClone(records[p % records.length]!));
        expect(finalContent(run([records, dups]))).toBe(finalContent(run([records])));
      }),
      { numRuns: 150 },
    );
  });

  it('never crashes, and a rejected or failed batch leaves the state object unchanged', () => {
    fc.assert(
      fc.property(arbTrail, (records) => {
        const z = run([records]).zones.get('Z1');
        if (z === undefined) return;
        z.steps.forEach((s, i) => {
          const before = i === 0 ? z.initial : z.steps[i - 1]!.state;
          if (s.outcome.kind === 'rejected' || s.outcome.kind === 'failed') expect(s.state).toBe(before);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('never changes a snapshot after it is produced', () => {
    fc.assert(
      fc.property(arbTrail, (records) => {
        const r = run([records]);
        const z = r.zones.get('Z1');
        if (z === undefined) return;
        const inputs = { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0 };
        const mid = z.steps[Math.floor(z.steps.length / 2)]?.event.provenance.timeMs ?? 0;
        const snap = snapshotAt(z, mid, inputs);
        const frozen = JSON.stringify(snap);
        expect(Object.isFrozen(snap)).toBe(true);
        expect(Object.isFrozen(snap.recordSets)).toBe(true);
        expect(() => (snap.recordSets as unknown as unknown[]).push(1)).toThrow();
        // Replaying further (and replaying again) does not touch it.
        run([records, records]);
        snapshotAt(z, 8.64e15, inputs);
        expect(JSON.stringify(snap)).toBe(frozen);
      }),
      { numRuns: 100 },
    );
  });

  it('sets proved to exist before the logs never make it reject a batch it accepts without them', () => {
    // Without a CreateHostedZone, a DELETE of an unseen set is evidence that the set existed; the sets
    // so proved are shown from the start. Evidence must not contradict a logged, successful batch: a
    // set that could not have been there (a CNAME at its name, its own CREATE) was not there.
    fc.assert(
      fc.property(arbTrail, (records) => {
        const z = run([records]).zones.get('Z1');
        if (z === undefined) return;
        const cursor = new ZoneCursor(emptyZone('Z1', z.nameSource === 'logged' ? z.zoneName : undefined), new KeyCache(true));
        const withoutEvidence = z.steps.map((s) => cursor.apply(s.event).kind);
        expect(z.steps.map((s) => s.outcome.kind)).toEqual(withoutEvidence);
      }),
      { numRuns: 300 },
    );
  });

  it('CREATE then DELETE of the same sets returns to the start', () => {
    const distinct = fc.uniqueArray(arbRrset, { selector: (r) => `${String(r.name).toLowerCase()} ${String(r.type)}`, minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(distinct, (sets) => {
        // Keep Route 53 valid: no CNAME beside other data at one name.
        const names = new Map<string, Set<string>>();
        for (const s of sets) names.set(String(s.name), (names.get(String(s.name)) ?? new Set()).add(String(s.type)));
        const valid = sets.filter((s) => !(names.get(String(s.name))!.has('CNAME') && names.get(String(s.name))!.size > 1));
        if (valid.length === 0) return;
        const records = [
          ctCreateZone({ id: 'c', time: '2024-03-01T00:00:00Z', zone: 'Z1', name: 'example.com' }),
          ctChangeBatch({ id: 'e1', time: '2024-03-01T01:00:00Z', zone: 'Z1', changes: valid.map((s) => ctChange('CREATE', s)) }),
          ctChangeBatch({ id: 'e2', time: '2024-03-01T02:00:00Z', zone: 'Z1', changes: [...valid].reverse().map((s) => ctChange('DELETE', s)) }),
        ];
        const z = run([records]).zones.get('Z1')!;
        expect(z.steps.map((s) => s.outcome.kind)).toEqual(['applied', 'applied', 'applied']);
        expect(stableJson([...z.steps[2]!.state.rrsets.entries()].sort())).toBe(stableJson([...z.steps[0]!.state.rrsets.entries()].sort()));
      }),
      { numRuns: 150 },
    );
  });
});
