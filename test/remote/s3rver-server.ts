/**
 * s3rver (an S3-compatible server on loopback) for the tests: started on a
 * free port, in a temporary directory, stopped and removed by `close`.
 *
 * s3rver 3.7.1's filesystem store drops common prefixes deeper than one
 * level when listing with a Delimiter (it prunes the directory walk before
 * reaching the objects), so real S3's ListObjectsV2 Delimiter behaviour is
 * restored here by grouping a full listing. Its continuation tokens use
 * single DES, which Node 20's OpenSSL 3 no longer offers; three-key DES with
 * three equal keys is the same cipher, so 'des' is mapped to it while a
 * server runs.
 */
import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface ListOptions {
  delimiter?: string;
  prefix?: string;
  startAfter?: string;
  maxKeys?: number;
}
interface ListResult {
  objects: { key: string }[];
  commonPrefixes: string[];
  isTruncated: boolean;
}
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  store: { listObjects(bucket: string, options: ListOptions): Promise<ListResult> };
}
type S3rverClass = new (opts: { port: number; address: string; silent: boolean; directory: string }) => S3rverInstance;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

/** A running server: its endpoint URL and how to stop it. */
export interface TestS3 {
  readonly endpoint: string;
  close(): Promise<void>;
}

type CipherFactory = typeof crypto.createCipheriv;
type DecipherFactory = typeof crypto.createDecipheriv;

/** Maps single DES to DES-EDE3 with K1=K2=K3 (the same cipher); returns the undo. */
function patchSingleDes(): () => void {
  const { createCipheriv, createDecipheriv } = crypto;
  const triple = (key: crypto.CipherKey): Buffer => {
    const k = Buffer.from(key as Uint8Array);
    return Buffer.concat([k, k, k]);
  };
  const m = crypto as { createCipheriv: CipherFactory; createDecipheriv: DecipherFactory };
  m.createCipheriv = ((alg: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null, opts?: never) =>
    alg === 'des' ? createCipheriv('des-ede3-cbc', triple(key), iv) : createCipheriv(alg, key, iv, opts)) as CipherFactory;
  m.createDecipheriv = ((alg: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null, opts?: never) =>
    alg === 'des' ? createDecipheriv('des-ede3-cbc', triple(key), iv) : createDecipheriv(alg, key, iv, opts)) as DecipherFactory;
  return () => {
    m.createCipheriv = createCipheriv;
    m.createDecipheriv = createDecipheriv;
  };
}

/** Starts s3rver on 127.0.0.1, port chosen by the system. */
export async function startS3rver(): Promise<TestS3> {
  const unpatch = patchSingleDes();
  const dir = mkdtempSync(join(tmpdir(), 'zone-replay-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const list = server.store.listObjects.bind(server.store);
  server.store.listObjects = async (bucket, options) => {
    const delimiter = options.delimiter;
    if (delimiter === undefined || delimiter === '') return list(bucket, options);
    const prefix = options.prefix ?? '';
    const all = await list(bucket, { ...options, delimiter: '', maxKeys: Infinity });
    const prefixes = new Set<string>();
    const objects = all.objects.filter((o) => {
      const i = o.key.indexOf(delimiter, prefix.length);
      if (i === -1) return true;
      prefixes.add(o.key.slice(0, i + delimiter.length));
      return false;
    });
    return { objects, commonPrefixes: [...prefixes].sort(), isTruncated: false };
  };
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async close() {
      await server.close();
      unpatch();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
