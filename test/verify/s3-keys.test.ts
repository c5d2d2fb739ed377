import { describe, expect, it } from 'vitest';
import { awsLogsKey, parseKey } from '../../src/verify/s3-keys.js';

const DIGEST = 'AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz';
const LOG = 'AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz';

describe('parseKey', () => {
  it('reads digest keys, seconds in the time', () => {
    expect(parseKey(DIGEST)).toEqual({
      kind: 'digest',
      key: DIGEST,
      account: '111122223333',
      region: 'us-east-2',
      trail: 'your-trail-name',
      homeRegion: 'us-east-2',
      time: Date.UTC(2015, 7, 17, 15, 1, 31),
    });
  });

  it('reads log keys, minutes in the time', () => {
    expect(parseKey(LOG)).toEqual({ kind: 'log', key: LOG, account: '111122223333', region: 'us-east-2', time: Date.UTC(2015, 7, 17, 14, 45) });
  });

  it('drops the bucket, prefix or local folder before AWSLogs/, any separator', () => {
    expect(awsLogsKey('some/prefix/' + DIGEST)).toBe(DIGEST);
    expect(parseKey('C:\\dl\\' + LOG.replace(/\//g, '\\'))?.key).toBe(LOG);
    expect(parseKey('/home/me/AWSLogs/' + LOG)?.key).toBe(LOG);
  });

  it('names a local gunzipped file by its .json.gz key', () => {
    expect(parseKey('/x/' + LOG.replace(/\.gz$/, ''))?.key).toBe(LOG);
  });

  it('reads organization trails and trail names with underscores', () => {
    const org = 'AWSLogs/o-aa111bb222/123456789012/CloudTrail-Digest/eu-west-1/2024/01/02/123456789012_CloudTrail-Digest_eu-west-1_my_org_trail_us-east-1_20240102T030405Z.json.gz';
    expect(parseKey(org)).toMatchObject({ kind: 'digest', organization: 'o-aa111bb222', account: '123456789012', region: 'eu-west-1', trail: 'my_org_trail', homeRegion: 'us-east-1' });
    expect(parseKey(LOG.replace('AWSLogs/', 'AWSLogs/o-aa111bb222/'))).toMatchObject({ kind: 'log', organization: 'o-aa111bb222', account: '111122223333' });
  });

  it('rejects what is not CloudTrail layout', () => {
    expect(parseKey('AWSLogs/1/CloudTrail-Insight/us-east-1/2024/01/01/x.json.gz')).toBeUndefined();
    expect(parseKey('AWSLogs/1/CloudTrail-Digest/us-east-1/2024/01/01/not-a-digest.json.gz')).toBeUndefined();
    expect(parseKey('logs/file.json.gz')).toBeUndefined();
    expect(parseKey(DIGEST + '.sig')).toBeUndefined();
  });
});
