import fc from 'fast-check';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkTrail, logFileHash, parseKey, provedCoverage, readPublicKeys, type LocalDigest, type LocalLog, type TrailInput } from '../../src/verify/index.js';
import type { KeyInfo } from '../../src/verify/s3-keys.js';
import { HOUR, T0, buildTrail, rewriteDigest, testKeys, type BuiltTrail } from './trail-builder.js';

const info = (key: string): KeyInfo => {
  const i = parseKey(key);
  if (i === undefined) throw new Error(`bad key in test: ${key}`);
  return i;
};

/** The trail as the I/O layer would hand it to the core (files named /dl/<key>). */
function toInput(t: BuiltTrail, extra: Partial<TrailInput> & { withSignatures?: boolean } = {}): TrailInput & { logs: LocalLog[]; digests: LocalDigest[] } {
  const { withSignatures, ...rest } = extra;
  return {
    logs: t.logs.map((l) => {
      try {
        return { file: `/dl/${l.key}`, info: info(l.key), hash: logFileHash(l.raw) };
      } catch (err) {
        return { file: `/dl/${l.key}`, info: info(l.key), error: (err as Error).message };
      }
    }),
    digests: t.digests.map((d) => ({
      file: `/dl/${d.key}`,
      info: info(d.key),
      raw: d.raw,
      claims: withSignatures === true ? [{ source: 'test', hex: d.signature }] : [],
    })),
    keys: [],
    problems: [],
    ...rest,
  } as TrailInput & { logs: LocalLog[]; digests: LocalDigest[] };
}

const pem = () => testKeys().publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('checkTrail', () => {
  it('accepts a good trail, unsigned, and proves its whole span', () => {
    const t = buildTrail({ hours: 4, prefix: 'org/prefix' });
    const r = checkTrail(toInput(t));
    expect(r.ok).toBe(true);
    expect(r.signed).toBe('none');
    expect(r.logFiles.map((l) => l.status)).toEqual(Array(8).fill('ok'));
    expect(r.digests.map((d) => d.status)).toEqual(['chain-start', 'unsigned', 'unsigned', 'unsigned']);
    expect(r.coverage).toHaveLength(1);
    expect(r.coverage[0]?.proved).toEqual([{ start: '2024-05-01T10:01:31Z', end: '2024-05-01T14:01:31Z' }]);
    expect(r.coverage[0]?.holes).toEqual([]);
    expect(provedCoverage(r)).toEqual(r.coverage[0]?.proved);
  });

  it('checks signatures with the key the fingerprint names, including those carried by the next digest', () => {
    const t = buildTrail({ hours: 3 });
    const keys = readPublicKeys(pem(), 'k.pem');
    expect(checkTrail(toInput(t, { keys, withSignatures: true })).signed).toBe('all');
    // Keys but no metadata: every digest but the newest is signed through its successor.
    const r = checkTrail(toInput(t, { keys }));
    expect(r.signed).toBe('some');
    expect(r.digests.map((d) => d.status)).toEqual(['chain-start', 'ok', 'unsigned']);
    expect(r.ok).toBe(true);
  });

  it('catches a forgery that keeps every hash consistent only when signatures are checked', () => {
    const t = buildTrail({ hours: 2 });
    // The attacker rewrites a log file and the newest digest's hash of it.
    const log = t.logs[3]!;
    const forged = Buffer.from(log.plain.toString().replace('192.0.2.1', '198.51.100.66'));
    t.logs[3] = { ...log, raw: gzipSync(forged), plain: forged };
    t.digests[1] = rewriteDigest(t.digests[1]!, (j) => {
      (j.logFiles as { hashValue: string }[])[1]!.hashValue = logFileHash(forged);
    });
    expect(checkTrail(toInput(t)).ok).toBe(true);
    const keys = readPublicKeys(pem(), 'k.pem');
    const r = checkTrail(toInput(t, { keys, withSignatures: true }));
    expect(r.ok).toBe(false);
    expect(r.digests[1]?.status).toBe('bad-signature');
  });

  it('reports a digest link whose hash does not match and leaves both intervals unproved', () => {
    const t = buildTrail({ hours: 3 });
    t.digests[2] = rewriteDigest(t.digests[2]!, (j) => {
      j.previousDigestHashValue = '0'.repeat(64);
    });
    const r = checkTrail(toInput(t));
    expect(r.ok).toBe(false);
    expect(r.digests.map((d) => d.status)).toEqual(['chain-start', 'unsigned', 'broken-chain']);
    expect(r.coverage[0]?.proved).toEqual([{ start: '2024-05-01T10:01:31Z', end: '2024-05-01T11:01:31Z' }]);
    expect(r.coverage[0]?.holes[0]?.reason).toMatch(/previousDigestHashValue does not match/);
  });

  it('reports a link naming another bucket', () => {
    const t = buildTrail({ hours: 2 });
    t.digests[1] = rewriteDigest(t.digests[1]!, (j) => {
      j.previousDigestS3Bucket = 'attacker-bucket';
    });
    const r = checkTrail(toInput(t));
    expect(r.digests[1]).toMatchObject({ status: 'broken-chain', message: expect.stringMatching(/previousDigestS3Bucket attacker-bucket differs/) });
  });

  it('reports a planted digest that no later digest links to', () => {
    const t = buildTrail({ hours: 3 });
    const other = buildTrail({ hours: 3, start: T0 + HOUR / 2 });
    const planted = { ...other.digests[0]!, key: other.digests[0]!.key.replace('110131Z', '103131Z') };
    const input = toInput(t);
    input.digests = [...input.digests, { file: '/dl/planted', info: info(planted.key), raw: planted.raw, claims: [] }];
    const r = checkTrail(input);
    expect(r.ok).toBe(false);
    const row = r.digests.find((d) => d.file === '/dl/planted');
    expect(row?.status).toBe('broken-chain');
  });

  it('treats a restarted chain as a hole, not a failure', () => {
    const t = buildTrail({ hours: 3, restartAt: [2] });
    const r = checkTrail(toInput(t));
    expect(r.ok).toBe(true);
    expect(r.digests[2]?.status).toBe('chain-start');
    expect(r.coverage[0]?.holes).toEqual([
      { start: '2024-05-01T12:01:31Z', end: '2024-05-01T13:01:31Z', reason: expect.stringMatching(/chain restarted/) },
    ]);
  });

  it('judges only the window given', () => {
    const t = buildTrail({ hours: 4 });
    const log = t.logs[0]!;
    t.logs[0] = { ...log, raw: gzipSync(Buffer.from('{"Records":[]}')) };
    expect(checkTrail(toInput(t)).ok).toBe(false);
    const r = checkTrail(toInput(t, { since: T0 + HOUR, until: T0 + 3 * HOUR }));
    expect(r.ok).toBe(true);
    expect(r.digests).toHaveLength(2);
    expect(r.logFiles).toHaveLength(4);
    expect(r.coverage[0]?.proved).toEqual([{ start: '2024-05-01T11:01:31Z', end: '2024-05-01T13:01:31Z' }]);
    // A window wider than the digests: the rest is a hole.
    const wide = checkTrail(toInput(t, { since: T0 + HOUR, until: T0 + 6 * HOUR }));
    expect(wide.coverage[0]?.holes.at(-1)).toEqual({ start: '2024-05-01T14:01:31Z', end: '2024-05-01T16:01:31Z', reason: 'no local digest covers this time' });
  });

  it('intersects regions and unions trails in provedCoverage', () => {
    const a = buildTrail({ hours: 3, region: 'us-east-1' });
    const b = buildTrail({ hours: 2, region: 'eu-west-1', start: T0 + HOUR });
    const input = toInput(a);
    const other = toInput(b);
    const r = checkTrail({ ...input, logs: [...input.logs, ...other.logs], digests: [...input.digests, ...other.digests] });
    expect(r.coverage.map((c) => c.region)).toEqual(['eu-west-1', 'us-east-1']);
    expect(provedCoverage(r)).toEqual([{ start: '2024-05-01T11:01:31Z', end: '2024-05-01T13:01:31Z' }]);
    expect(provedCoverage(r, { region: 'us-east-1' })).toEqual([{ start: '2024-05-01T10:01:31Z', end: '2024-05-01T13:01:31Z' }]);
  });

  it('reports a digest that does not parse, naming its file', () => {
    const t = buildTrail({ hours: 2 });
    const input = toInput(t);
    input.digests[1] = { ...input.digests[1]!, raw: gzipSync('{"logFiles": "nope"}') };
    const r = checkTrail(input);
    expect(r.ok).toBe(false);
    expect(r.digests[1]?.status).toBe('broken-chain');
    expect(r.problems[0]?.message).toContain(input.digests[1]!.file);
    expect(r.logFiles.filter((l) => l.status === 'unlisted')).toHaveLength(2);
  });
});

describe('laws', () => {
  const trail = buildTrail({ hours: 2, logsPerHour: () => 2 });

  it('any single-byte change to a log file\'s content is detected', () => {
    fc.assert(
      fc.property(fc.nat(3), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, at, delta) => {
        const t: BuiltTrail = { ...trail, logs: [...trail.logs] };
        const log = t.logs[which]!;
        const plain = Buffer.from(log.plain);
        const i = at % plain.length;
        plain[i] = (plain[i]! + delta) % 256;
        t.logs[which] = { ...log, raw: gzipSync(plain), plain };
        const r = checkTrail(toInput(t));
        expect(r.ok).toBe(false);
        expect(r.logFiles.find((l) => l.key === log.key)?.status).toBe('altered');
      }),
      { numRuns: 100 },
    );
  });

  it('any single-byte change to the stored gzip file is detected unless the content is unchanged', () => {
    fc.assert(
      fc.property(fc.nat(3), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, at, delta) => {
        const t: BuiltTrail = { ...trail, logs: [...trail.logs] };
        const log = t.logs[which]!;
        const raw = Buffer.from(log.raw);
        const i = at % raw.length;
        raw[i] = (raw[i]! + delta) % 256;
        t.logs[which] = { ...log, raw };
        let same: boolean;
        try {
          same = Buffer.from(gunzipSync(raw)).equals(Buffer.from(log.plain));
        } catch {
          same = false;
        }
        const status = checkTrail(toInput(t)).logFiles.find((l) => l.key === log.key)?.status;
        // Only gzip header bytes outside the CRC (mtime, flags, OS) leave the content as it was.
        expect(status).toBe(same ? 'ok' : 'altered');
      }),
      { numRuns: 100 },
    );
  });

  it('removing a middle digest breaks the chain, the newest leaves its logs unlisted; a removed log file is missing', () => {
    const t = buildTrail({ hours: 4, logsPerHour: () => 1 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.nat(3), (gone, lost) => {
        const input = toInput(t);
        const r = checkTrail({ ...input, digests: input.digests.filter((_, i) => i !== gone) });
        expect(r.ok).toBe(false);
        if (gone < 3) expect(r.digests.map((d) => d.status)).toContain('broken-chain');
        else expect(r.logFiles.filter((l) => l.status === 'unlisted').map((l) => l.key)).toEqual([t.logs[3]!.key]);
        const r2 = checkTrail({ ...input, logs: input.logs.filter((_, i) => i !== lost) });
        expect(r2.logFiles.filter((l) => l.status === 'missing').map((l) => l.key)).toEqual([t.logs[lost]!.key]);
      }),
      { numRuns: 20 },
    );
  });
});
