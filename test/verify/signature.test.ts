import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DigestFormatError, keyFingerprint, parseDigest, readPublicKeys, signText, stringToSign } from '../../src/verify/index.js';
import { PublicKeyError, verifySignature } from '../../src/verify/signature.js';
import { buildTrail, fingerprintOf, testKeys } from './trail-builder.js';

describe('signatures', () => {
  const { publicKey, privateKey } = testKeys();

  it('builds the string AWS signs, with "null" for a missing previous signature', () => {
    const [first, second] = buildTrail({ hours: 2, prefix: 'p' }).digests;
    const d1 = parseDigest(first!.plain.toString(), 'first');
    const hash = createHash('sha256').update(first!.plain).digest('hex');
    expect(stringToSign(d1, first!.plain)).toBe(`2024-05-01T11:01:31Z\nexample-trail-bucket/p/${first!.key}\n${hash}\nnull`);
    const d2 = parseDigest(second!.plain.toString(), 'second');
    expect(stringToSign(d2, second!.plain).endsWith(`\n${first!.signature}`)).toBe(true);
    // The builder signed independently; the core's string must verify against it.
    expect(verifySignature(publicKey, stringToSign(d2, second!.plain), second!.signature)).toBe(true);
    expect(verifySignature(publicKey, stringToSign(d2, second!.plain) + ' ', second!.signature)).toBe(false);
    expect(verifySignature(publicKey, 'x', 'not hex')).toBe(false);
    expect(verifySignature(publicKey, 'x', signText(privateKey, 'x'))).toBe(true);
  });

  it('reads PEM (SPKI and PKCS#1) and list-public-keys JSON, fingerprinted as MD5 of DER PKCS#1', () => {
    const fp = fingerprintOf(publicKey);
    expect(keyFingerprint(publicKey)).toBe(fp);
    const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(readPublicKeys(spki + pkcs1, 'both.pem').map((k) => k.fingerprints.includes(fp))).toEqual([true, true]);
    const list = { PublicKeyList: [{ Value: publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64'), Fingerprint: 'ABCDEF' }] };
    const [entry] = readPublicKeys(JSON.stringify(list), 'keys.json');
    expect(entry?.fingerprints).toContain(fp);
    expect(entry?.fingerprints).toContain('abcdef');
  });

  it('rejects key files that are not RSA public keys, naming the file', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => readPublicKeys(ec, 'ec.pem')).toThrow(/ec\.pem: PEM block 1 is a ec key, expected RSA/);
    expect(() => readPublicKeys('hello', 'h.txt')).toThrow(PublicKeyError);
    expect(() => readPublicKeys('-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----', 'p.pem')).toThrow(/p\.pem: PEM block 1 is a "PRIVATE KEY"/);
    expect(() => readPublicKeys('{"PublicKeyList":[{"Value":"!!"}]}', 'k.json')).toThrow(/k\.json: PublicKeyList\[0\]\.Value/);
    expect(() => readPublicKeys('{"x":1}', 'k.json')).toThrow(/no "PublicKeyList"/);
  });
});

describe('parseDigest', () => {
  const good = buildTrail({ hours: 1 }).digests[0]!.json;

  it('names the file and the field that is wrong', () => {
    const without = (name: string) => JSON.stringify({ ...good, [name]: undefined });
    expect(() => parseDigest('{', 'd.json.gz')).toThrow(/^d\.json\.gz: not a valid CloudTrail digest file: JSON does not parse/);
    expect(() => parseDigest('[]', 'd')).toThrow(DigestFormatError);
    expect(() => parseDigest(without('digestEndTime'), 'd')).toThrow(/"digestEndTime" is missing/);
    expect(() => parseDigest(without('previousDigestSignature'), 'd')).toThrow(/"previousDigestSignature" is missing/);
    expect(() => parseDigest(JSON.stringify({ ...good, digestStartTime: 'yesterday' }), 'd')).toThrow(/not a UTC time/);
    expect(() => parseDigest(JSON.stringify({ ...good, logFiles: [{ s3Object: 'x', hashValue: 'zz' }] }), 'd')).toThrow(/logFiles\[0\]\.hashValue/);
  });

  it('ignores __proto__ keys and reads an empty digest', () => {
    const text = JSON.stringify({ ...good, logFiles: [] }).replace('{', '{"__proto__": {"polluted": true},');
    const d = parseDigest(text, 'd');
    expect(d.logFiles).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
