/**
 * Digest validation without a second read: the replay's scan hashes each log
 * file that has digests beside it while inflating it anyway, and `verify`
 * takes those hashes instead of reading the files again. The hashes are the
 * ones `verify` computes itself, and they are what it judges by.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadTrail } from '../../src/load.js';
import { ingestEvents } from '../../src/sources/ingest.js';
import { scanBytes } from '../../src/sources/scan.js';
import { hasDigestsBeside } from '../../src/sources/special-files.js';
import { logFileHash, verifyTrail } from '../../src/verify/index.js';
import { readTrailInput } from '../../src/verify/read.js';

const TRAIL = 'fixtures/verify/signed-trail';
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('hashes taken while scanning', () => {
  it('are SHA-256 of the uncompressed bytes, as verify hashes; none for a file that does not inflate', () => {
    const text = '{"Records":[]}';
    for (const bytes of [gzipSync(text), Buffer.from(text), Buffer.concat([gzipSync('{"Records":'), gzipSync('[]}')])]) {
      const outcome = scanBytes(bytes, 'f.json.gz', undefined, { hashUncompressed: true });
      expect(outcome.uncompressedSha256).toBe(logFileHash(bytes));
      expect(scanBytes(bytes, 'f.json.gz').uncompressedSha256).toBeUndefined(); // only when asked
    }
    expect(scanBytes(gzipSync(text).subarray(0, 20), 'cut.json.gz', undefined, { hashUncompressed: true }).uncompressedSha256).toBeUndefined();
  });

  it('are taken for the log files that have digests beside them, on worker threads and in-process alike', async () => {
    const logs = (await readTrailInput([TRAIL])).logs.map((l) => resolve(l.file));
    expect(logs.length).toBe(2);
    for (const jobs of [1, 2]) {
      const { logHashes } = await ingestEvents([TRAIL], { jobs, hashLogFiles: true });
      expect([...logHashes.keys()].sort()).toEqual(logs.sort());
      for (const file of logs) expect(logHashes.get(file), file).toBe(sha256(gunzipSync(readFileSync(file))));
      expect((await ingestEvents([TRAIL], { jobs })).logHashes.size).toBe(0);
    }
  });

  it('finds a digest folder beside a log file in the S3 layout, once per account folder', () => {
    const cache = new Map<string, boolean>();
    const log = `${TRAIL}/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T1031Z_U0000abcdefghijk.json.gz`;
    expect(hasDigestsBeside(log, cache)).toBe(true);
    expect(cache).toEqual(new Map([[`${TRAIL}/AWSLogs/111122223333`, true]]));
    expect(hasDigestsBeside('fixtures/shop-trail/trail/AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/01/x.json.gz', cache)).toBe(false);
    expect(hasDigestsBeside('logs/events.json', cache)).toBe(false); // not the layout
  });
});

describe('verify with hashes already taken', () => {
  it('judges by them instead of reading the files: the same report when they are right, altered when not', async () => {
    const plain = await verifyTrail([TRAIL]);
    const right = new Map((await readTrailInput([TRAIL])).logs.map((l) => [resolve(l.file), l.hash!]));
    expect(await verifyTrail([TRAIL], { knownLogHashes: right })).toEqual(plain);
    const wrong = new Map([...right].map(([file]) => [file, '0'.repeat(64)]));
    const judged = await verifyTrail([TRAIL], { knownLogHashes: wrong });
    expect(judged.ok).toBe(false);
    expect(judged.logFiles.map((l) => l.status)).toEqual(['altered', 'altered']);
  });

  it('still finds a log file altered after the logs were delivered, through the replay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zr-hashes-'));
    cpSync(TRAIL, dir, { recursive: true });
    const before = await loadTrail([dir], { jobs: 2 });
    expect(before.inputs.verification).toEqual({ ok: true, signed: 'none', failures: 0 });
    const log = (await readTrailInput([dir])).logs[0]!.file;
    const records = JSON.parse(gunzipSync(readFileSync(log)).toString()) as { Records: { sourceIPAddress?: string }[] };
    records.Records[0]!.sourceIPAddress = '198.51.100.66';
    writeFileSync(log, gzipSync(JSON.stringify(records)));
    const after = await loadTrail([dir], { jobs: 2 });
    expect(after.inputs.verification).toEqual({ ok: false, signed: 'none', failures: 1 });
  });
});
