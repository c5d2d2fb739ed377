/**
 * verify on hostile or broken inputs (found by fuzzing): every case is a
 * verdict or a usage error naming the file, never an internal error, and
 * none costs time or memory out of proportion to the input.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, rmdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkTrail, logFileHash, parseKey, readPublicKeys, type VerifyReport } from '../../src/verify/index.js';
import { tempDirs } from '../support/temp-dirs.js';
import { runMain } from '../support/run-main.js';
import { buildTrail, fingerprintOf, testKeys } from './trail-builder.js';

const tempDir = tempDirs('zr-verify-bad-');
const DIGESTS = 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01';

describe('verify on hostile inputs', () => {
  it('refuses a list-public-keys validity time no date can hold (it crashed the verdict once a signature verified)', () => {
    const value = testKeys().publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64');
    const list = (start: unknown) => JSON.stringify({ PublicKeyList: [{ Value: value, ValidityStartTime: start, ValidityEndTime: 1714521600, Fingerprint: fingerprintOf(testKeys().publicKey) }] });
    expect(() => readPublicKeys(list(1e13), 'k.json')).toThrow('k.json: PublicKeyList[0].ValidityStartTime is not a time (10000000000000)');
    expect(() => readPublicKeys(list('99999999999999'), 'k.json')).toThrow(/is not a time/);
    expect(readPublicKeys(list(1711929600), 'k.json')[0]?.validity).toEqual({ start: 1711929600000, end: 1714521600000 });
    // Found by the bad-input law in CI: a validity time nested thousands deep overflowed the stack of the message.
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const nested = list(0).replace('"ValidityStartTime":0', `"ValidityStartTime":${deep}`);
    expect(() => readPublicKeys(nested, 'k.json')).toThrow('k.json: PublicKeyList[0].ValidityStartTime is not a time (an array)');
  });

  it('judges a gzip bomb of a digest as one that does not decompress, without inflating it all', async () => {
    const dir = join(tempDir(), 'trail');
    cpSync('fixtures/verify/signed-trail', dir, { recursive: true });
    const folder = join(dir, DIGESTS);
    const victim = readdirSync(folder).find((f) => f.endsWith('.json.gz'))!;
    // 65 MiB of blanks in 65 KB: a digest holds kilobytes.
    writeFileSync(join(folder, victim), gzipSync(Buffer.alloc(65 * 2 ** 20, 0x20)));
    const r = await runMain(['verify', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as VerifyReport;
    expect(report.digests.find((d) => d.key.endsWith(victim))?.message).toMatch(/does not decompress/);
  });

  it('gives each digest a chain skips over one reason, not one per link that skips it', () => {
    // Every digest links back to the first: each later link skips all those between.
    const name = (i: number) => `${DIGESTS}/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_${new Date(Date.UTC(2024, 4, 1) + i * 60_000).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z/, 'Z')}.json.gz`;
    const iso = (i: number) => new Date(Date.UTC(2024, 4, 1) + i * 60_000).toISOString().replace('.000Z', 'Z');
    const n = 300;
    let firstHash = '';
    const digests = Array.from({ length: n }, (_, i) => {
      const text = JSON.stringify({
        digestStartTime: iso(i - 1),
        digestEndTime: iso(i),
        digestS3Bucket: 'b',
        digestS3Object: name(i),
        digestPublicKeyFingerprint: 'aa',
        previousDigestS3Bucket: i === 0 ? null : 'b',
        previousDigestS3Object: i === 0 ? null : name(0),
        previousDigestHashValue: i === 0 ? null : firstHash,
        previousDigestHashAlgorithm: 'SHA-256',
        previousDigestSignature: null,
        logFiles: [],
      });
      if (i === 0) firstHash = createHash('sha256').update(text).digest('hex');
      return { file: name(i), info: { kind: 'digest' as const, key: name(i), account: '111122223333', region: 'us-east-1', trail: 't', homeRegion: 'us-east-1', time: Date.UTC(2024, 4, 1) + i * 60_000 }, raw: gzipSync(text), claims: [] };
    });
    const report = checkTrail({ logs: [], digests, keys: [], problems: [] });
    const reasons = report.digests.map((d) => (d.message?.match(/not in the chain/g) ?? []).length);
    // The last digest's link skips the 298 between it and the first: each of those is named once.
    expect(Math.max(...reasons)).toBe(1);
    expect(reasons.filter((k) => k === 1).length).toBe(n - 2);
  });

  it('says which folder it cannot read (a path too long), as a usage error', async () => {
    // Folders nested past PATH_MAX, made through symlinks so that each mkdir's own path stays short.
    const root = tempDir();
    const trail = join(root, 'trail');
    cpSync('fixtures/verify/signed-trail', trail, { recursive: true });
    let hop = trail;
    for (let depth = 0; depth < 20; depth++) {
      const real = join(hop, 'd'.repeat(240));
      mkdirSync(real);
      const link = join(root, `hop${depth}`);
      symlinkSync(real, link);
      hop = link;
    }
    try {
      const r = await runMain(['verify', trail]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/cannot read \(ENAMETOOLONG/);
      expect(r.err).not.toMatch(/internal error|\n\s+at /);
    } finally {
      // Removed through the symlinks too, deepest first: rmSync cannot reach them by their whole path.
      for (let depth = 19; depth >= 0; depth--) {
        rmdirSync(join(depth === 0 ? trail : join(root, `hop${depth - 1}`), 'd'.repeat(240)));
        unlinkSync(join(root, `hop${depth}`));
      }
    }
  });

  it('reads a key file of many unclosed BEGIN lines as no key (the pattern scanned to the end once per line)', () => {
    // 100,000 of them: linear now (milliseconds); the former pattern took minutes, past the test's time limit.
    expect(() => readPublicKeys('-----BEGIN X-----\n'.repeat(100_000), 'k.pem')).toThrow(/k\.pem: no PEM public key/);
  });

  it('keeps a coverage window a date can hold, whatever since and until a library caller passes', () => {
    const t = buildTrail({ hours: 2 });
    const input = {
      logs: t.logs.map((l) => ({ file: `/dl/${l.key}`, info: parseKey(l.key)!, hash: logFileHash(l.raw) })),
      digests: t.digests.map((d) => ({ file: `/dl/${d.key}`, info: parseKey(d.key)!, raw: d.raw, claims: [] })),
      keys: [],
      problems: [],
    };
    expect(checkTrail(input).ok).toBe(true);
    const wide = checkTrail({ ...input, since: -1e16, until: 1e16 });
    expect(wide.coverage[0]?.proved.length).toBe(1);
  });
});
