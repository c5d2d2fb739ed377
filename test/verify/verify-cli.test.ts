import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/temp-dirs.js';
import { runMain, type MainResult } from '../support/run-main.js';
import type { VerifyReport } from '../../src/verify/index.js';
import { HOUR, T0, buildTrail, fingerprintOf, rewriteDigest, testKeys, writeAt, writeTrail, type BuiltTrail } from './trail-builder.js';

const tempDir = tempDirs('zr-verify-');

async function run(args: string[]): Promise<MainResult> {
  return runMain(['verify', ...args]);
}

async function json(args: string[]): Promise<{ code: number; report: VerifyReport }> {
  const r = await run([...args, '--format', 'json']);
  return { code: r.code, report: JSON.parse(r.out) as VerifyReport };
}

/** A trail on disk under <tmp>/download/ (the bucket prefix "cloudtrail" is not there locally). */
function onDisk(t: BuiltTrail = buildTrail({ hours: 3, prefix: 'cloudtrail' }), sidecars?: 'sig' | 'head'): { dir: string; t: BuiltTrail } {
  const dir = join(tempDir(), 'download');
  writeTrail(dir, t, sidecars === undefined ? {} : { sidecars });
  return { dir, t };
}

/** The test key as `list-public-keys` prints it, valid from `start` to `end` (as the CLI v2 or v1 writes times). */
function keyList(start: string | number, end: string | number): string {
  const pub = testKeys().publicKey;
  const value = pub.export({ type: 'pkcs1', format: 'der' }).toString('base64');
  const file = join(tempDir(), 'list-public-keys.json');
  writeFileSync(file, JSON.stringify({ PublicKeyList: [{ Value: value, ValidityStartTime: start, ValidityEndTime: end, Fingerprint: fingerprintOf(pub) }] }, null, 4));
  return file;
}

function keyFiles(): { spki: string; pkcs1: string; list: string } {
  const dir = tempDir();
  const pub = testKeys().publicKey;
  const spki = join(dir, 'spki.pem');
  const pkcs1 = join(dir, 'pkcs1.pem');
  const list = join(dir, 'list-public-keys.json');
  writeFileSync(spki, pub.export({ type: 'spki', format: 'pem' }));
  writeFileSync(pkcs1, pub.export({ type: 'pkcs1', format: 'pem' }));
  const value = pub.export({ type: 'pkcs1', format: 'der' }).toString('base64');
  const keyList = {
    PublicKeyList: [{ Value: value, ValidityStartTime: '2024-04-01T00:00:00+00:00', ValidityEndTime: '2024-06-01T00:00:00+00:00', Fingerprint: fingerprintOf(pub) }],
  };
  writeFileSync(list, JSON.stringify(keyList, null, 4));
  return { spki, pkcs1, list };
}

describe('zone-replay verify', () => {
  it('starts its JSON with the header every zone-replay JSON document has', async () => {
    const { dir } = onDisk();
    const doc = JSON.parse((await run([dir, '--format', 'json'])).out) as { zoneReplay: unknown; logFiles: unknown[] };
    expect(Object.keys(doc)[0]).toBe('zoneReplay');
    expect(doc.zoneReplay).toMatchObject({ report: 'verify', reportVersion: 1 });
    expect(doc.logFiles.length).toBeGreaterThan(0);
  });

  it('exits 0 on a good trail and says it is unsigned', async () => {
    const { dir } = onDisk();
    const r = await run([dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('log files: 6 judged: 6 ok, 0 missing, 0 altered, 0 unlisted');
    expect(r.out).toContain('unsigned: chain verified, signatures not checked (give --public-keys and signatures)');
    expect(r.out).toContain('coverage proved for 111122223333 us-east-1 management_trail: [2024-05-01T10:01:31Z, 2024-05-01T13:01:31Z]');
    expect(r.out).toContain('result: verified');
  });

  it('shows hashing progress on a terminal, cleared before the report; --quiet shows none', async () => {
    const { dir } = onDisk();
    const shown = await runMain(['verify', dir], { progress: true });
    expect(shown.code).toBe(0);
    expect(shown.err).toMatch(/^\r\u001b\[2KHashing 1\/\d+ files/);
    expect(shown.err.endsWith('\r\u001b[2K')).toBe(true);
    const quiet = await runMain(['verify', dir, '--quiet'], { progress: true });
    expect(quiet.code).toBe(0);
    expect(quiet.err).toBe('');
    expect(quiet.out).toBe(shown.out);
  });

  it('accepts re-gzipped log files (the hash is of the uncompressed bytes)', async () => {
    const { dir, t } = onDisk();
    const log = t.logs[0]!;
    writeAt(join(dir, log.key), gzipSync(log.plain, { level: 1 }));
    expect((await run([dir])).code).toBe(0);
  });

  it('reports a tampered log file as altered', async () => {
    const { dir, t } = onDisk();
    const log = t.logs[2]!;
    writeAt(join(dir, log.key), gzipSync(Buffer.from(log.plain.toString().replace('UPSERT', 'DELETE'))));
    const r = await run([dir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/altered\s+\S+U0002abcdefghijk\.json\.gz \(listed in AWSLogs\//);
    expect(r.out).toContain('result: FAILED');
    const { report } = await json([dir]);
    expect(report.logFiles.filter((l) => l.status === 'altered').map((l) => l.key)).toEqual([log.key]);
  });

  it('reports a missing log file and an unlisted one', async () => {
    const { dir, t } = onDisk();
    unlinkSync(join(dir, t.logs[1]!.key));
    const extra = t.logs[5]!.key.replace('U0005', 'X9999');
    writeAt(join(dir, extra), gzipSync('{"Records":[]}'));
    const r = await run([dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`missing       ${t.logs[1]!.key}`);
    expect(r.out).toContain(`unlisted      ${join(dir, extra)}`);
    expect(r.out).not.toContain('note: log files delivered after the newest digest');
    const { report } = await json([dir]);
    expect(report.logFiles.find((l) => l.status === 'missing')).toEqual({ file: '', key: t.logs[1]!.key, status: 'missing', digest: t.digests[0]!.key });
  });

  it('says when unlisted log files are newer than every digest, and --until leaves them out', async () => {
    const { dir, t } = onDisk();
    const late = t.logs[5]!.key.replace('20240501T1241Z_U0005', '20240501T1321Z_L0005');
    writeAt(join(dir, late), gzipSync('{"Records":[]}'));
    const r = await run([dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('note: log files delivered after the newest digest are not listed yet');
    expect((await run([dir, '--until', '2024-05-01T13:01:31Z'])).code).toBe(0);
  });

  it('reports a removed digest as a broken chain with a hole', async () => {
    const { dir, t } = onDisk(buildTrail({ hours: 4 }));
    unlinkSync(join(dir, t.digests[1]!.key));
    const { code, report } = await json([dir]);
    expect(code).toBe(1);
    expect(report.digests.map((d) => d.status)).toEqual(['chain-start', 'broken-chain', 'unsigned']);
    expect(report.digests[1]?.message).toContain(`previous digest ${t.digests[1]!.key} is missing`);
    expect(report.coverage[0]?.holes[0]).toMatchObject({ start: '2024-05-01T11:01:31Z', end: '2024-05-01T12:01:31Z' });
    expect(report.logFiles.filter((l) => l.status === 'unlisted')).toHaveLength(2);
  });

  it('reports a wrong previousDigestHashValue', async () => {
    const t = buildTrail({ hours: 3 });
    t.digests[2] = rewriteDigest(t.digests[2]!, (j) => {
      j.previousDigestHashValue = 'ab'.repeat(32);
    });
    const { dir } = onDisk(t);
    const r = await run([dir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/broken-chain .*previousDigestHashValue does not match/);
  });

  it('accepts empty digests (logFiles: [])', async () => {
    const { dir } = onDisk(buildTrail({ hours: 3, logsPerHour: (h) => (h === 1 ? 0 : 1) }));
    const { code, report } = await json([dir]);
    expect(code).toBe(0);
    expect(report.logFiles).toHaveLength(2);
    expect(report.coverage[0]?.proved).toEqual([{ start: '2024-05-01T10:01:31Z', end: '2024-05-01T13:01:31Z' }]);
  });

  it('verifies .sig sidecars with a PEM (SPKI) key; a flipped byte fails', async () => {
    const { dir, t } = onDisk(undefined, 'sig');
    const keys = keyFiles();
    const good = await run([dir, '--public-keys', keys.spki]);
    expect(good.code).toBe(0);
    expect(good.out).toContain('signatures: all 3 digest signatures verified');
    const d = t.digests[1]!;
    const flipped = (d.signature.slice(0, 10) + (d.signature[10] === '0' ? '1' : '0') + d.signature.slice(11)) + '\n';
    writeAt(join(dir, d.key + '.sig'), flipped);
    const bad = await run([dir, '--public-keys', keys.spki]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/bad-signature .*CloudTrail-Digest_us-east-1_management_trail_us-east-1_20240501T120131Z\.json\.gz: signatures disagree/);
  });

  it('says where the paths went when --public-keys comes first and takes them', async () => {
    const { dir } = onDisk(undefined, 'sig');
    const keys = keyFiles();
    const swallowed = await run(['--public-keys', keys.spki, dir]);
    expect(swallowed.code).toBe(2);
    expect(swallowed.err).toContain(`verify: no paths to verify; --public-keys took every file after it (${keys.spki}, ${dir}): put the paths before --public-keys, or end its list with --`);
    const ended = await run(['--public-keys', keys.spki, '--', dir]);
    expect(ended.code).toBe(0);
    expect(ended.out).toContain('signatures: all 3 digest signatures verified');
  });

  it('verifies head-object JSON with list-public-keys JSON', async () => {
    const { dir } = onDisk(undefined, 'head');
    const { code, report } = await json([dir, '--public-keys', keyFiles().list]);
    expect(code).toBe(0);
    expect(report.signed).toBe('all');
    expect(report.digests.map((d) => d.status)).toEqual(['chain-start', 'ok', 'ok']);
  });

  it("fails a signature by a key used outside its validity window (list-public-keys' times, either CLI's spelling)", async () => {
    const { dir } = onDisk(undefined, 'head');
    // The digests end between 10:01 and 13:01 on 2024-05-01.
    for (const keys of [keyList('2024-04-01T00:00:00+00:00', '2024-05-01T00:00:00+00:00'), keyList(1711929600.0, 1714521600.0)]) {
      const { code, report } = await json([dir, '--public-keys', keys]);
      expect(code).not.toBe(0);
      expect(report.digests.map((d) => d.status)).toEqual(['bad-signature', 'bad-signature', 'bad-signature']);
      expect(report.digests[0]!.message).toMatch(/valid 2024-04-01T00:00:00\.000Z \.\. 2024-05-01T00:00:00\.000Z .*outside that window/);
    }
    // A window that opens within two hours after a digest's end: it may have been signed on delivery.
    const { code, report } = await json([dir, '--public-keys', keyList('2024-05-01T11:30:00Z', '2024-06-01T00:00:00Z')]);
    expect(report.digests.map((d) => d.status)).toEqual(['chain-start', 'ok', 'ok']);
    expect(code).toBe(0);
    const bad = await run([dir, '--public-keys', keyList('yesterday', '2024-06-01T00:00:00Z')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/list-public-keys\.json: PublicKeyList\[0\]\.ValidityStartTime is not a time \("yesterday"\)/);
  });

  it('verifies a --signatures map with a PKCS#1 PEM key, and fails a wrong signature', async () => {
    const { dir, t } = onDisk();
    const keys = keyFiles();
    const map: Record<string, string> = {};
    for (const d of t.digests) map[`s3://example-trail-bucket/cloudtrail/${d.key}`] = d.signature;
    const file = join(tempDir(), 'signatures.json');
    writeFileSync(file, JSON.stringify(map));
    const ok = await json([dir, '--signatures', file, '--public-keys', keys.pkcs1]);
    expect(ok.code).toBe(0);
    expect(ok.report.signed).toBe('all');
    // The newest digest has no successor to vouch for it: a wrong map entry is caught by RSA alone.
    const last = t.digests[2]!;
    const sig = Buffer.from(last.signature, 'hex');
    sig[sig.length - 1]! ^= 1;
    map[`s3://example-trail-bucket/cloudtrail/${last.key}`] = sig.toString('hex');
    writeFileSync(file, JSON.stringify(map));
    const bad = await json([dir, '--signatures', file, '--public-keys', keys.pkcs1]);
    expect(bad.code).toBe(1);
    expect(bad.report.digests[2]).toMatchObject({ status: 'bad-signature', message: expect.stringMatching(/does not verify/) });
  });

  it('handles organization trails and --since/--until', async () => {
    const t = buildTrail({ hours: 4, organization: 'o-abc123def4' });
    const { dir } = onDisk(t);
    unlinkSync(join(dir, t.logs[0]!.key));
    expect((await run([dir])).code).toBe(1);
    const since = new Date(T0 + HOUR).toISOString();
    const { code, report } = await json([dir, '--since', since, '--until', '2024-05-01T14:01:31Z']);
    expect(code).toBe(0);
    expect(report.coverage[0]).toMatchObject({ account: '111122223333', proved: [{ start: '2024-05-01T11:01:31Z', end: '2024-05-01T14:01:31Z' }] });
  });

  it('escapes control characters in file names', async () => {
    const { dir, t } = onDisk();
    const evil = join(dir, 'evil\u001b[31m', t.logs[0]!.key.replace('U0000', 'Z0000'));
    writeAt(evil, gzipSync('{"Records":[]}'));
    const r = await run([dir]);
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('\u001b');
    expect(r.out).toContain('evil\\x1b[31m');
  });

  it('exits 2 with a clear message on user mistakes', async () => {
    const { dir, t } = onDisk();
    const logsOnly = tempDir();
    writeAt(join(logsOnly, t.logs[0]!.key), t.logs[0]!.raw);
    const none = await run([logsOnly]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no CloudTrail digest files found .*found 1 log file/);
    expect((await run([join(dir, 'nope')])).code).toBe(2);
    const stray = join(tempDir(), 'notes.txt');
    writeFileSync(stray, 'hello');
    expect((await run([dir, stray])).err).toMatch(/notes\.txt: not a CloudTrail log or digest file/);
    expect((await run([dir, '--since', 'yesterday'])).err).toMatch(/--since: not a time/);
    expect((await run([dir, '--format', 'xml'])).code).toBe(2);
    const badKey = join(tempDir(), 'bad.pem');
    writeFileSync(badKey, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n');
    const r = await run([dir, '--public-keys', badKey]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.pem: PEM block 1 is not a valid RSA public key');
    const badMap = join(tempDir(), 'sigs.json');
    writeFileSync(badMap, '{"AWSLogs/1/CloudTrail/x": "00"}');
    expect((await run([dir, '--signatures', badMap])).err).toMatch(/is not a CloudTrail digest key/);
  });
});
