/**
 * The replay hands digest validation the hashes its scan took, so the log
 * files are not read and inflated a second time (test/sources/log-hashes
 * checks that those hashes are right and that verify judges by them).
 */
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { VerifyOptions } from '../src/verify/types.js';

const calls: VerifyOptions[] = [];
vi.mock('../src/verify/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/verify/index.js')>();
  return {
    ...original,
    verifyTrail: (paths: readonly string[], options: VerifyOptions = {}) => {
      calls.push(options);
      return original.verifyTrail(paths, options);
    },
  };
});

const { loadTrail } = await import('../src/load.js');
const LOGS = ['20240501T1031Z_U0000abcdefghijk', '20240501T1231Z_U0001abcdefghijk'].map((name) =>
  resolve(`fixtures/verify/signed-trail/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_${name}.json.gz`),
);

describe('loadTrail with digest files', () => {
  it('gives digest validation the hashes taken while scanning, and none with --no-verify', async () => {
    calls.length = 0;
    const trail = await loadTrail(['fixtures/verify/signed-trail'], { jobs: 2 });
    expect(trail.inputs.verification?.ok).toBe(true);
    expect(calls).toHaveLength(1);
    expect([...(calls[0]!.knownLogHashes?.keys() ?? [])].sort()).toEqual(LOGS);
    calls.length = 0;
    await loadTrail(['fixtures/verify/signed-trail'], { jobs: 2, verify: false });
    expect(calls).toHaveLength(0);
  });
});
