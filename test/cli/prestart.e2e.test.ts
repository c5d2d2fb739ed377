/**
 * Scan workers started before the CLI loads, end to end: on a trail big
 * enough for them, the real command gives what one thread gives.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workersToPrestart } from '../../src/cli/prestart.js';
import { ctChange, ctChangeBatch, ctCreateZone, ctRrset, otherService } from '../support/cloudtrail.js';
import { BUILT, runCli } from './run-cli.js';

let root: string;

beforeAll(() => {
  if (!BUILT) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  // 24 log files, each about 100 KiB gzipped of other services' events (random text: it stays big gzipped) and
  // a few Route 53 changes: 2.4 MiB on disk, over the size below which ingest uses no threads.
  root = mkdtempSync(join(tmpdir(), 'zr-prestart-e2e-'));
  const day = join(root, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2024', '03', '01');
  mkdirSync(day, { recursive: true });
  for (let f = 0; f < 24; f++) {
    const time = (m: number) => `2024-03-01T${String(f).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;
    const records = [
      ...(f === 0 ? [ctCreateZone({ id: 'create', time: time(0), zone: 'Z0PRESTART', name: 'prestart.example.com' })] : []),
      { ...otherService(`noise-${f}`, time(1)), requestParameters: { blob: randomBytes(100 * 1024).toString('base64') } },
      ctChangeBatch({ id: `c${f}`, time: time(2), zone: 'Z0PRESTART', changes: [ctChange('UPSERT', ctRrset(`h${f % 5}.prestart.example.com`, 'A', 60, [`192.0.2.${f + 1}`]))] }),
    ];
    writeFileSync(join(day, `111122223333_CloudTrail_us-east-1_20240301T${String(f).padStart(2, '0')}05Z_prestart${String(f).padStart(4, '0')}.json.gz`), gzipSync(JSON.stringify({ Records: records })));
  }
});

afterAll(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

describe('scan workers started ahead (end to end)', () => {
  it('are started for this trail, and the command gives what one thread gives', async () => {
    expect(workersToPrestart(['zones', root, '--jobs', '2'])).toBe(1);
    expect(workersToPrestart(['zones', root, '--jobs', '1'])).toBe(0);
    const ahead = await runCli([root, '--zone', 'prestart.example.com', '--format', 'json', '--jobs', '2', '--quiet']);
    const alone = await runCli([root, '--zone', 'prestart.example.com', '--format', 'json', '--jobs', '1', '--quiet']);
    expect(ahead.code, ahead.stderr).toBe(0);
    expect(ahead.stdout).toBe(alone.stdout);
    const doc = JSON.parse(ahead.stdout) as { snapshots: { ResourceRecordSets: { Name: string }[] }[] };
    expect(doc.snapshots[0]!.ResourceRecordSets.filter((s) => s.Name.startsWith('h'))).toHaveLength(5);
  });
});
