/**
 * The digest chain of one (account, region, trail): each digest names its
 * previous digest and that digest's SHA-256; validators walk it in
 * digestEndTime order. Pure: digests in, verdicts and holes out.
 */
import type { DigestFile } from './digest-file.js';
import type { Span } from './intervals.js';
import type { KeyInfo } from './s3-keys.js';
import { awsLogsKey } from './s3-keys.js';
import type { PublicKeyEntry } from './signature.js';
import { judgeSignature, type SignatureClaim, type SignatureVerdict } from './signature-check.js';

/** A parsed local digest file. */
export interface DigestNode {
  file: string;
  info: KeyInfo;
  digest: DigestFile;
  /** Uncompressed bytes and their hex SHA-256. */
  bytes: Uint8Array;
  hash: string;
  /** Signatures read from S3 metadata the user saved. */
  claims: SignatureClaim[];
}

/** What the chain says about one digest. */
export interface NodeVerdict {
  /** Why the chain is broken at this digest (empty: not broken); its interval is not proved. */
  broken: string[];
  /** Why the chain is broken just before it (its previous digest is missing); its own interval still counts. */
  brokenBefore: string[];
  /** Facts worth telling that are not failures. */
  notes: string[];
  /** Its previous digest is null. */
  chainStart: boolean;
  signature: SignatureVerdict;
  /** Why its interval is not proved though it is not itself at fault. */
  unproved: string[];
}

/** A stretch of time the chain leaves open, and why. */
export interface HoleCandidate extends Span {
  reason: string;
}

/** The identity of a chain: one per organization, account, region, trail and home region. */
export function chainId(info: KeyInfo): string {
  return [info.organization ?? '', info.account, info.region, info.trail ?? '', info.homeRegion ?? ''].join('\u0000');
}

/** Digests of one chain in the order validators walk them: digestEndTime, then start, then key. */
export function sortChain(nodes: readonly DigestNode[]): DigestNode[] {
  return [...nodes].sort(
    (a, b) => a.digest.end - b.digest.end || a.digest.start - b.digest.start || (a.info.key < b.info.key ? -1 : a.info.key > b.info.key ? 1 : 0),
  );
}

/**
 * Judges one chain (`sorted` by {@link sortChain}); `byKey` holds every parsed
 * local digest by its key from `AWSLogs/` on.
 */
export function judgeChain(
  sorted: readonly DigestNode[],
  byKey: ReadonlyMap<string, DigestNode>,
  keys: readonly PublicKeyEntry[],
): { verdicts: Map<DigestNode, NodeVerdict>; holes: HoleCandidate[] } {
  const verdicts = new Map<DigestNode, NodeVerdict>();
  for (const n of sorted) {
    verdicts.set(n, { broken: [], brokenBefore: [], notes: [], chainStart: false, signature: { kind: 'unsigned', message: '' }, unproved: [] });
  }
  const verdict = (n: DigestNode) => verdicts.get(n) as NodeVerdict;
  const holes: HoleCandidate[] = [];
  const extraClaims = new Map<DigestNode, SignatureClaim[]>();
  const id = sorted[0] === undefined ? '' : chainId(sorted[0].info);
  const position = new Map(sorted.map((n, i) => [n, i] as const));
  const skippedBy = new Set<DigestNode>();

  sorted.forEach((node, i) => {
    const d = node.digest;
    const v = verdict(node);
    const before = i > 0 ? sorted[i - 1] : undefined;
    const own = awsLogsKey(d.digestS3Object);
    if (own !== node.info.key) v.broken.push(`moved: the file says it is ${d.digestS3Object}`);
    if (d.previousDigestS3Object === null || d.previousDigestS3Bucket === null) {
      v.chainStart = true;
      if (before !== undefined && before.digest.end < d.start) {
        holes.push({ start: before.digest.end, end: d.start, reason: `chain restarted at ${node.info.key} (log file validation or logging was off)` });
      }
      return;
    }
    const prevKey = awsLogsKey(d.previousDigestS3Object);
    const prev = prevKey === undefined ? undefined : byKey.get(prevKey);
    if (prevKey === undefined) {
      v.broken.push(`previousDigestS3Object ${d.previousDigestS3Object} is not a CloudTrail digest key`);
    } else if (prev === undefined) {
      if (before === undefined) {
        v.notes.push(`previous digest ${prevKey} not present locally: chain verified from here`);
      } else {
        v.brokenBefore.push(`previous digest ${prevKey} is missing`);
        holes.push({ start: before.digest.end, end: d.start, reason: `previous digest ${prevKey} missing` });
      }
    } else if (chainId(prev.info) !== id || (position.get(prev) ?? i) >= i) {
      v.broken.push(`previous digest ${prevKey} is not an earlier digest of the same trail and region`);
    } else {
      if (d.previousDigestS3Bucket !== prev.digest.digestS3Bucket) {
        v.broken.push(`previousDigestS3Bucket ${d.previousDigestS3Bucket} differs from the bucket ${prevKey} names (${prev.digest.digestS3Bucket})`);
      }
      if (d.previousDigestHashAlgorithm !== null && d.previousDigestHashAlgorithm !== 'SHA-256') {
        v.broken.push(`previousDigestHashAlgorithm ${JSON.stringify(d.previousDigestHashAlgorithm)} is not SHA-256`);
      } else if (d.previousDigestHashValue !== prev.hash) {
        v.broken.push(`previousDigestHashValue does not match ${prevKey} (one of the two was altered)`);
        verdict(prev).unproved.push(`its SHA-256 differs from the one recorded in ${node.info.key}`);
      } else if (d.previousDigestSignature !== null) {
        // The next digest carries this one's signature: usable when keys are given.
        const list = extraClaims.get(prev) ?? [];
        list.push({ source: `previousDigestSignature of ${node.info.key}`, hex: d.previousDigestSignature });
        extraClaims.set(prev, list);
      }
      if (prev.digest.end < d.start) {
        holes.push({ start: prev.digest.end, end: d.start, reason: `time gap between linked digests ${prevKey} and ${node.info.key}` });
      }
      // Digests between the linked pair belong to no chain: planted or forked.
      // One reason per skipped digest (the first link over it): one per link made messages quadratic in the chain's length.
      for (let j = (position.get(prev) ?? i) + 1; j < i; j++) {
        const skipped = sorted[j] as DigestNode;
        if (skippedBy.has(skipped)) continue;
        skippedBy.add(skipped);
        verdict(skipped).broken.push(`not in the chain: ${node.info.key} links to ${prevKey}`);
      }
    }
  });

  for (const node of sorted) {
    const claims = [...node.claims, ...(extraClaims.get(node) ?? [])];
    verdict(node).signature = judgeSignature(node.digest, node.bytes, claims, keys);
  }
  return { verdicts, holes };
}
