import { describe, expect, it } from 'vitest';
import { provedCoverage, verifyTrail } from '../../src/verify/index.js';
import { readTrailInput } from '../../src/verify/read.js';

const DIR = 'fixtures/verify/signed-trail';

describe('fixtures/verify/signed-trail', () => {
  it('verifies unsigned without keys and fully signed with either key file', async () => {
    const plain = await verifyTrail([DIR]);
    expect(plain.ok).toBe(true);
    expect(plain.signed).toBe('none');
    expect(provedCoverage(plain)).toEqual([{ start: '2024-05-01T10:01:31Z', end: '2024-05-01T13:01:31Z' }]);
    for (const keys of [`${DIR}/public-key.pem`, `${DIR}/list-public-keys.json`]) {
      const signed = await verifyTrail([DIR], { publicKeys: [keys] });
      expect(signed.ok).toBe(true);
      expect(signed.signed).toBe('all');
      expect(signed.logFiles.map((l) => l.status)).toEqual(['ok', 'ok']);
    }
  });

  it('reads no log delivered after --until (no judged digest can list it) and no file of a region not judged', async () => {
    const names = (logs: readonly { file: string }[]) => logs.map((l) => l.file.split('/').pop());
    const all = await readTrailInput([DIR]);
    expect(names(all.logs)).toEqual(['111122223333_CloudTrail_us-east-1_20240501T1031Z_U0000abcdefghijk.json.gz', '111122223333_CloudTrail_us-east-1_20240501T1231Z_U0001abcdefghijk.json.gz']);
    const early = await readTrailInput([DIR], { until: '2024-05-01T11:30:00Z' });
    expect(names(early.logs)).toEqual(['111122223333_CloudTrail_us-east-1_20240501T1031Z_U0000abcdefghijk.json.gz']);
    expect(early.digests.length).toBe(all.digests.length); // digests are all read: a later one may list an earlier log
    const judged = await verifyTrail([DIR], { until: '2024-05-01T11:30:00Z' });
    expect(judged.ok).toBe(true);
    await expect(readTrailInput([DIR], { regions: (r) => r !== 'us-east-1' })).rejects.toThrow(/digest/i);
  });
});
