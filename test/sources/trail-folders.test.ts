import { describe, expect, it } from 'vitest';
import { holdsNoRoute53Events, regionOfFolder, regionOfLogFile, logFileRule, regionsOf, skippedFolder } from '../../src/sources/trail-folders.js';

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
    expect(skippedFolder(`${ACCOUNT}/eu-west-1`, 'route53')).toEqual({ path: `${ACCOUNT}/eu-west-1`, region: 'eu-west-1' });
    expect(skippedFolder(`${ACCOUNT}/eu-west-1`, 'all')).toBeUndefined();
    expect(skippedFolder(`${ACCOUNT}/us-east-1`, 'route53')).toBeUndefined();
    // Day folders are never skipped: later logs can prove what existed earlier.
    expect(skippedFolder(`${ACCOUNT}/us-east-1/2025/01/01`, 'route53')).toBeUndefined();
  });

  it('knows a log file by its name, whatever folder holds it', () => {
    const eu = '111122223333_CloudTrail_eu-west-1_20240301T1200Z_z7ddLGL04CoNVc5s.json.gz';
    expect(regionOfLogFile(eu)).toBe('eu-west-1');
    expect(regionOfLogFile('111122223333_CloudTrail_us-east-1_20240303T1105Z_pAufEHTCF7k35zes.json')).toBe('us-east-1');
    // Digests, renamed files and other names say nothing.
    expect(regionOfLogFile('111122223333_CloudTrail-Digest_eu-west-1_trail_us-east-1_20240301T120000Z.json.gz')).toBeUndefined();
    expect(regionOfLogFile(`copy-of-${eu}`)).toBeUndefined();
    expect(regionOfLogFile('events.json')).toBeUndefined();
    // A flattened copy (`aws s3 sync s3://b/AWSLogs/<account>/CloudTrail/ ./ct`) is pruned by file name.
    expect(logFileRule('./ct', 'route53')(eu)).toBe('eu-west-1');
    expect(logFileRule('./ct', 'all')(eu)).toBeUndefined();
    expect(logFileRule('./ct', 'route53')(eu.replace('eu-west-1', 'us-east-1'))).toBeUndefined();
    expect(logFileRule('./ct', 'route53')(eu.replace('eu-west-1', 'cn-north-1'))).toBeUndefined();
    // The region's own folder, named on the command line, is read.
    expect(logFileRule('./ct/eu-west-1', 'route53')(eu)).toBeUndefined();
    expect(logFileRule('C:\\ct\\eu-west-1\\2024', 'route53')(eu)).toBeUndefined();
  });

  it('names each region left unread once, in code-unit order', () => {
    const folders = ['us-west-2', 'eu-west-1', 'us-west-2', 'ap-south-1'].map((region, i) => ({ path: `/t/${i}`, region }));
    expect(regionsOf(folders)).toEqual(['ap-south-1', 'eu-west-1', 'us-west-2']);
    expect(regionsOf([])).toEqual([]);
  });
});
