/**
 * The laws `log`, `blame`, `timeline` and the completeness report rely on,
 * on trails of every kind of record set (arbTrailOf: escaped names, quoted
 * TXT, aliases, routed sets, names spelled several ways, zones created and
 * deleted, failed calls, many events in one second), plain and with gaps,
 * apex changes and several callers: the log replays to the snapshot, blame
 * is the log's last applied change, the timeline's counts are the events',
 * and none of them depends on the order, the split or the copies of the
 * records.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blameAt } from '../../src/forensics/blame.js';
import { recordLog, type LogEntry } from '../../src/forensics/record-log.js';
import { activityReport, zoneActivity } from '../../src/forensics/timeline.js';
import { utcDay } from '../../src/forensics/event-info.js';
import { recordKey, stableJson, type RecordSet } from '../../src/model/record-set.js';
import type { Replay } from '../../src/replay/replay.js';
import type { InputSummary } from '../../src/views/completeness.js';
import { snapshotAt } from '../../src/views/snapshot.js';
import { arbTrailOf, RICH, TRAIL_ZONES } from '../support/arb-trail.js';
import { zonesOf } from '../support/route53-model.js';
import { run, shuffle, unplaced } from '../support/trail-run.js';
import type { Json } from '../support/cloudtrail.js';

const inputs: InputSummary = { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0 };

const json = (rs: RecordSet | null | undefined) => stableJson(rs ?? null);
const ms = (e: LogEntry) => Date.parse(e.event.eventTime);
const changesNothing = (e: LogEntry) => e.status === 'failed' || e.status === 'rejected';
const timeOf = (r: Json) => Date.parse(String(r.eventTime));

/** The plain trails, and trails with gaps, apex changes and several callers: every law holds on both. */
const TRAILS = [
  ['plain', arbTrailOf()],
  ['with gaps, apex changes and several callers', arbTrailOf(RICH)],
] as const;

for (const [kind, arbTrail] of TRAILS) {
  const arbRecords = arbTrail.map((t) => t.records);
  describe(`forensics laws on rich trails (${kind})`, () => {
    it('log: each entry starts from what the applied entries before it left, failed and rejected ones change nothing, and the applied ones replay to the snapshot', () => {
      fc.assert(
        fc.property(arbRecords, (records) => {
          const r = run([records]);
          for (const z of r.zones.values()) {
            const entries = recordLog(z, {}).entries;
            const current = new Map<string, RecordSet>();
            for (const e of entries) {
              const known = current.get(e.key);
              const where = `${e.event.eventId} ${e.status} ${e.action} ${e.key}`;
              if (known !== undefined) expect(json(e.before), where).toBe(json(known));
              // A set the log had not seen is unknown, or proved to have existed before the logs.
              else if (e.before !== null) expect(e.beforeOrigin, where).toBe('inferred');
              if (changesNothing(e)) {
                expect(e.after, where).toBeNull();
                expect(e.reasons.length, where).toBeGreaterThan(0);
                continue;
              }
              expect(e.reasons, where).toEqual([]);
              if (e.after === null) current.delete(e.key);
              else {
                expect(recordKey(e.after), where).toBe(e.key);
                current.set(e.key, e.after);
              }
            }
            const end = snapshotAt(z, 8.64e15, inputs);
            const shown = new Map(end.recordSets.map((s) => [recordKey(s.rrset), json(s.rrset)]));
            expect(shown).toEqual(new Map([...current].map(([k, rs]) => [k, json(rs)])));
          }
        }),
        { numRuns: 80 },
      );
    });

    it('blame at T: the snapshot\'s sets, each with the last applied change of its key in the log at or before T, attributed by its origin', () => {
      fc.assert(
        fc.property(arbRecords, fc.nat(), fc.integer({ min: -1, max: 1 }), (records, pick, shift) => {
          if (records.length === 0) return;
          const r = run([records]);
          const at = timeOf(records[pick % records.length]!) + shift * 500;
          for (const z of r.zones.values()) {
            const b = blameAt(z, at, inputs);
            const snap = snapshotAt(z, at, inputs);
            expect(b.lines.map((l) => l.key)).toEqual(snap.recordSets.map((e) => recordKey(e.rrset)));
            expect(b.completeness).toEqual(snap.completeness);
            const log = recordLog(z, {}).entries;
            for (const line of b.lines) {
              const mine = log.filter((e) => e.key === line.key && !changesNothing(e));
              const upTo = mine.filter((e) => ms(e) <= at);
              const last = upTo[upTo.length - 1];
              expect(line.attribution, line.key).toBe({ logged: 'change', synthesized: 'route53-default', inferred: line.since !== null ? 'since-gap' : 'older-than-logs' }[line.origin]);
              if (line.attribution === 'older-than-logs' || line.attribution === 'since-gap') {
                // Nothing in the logs set it by T (since the gap it is known from, if any); a later applied change proved it was there.
                expect(line.lastChange).toBeNull();
                const gapMs = line.since !== null ? Date.parse(line.since.eventTime) : -Infinity;
                expect(gapMs <= at, line.key).toBe(true);
                expect(upTo.filter((e) => ms(e) > gapMs), line.key).toEqual([]);
                const proof = mine.find((e) => e.event.eventId === line.evidence?.eventId && e.action === 'DELETE');
                expect(proof === undefined ? 'no proof' : { later: ms(proof) > at, status: proof.status, requested: json(proof.requested) }, line.key).toEqual({ later: true, status: 'applied', requested: json(line.rrset) });
                // The DELETE removes the proved set, unless the zone's deletion did so first.
                const zoneDeleted = mine.some((e) => e.status === 'zone-deleted' && ms(e) > at && ms(e) <= ms(proof!));
                if (!zoneDeleted) expect({ before: json(proof!.before), origin: proof!.beforeOrigin, since: proof!.beforeSince?.eventId }, line.key).toEqual({ before: json(line.rrset), origin: 'inferred', since: line.since?.eventId });
                continue;
              }
              expect(last, line.key).toBeDefined();
              expect(line.lastChange!.eventId, line.key).toBe(last!.event.eventId);
              expect(line.evidence).toBeNull();
              expect(last!.status, line.key).toBe(line.attribution === 'route53-default' ? 'zone-created' : 'applied');
              expect(json(line.rrset), line.key).toBe(json(last!.after));
              expect(json(line.previous), line.key).toBe(json(last!.before));
              expect(line.previousOrigin, line.key).toBe(last!.beforeOrigin);
              expect(line.changes, line.key).toBe(upTo.filter((e) => e.status === 'applied' || e.status === 'zone-created').length);
            }
          }
        }),
        { numRuns: 80 },
      );
    });

    it('timeline and completeness: the counts are the events\', per day as in total, and the lists name the log\'s failed and rejected entries', () => {
      fc.assert(
        fc.property(arbTrail, (trail) => {
          const r = run([trail.records]);
          for (const z of r.zones.values()) {
            const a = zoneActivity(z, inputs);
            // The calls on this zone, and the gaps whose zone the trail does not tell (they may have changed any).
            const calls = trail.calls.filter((c) => zonesOf(trail, c).includes(TRAIL_ZONES.findIndex((t) => t.id === z.zoneId)));
            const mine = calls.map((c) => c.record);
            const batches = calls.filter((c) => c.kind === 'batch').map((c) => c.record);
            const gaps = calls.filter((c) => c.kind === 'gap');
            const zoneCalls = calls.filter((c) => c.kind === 'create-zone' || c.kind === 'delete-zone');
            const log = recordLog(z, {}).entries;
            const ids = (f: (e: LogEntry) => boolean) => [...new Set(log.filter(f).map((e) => e.event.eventId))].sort();
            // Every readable batch of the trail is applied, rejected or failed; zone calls may be refused too.
            const batchIds = new Set(batches.map((rec) => String(rec.eventID)));
            const refusedBatches = [...a.rejectedBatches, ...a.failedCalls].filter((x) => batchIds.has(x.eventId)).length;
            expect(a.totals.batches + refusedBatches).toBe(batches.length);
            for (const x of [...a.rejectedBatches, ...a.failedCalls]) expect(mine.some((rec) => rec.eventID === x.eventId)).toBe(true);
            expect(a.totals.failed).toBe(batches.filter((rec) => rec.errorCode !== undefined).length);
            expect(a.totals.gaps).toBe(gaps.length);
            expect(a.totals.changes).toBe(log.filter((e) => e.status === 'applied').length);
            expect(a.totals.batches).toBe(ids((e) => e.status === 'applied').length);
            expect(a.totals.zoneCalls).toBeLessThanOrEqual(zoneCalls.length);
            expect(a.totals.zoneCalls).toBeGreaterThanOrEqual(ids((e) => e.status === 'zone-created' || e.status === 'zone-deleted').length);
            expect(a.events).toBe(mine.length);
            const refused = [...a.rejectedBatches, ...a.failedCalls];
            for (const d of a.days) {
              const that = batches.filter((rec) => utcDay(timeOf(rec)) === d.day).length;
              const refusedThatDay = refused.filter((x) => utcDay(Date.parse(x.eventTime)) === d.day);
              expect(d.batches + refusedThatDay.filter((x) => batchIds.has(x.eventId)).length, d.day).toBe(that);
              expect(d.rejected + d.failed, d.day).toBe(refusedThatDay.length);
              expect(d.gaps, d.day).toBe(gaps.filter((c) => utcDay(c.timeMs) === d.day).length);
            }
            for (const k of ['batches', 'changes', 'rejected', 'failed', 'gaps', 'zoneCalls'] as const) {
              expect(a.days.reduce((s, d) => s + d[k], 0), k).toBe(a.totals[k]);
              expect(a.actors.reduce((s, x) => s + x[k], 0), k).toBe(a.totals[k]);
            }
            // The lists are the log's failed and rejected calls, and the trail's.
            expect(a.failedCalls.map((f) => f.eventId).sort()).toEqual(ids((e) => e.status === 'failed'));
            expect(a.failedCalls.map((f) => f.eventId).sort()).toEqual(batches.filter((rec) => rec.errorCode !== undefined).map((rec) => String(rec.eventID)).sort());
            // A refused zone call names no record set: only batches are in the log.
            expect(a.rejectedBatches.map((f) => f.eventId).filter((id) => batchIds.has(id)).sort()).toEqual(ids((e) => e.status === 'rejected'));
            for (const rej of a.rejectedBatches) expect(log.filter((e) => e.event.eventId === rej.eventId).every((e) => stableJson(e.reasons) === stableJson(rej.reasons))).toBe(true);
            expect(a.rejectedBatches.length).toBe(a.totals.rejected);
            expect(a.failedCalls.length).toBe(a.totals.failed);
            expect(a.gaps.map((g) => g.eventId)).toEqual(gaps.map((c) => c.id));
            const end = snapshotAt(z, 8.64e15, inputs).completeness;
            expect({ f: end.failedCalls, r: end.rejectedBatches, g: end.gaps, a: end.anomalies }).toEqual({ f: a.failedCalls, r: a.rejectedBatches, g: a.gaps, a: a.anomalies });
          }
        }),
        { numRuns: 80 },
      );
    });

    it('log, blame, timeline and completeness do not depend on the order of records, their split across files, nor copies in another trail', () => {
      const outputs = (r: Replay, at: number) =>
        stableJson(
          unplaced({
            zones: [...r.zones.values()].map((z) => ({ log: recordLog(z, {}), blame: blameAt(z, at, inputs), snapshot: snapshotAt(z, at, inputs).completeness })),
            activity: activityReport([...r.zones.values()], inputs),
          }),
        );
      fc.assert(
        fc.property(arbRecords, fc.integer({ min: 1, max: 3 }), fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 6 }), fc.nat(), (records, parts, noise, copies, pick) => {
          if (records.length === 0) return;
          const at = timeOf(records[pick % records.length]!);
          const files: Json[][] = Array.from({ length: parts + 1 }, () => []);
          shuffle(records, noise).forEach((rec, i) => files[(noise[i % noise.length] ?? i) % parts]!.push(rec));
          for (const c of copies) files[c % 2 === 0 ? parts : c % parts]!.push(structuredClone(records[c % records.length]!));
          const names = files.map((_, f) => (f === parts ? 'trail-a/copy.json' : `trail-b/f${f}.json`));
          expect(outputs(run(shuffle(files, noise), shuffle(names, noise)), at)).toBe(outputs(run([records]), at));
        }),
        { numRuns: 60 },
      );
    });
  });
}
