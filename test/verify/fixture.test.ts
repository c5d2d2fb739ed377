import { describe, expect, it } from 'vitest';
import { provedCoverage, verifyTrail } from '../../src/verify/index.js';

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
});
