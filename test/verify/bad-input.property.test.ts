/**
 * `verify`'s readers on broken inputs, as laws: a digest file and a public
 * key list, mutated as data and as text, are read or refused with their own
 * error naming the file; a trail holding a broken digest gets a verdict,
 * never an exception.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkTrail, DigestFormatError, logFileHash, parseDigest, parseKey, readPublicKeys } from '../../src/verify/index.js';
import { PublicKeyError } from '../../src/verify/signature.js';
import { arbAnyText, arbMutatedJsonText, arbMutatedText } from '../support/mutations.js';
import { returnsOrRefuses } from '../support/user-errors.js';
import { buildTrail, fingerprintOf, testKeys } from './trail-builder.js';

const TRAIL = buildTrail({ hours: 2 });
const DIGEST = TRAIL.digests[1]!;
const PUBLIC = testKeys().publicKey;
const KEY_LIST = {
  PublicKeyList: [{ Value: PUBLIC.export({ type: 'pkcs1', format: 'der' }).toString('base64'), ValidityStartTime: 1711929600, ValidityEndTime: 1735689600, Fingerprint: fingerprintOf(PUBLIC) }],
};
const PEM = PUBLIC.export({ type: 'spki', format: 'pem' }).toString();

const arbDigestText = fc.oneof(arbMutatedJsonText(DIGEST.json), arbAnyText);

describe('verify on broken inputs', () => {
  it('a digest file: read, or a DigestFormatError naming the file', () => {
    fc.assert(
      fc.property(arbDigestText, (text) => {
        const r = returnsOrRefuses('parseDigest', () => parseDigest(text, 'd.json.gz'), [DigestFormatError]);
        if (!r.ok) expect(r.error.message).toMatch(/^d\.json\.gz: not a valid CloudTrail digest file: ./);
      }),
      { numRuns: 300 },
    );
  });

  it('a public key file: keys, or a PublicKeyError naming the file', () => {
    fc.assert(
      fc.property(fc.oneof(arbMutatedJsonText(KEY_LIST), arbMutatedText(PEM), arbAnyText), (text) => {
        const r = returnsOrRefuses('readPublicKeys', () => readPublicKeys(text, 'keys.json'), [PublicKeyError]);
        if (!r.ok) expect(r.error.message).toMatch(/^keys\.json: ./);
      }),
      { numRuns: 200 },
    );
  });

  it('a trail with a broken digest gets a verdict that names it', () => {
    const logs = TRAIL.logs.map((l) => ({ file: `/dl/${l.key}`, info: parseKey(l.key)!, hash: logFileHash(l.raw) }));
    const keys = readPublicKeys(PEM, 'k.pem');
    fc.assert(
      fc.property(arbDigestText, fc.boolean(), (text, zipped) => {
        const digests = TRAIL.digests.map((d) => ({ file: `/dl/${d.key}`, info: parseKey(d.key)!, raw: d === DIGEST ? (zipped ? gzipSync(text) : Buffer.from(text)) : d.raw, claims: [{ source: 'sig', hex: d.signature }] }));
        const r = returnsOrRefuses('checkTrail', () => checkTrail({ logs, digests, keys, problems: [] }), []);
        if (r.ok) expect(r.value.digests.some((d) => d.key.endsWith(DIGEST.key))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
