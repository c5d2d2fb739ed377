/**
 * The simulator's trails replay to the simulator's ground truth: the final
 * zones, the zones at its checkpoints, and the drift the diff finds against
 * its live exports — whatever the seed. The simulator's oracle is its own
 * Route 53 model (src/simulate/zones.ts), independent of src/replay.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffAgainstLive } from '../../src/diff/zone-diff.js';
import { loadTrail } from '../../src/load.js';
import { readResourceRecordSet } from '../../src/model/read-rrset.js';
import { recordKey, stableJson, type RecordSet } from '../../src/model/record-set.js';
import { simulate, type GroundTruth } from '../../src/simulate/index.js';
import { snapshotAt, snapshotRecordSets } from '../../src/views/snapshot.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const byKey = (sets: readonly RecordSet[]) => new Map(sets.map((rs) => [recordKey(rs), stableJson(rs)]));
const read = (list: unknown[] | null) => (list ?? []).map((o) => readResourceRecordSet(o));

describe.each([11, 23, 47])('simulated trail, seed %i', (seed) => {
  it('replays to the ground truth and its diff finds exactly the injected drift', async () => {
    const out = mkdtempSync(join(tmpdir(), `zr-sim-${seed}-`));
    dirs.push(out);
    await simulate({ out, seed, zones: 4, days: 4, events: 120, drift: 3, route53Share: 0.05 });
    const truth = JSON.parse(readFileSync(join(out, 'ground-truth.json'), 'utf8')) as GroundTruth;
    const trail = await loadTrail([join(out, 'trail'), join(out, 'trail2')], { jobs: 1 });
    expect(trail.inputs.unreadable).toEqual([]);

    // Keys the written, successful changes touched (a replay can know nothing else of a zone older than the logs).
    const touched = new Set<string>();
    for (const e of trail.log.events) if (e.action.kind === 'change-rrsets' && e.error === undefined) for (const c of e.action.changes) touched.add(recordKey(c.rrset));

    for (const z of truth.zones) {
      const timeline = trail.replay.zones.get(z.id);
      expect(timeline, z.id).toBeDefined();
      const end = snapshotAt(timeline!, Date.parse(truth.end), trail.inputs);
      if (z.deleted) {
        expect(end.status, z.id).toBe('deleted');
        // The deletion named, and the instant it points to shows the zone with the sets it says.
        expect(end.deletion?.by.eventTime, z.id).toBe(z.deletedAt);
        const before = snapshotAt(timeline!, Date.parse(end.deletion!.lastInstantBefore), trail.inputs);
        expect(before.status, z.id).not.toBe('deleted');
        expect(before.recordSets.length, z.id).toBe(end.deletion!.recordSetsBefore);
        expect(before.recordSets.length, z.id).toBeGreaterThan(0);
        const emptied = end.deletion!.beforeEmptied;
        if (emptied !== undefined) {
          const full = snapshotAt(timeline!, Date.parse(emptied.lastInstantBefore), trail.inputs);
          expect(full.recordSets.length, z.id).toBe(emptied.recordSetsBefore);
          expect(full.recordSets.length, z.id).toBeGreaterThan(before.recordSets.length);
        }
        continue;
      }
      expect(end.deletion, z.id).toBeUndefined();
      const replayed = byKey(snapshotRecordSets(end));
      const logged = read(z.logged);
      const knowable = z.createdInWindow ? logged : logged.filter((rs) => touched.has(recordKey(rs)));
      expect(replayed, `${z.id} final`).toEqual(byKey(knowable));

      for (const cp of z.createdInWindow ? z.checkpoints : []) {
        const s = snapshotAt(timeline!, Date.parse(cp.at), trail.inputs);
        expect(byKey(snapshotRecordSets(s)), `${z.id} at ${cp.at}`).toEqual(cp.exists ? byKey(read(cp.recordSets)) : new Map());
      }

      // Drift: every injected difference is reported, and every difference not labelled
      // older-than-logs is injected drift. (In a zone older than the logs, an out-of-band set
      // the logs never touched cannot be told from a set older than them: that label is honest.)
      const d = diffAgainstLive(timeline!, end, read(z.live), 'live');
      const reported = new Set(d.differences.filter((x) => !x.apex).map((x) => x.key));
      const drift = new Set(d.differences.filter((x) => !x.apex && x.classification !== 'older-than-logs').map((x) => x.key));
      const injected = new Set(z.drift.map((x) => recordKey({ name: readResourceRecordSet({ Name: x.name, Type: x.type }).name, type: x.type, ...(x.setIdentifier !== undefined ? { setIdentifier: x.setIdentifier } : {}) })));
      for (const k of injected) expect(reported.has(k), `${z.id}: injected ${k} not reported`).toBe(true);
      for (const k of drift) expect(injected.has(k), `${z.id}: ${k} reported as drift but not injected`).toBe(true);
      if (z.createdInWindow) expect(drift).toEqual(injected);
      for (const x of d.differences.filter((y) => y.classification === 'older-than-logs')) {
        expect(z.createdInWindow, `${z.id}: older-than-logs in a zone created in the logs`).toBe(false);
        expect(touched.has(x.key), `${x.key} is touched by the logs yet labelled older than them`).toBe(false);
      }
    }
  });
});
