/**
 * The library API: what a scheduled job or a Lambda would do without the CLI.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/cli/version.js';
import { diffAgainstLive, hasDrift, loadTrail, readZoneExport, selectZones, snapshotAt } from '../src/index.js';

describe('library API', () => {
  it('reads a trail, snapshots a zone and diffs it against an export', async () => {
    const trail = await loadTrail(['fixtures/shop-trail/trail'], { jobs: 1 });
    const [zone] = selectZones(trail.replay, 'shop.example.com');
    const snap = snapshotAt(zone!, Date.parse('2024-03-04T00:00:00Z'), trail.inputs);
    expect(snap.completeness.authoritative).toBe(false);
    const live = readZoneExport(readFileSync('fixtures/shop-trail/live/shop.example.com.json', 'utf8'), 'live.json');
    const d = diffAgainstLive(zone!, snap, live.recordSets, 'live');
    expect(hasDrift(d)).toBe(true);
    expect(d.differences.filter((x) => !x.apex)).toHaveLength(5);
  });

  it('keeps the CLI version in step with package.json', () => {
    expect(VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});
