/**
 * The library API: what a scheduled job or a Lambda would do without the CLI.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('replays logs given with a digest file it cannot place, saying digest validation was not done', async () => {
    // A digest file copied out of its AWSLogs/…/CloudTrail-Digest/… folder cannot be matched to its logs.
    const dir = mkdtempSync(join(tmpdir(), 'zr-loose-digest-'));
    const digest = join(dir, '111122223333_CloudTrail-Digest_us-east-1_management_trail_us-east-1_20240501T130131Z.json.gz');
    copyFileSync('fixtures/verify/signed-trail/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/111122223333_CloudTrail-Digest_us-east-1_management_trail_us-east-1_20240501T130131Z.json.gz', digest);
    const trail = await loadTrail([digest, 'fixtures/aws-example/route53-cloudtrail-example.json'], { jobs: 1 });
    expect([...trail.replay.zones.keys()]).toEqual(['Z1PA6795UKMFR9']);
    expect(trail.inputs.provedCoverage).toBeUndefined();
    expect(trail.inputs.unreadable).toEqual([{ file: 'digest validation', message: expect.stringMatching(new RegExp(`^not done: ${digest}: not a CloudTrail log or digest file`)) }]);
  });

  it('keeps the CLI version in step with package.json', () => {
    expect(VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});
