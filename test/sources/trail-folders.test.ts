import { describe, expect, it } from 'vitest';
import { holdsNoRoute53Events, regionOfFolder, skippedFolder } from '../../src/sources/trail-folders.js';

const ACCOUNT = '/t/AWSLogs/111122223333/CloudTrail';

describe('trail folders', () => {
  it('finds the region of a CloudTrail region folder, account or organization layout, either separator', () => {
    expect(regionOfFolder(`${ACCOUNT}/eu-west-1`)).toBe('eu-west-1');
    expect(regionOfFolder('AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/ap-south-2/')).toBe('ap-south-2');
    expect(regionOfFolder('C:\\trail\\AWSLogs\\111122223333\\CloudTrail\\us-west-2')).toBe('us-west-2');
    // Not a region folder: deeper, shallower, digests, no AWSLogs.
    expect(regionOfFolder(`${ACCOUNT}/eu-west-1/2024`)).toBeUndefined();
    expect(regionOfFolder(ACCOUNT)).toBeUndefined();
    expect(regionOfFolder('/t/AWSLogs/111122223333/CloudTrail-Digest/eu-west-1')).toBeUndefined();
    expect(regionOfFolder('/t/logs/111122223333/CloudTrail/eu-west-1')).toBeUndefined();
  });

  it("skips only the commercial partition's regions other than us-east-1", () => {
    expect(holdsNoRoute53Events('us-east-1')).toBe(false);
    for (const r of ['eu-west-1', 'us-west-2', 'ap-southeast-2', 'il-central-1', 'mx-central-1']) expect(holdsNoRoute53Events(r)).toBe(true);
    for (const r of ['us-gov-west-1', 'cn-north-1', 'cn-northwest-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1']) expect(holdsNoRoute53Events(r)).toBe(false);
    // A folder that is not named like a region is read: it may be anything.
    for (const r of ['backup', 'US-EAST-2', 'eu-west']) expect(holdsNoRoute53Events(r)).toBe(false);
  });

  it('skips no region when every region is asked for', () => {
    expect(skippedFolder(`${ACCOUNT}/eu-west-1`, { regions: 'route53' })).toEqual({ path: `${ACCOUNT}/eu-west-1`, region: 'eu-west-1', why: 'other-region' });
    expect(skippedFolder(`${ACCOUNT}/eu-west-1`, { regions: 'all' })).toBeUndefined();
    expect(skippedFolder(`${ACCOUNT}/us-east-1`, { regions: 'route53' })).toBeUndefined();
  });

  it('skips the year, month and day folders delivered after the day after the instant asked for', () => {
    const untilMs = Date.parse('2024-03-05T23:59:00Z'); // files up to 2024-03-06 are read
    const skipped = (rel: string) => skippedFolder(`${ACCOUNT}/us-east-1/${rel}`, { regions: 'route53', untilMs })?.why;
    for (const rel of ['2024', '2024/03', '2024/03/05', '2024/03/06', '2023/12/31', '2024/02']) expect(skipped(rel), rel).toBeUndefined();
    for (const rel of ['2024/03/07', '2024/04', '2025', '2025/01/01']) expect(skipped(rel), rel).toBe('after-window');
    // Not dated folders of a trail: never skipped for time.
    expect(skippedFolder('/t/backups/2025/01/01', { regions: 'route53', untilMs })).toBeUndefined();
    expect(skippedFolder(`${ACCOUNT}/us-east-1/2025/01/01`, { regions: 'route53' })).toBeUndefined();
  });
});
