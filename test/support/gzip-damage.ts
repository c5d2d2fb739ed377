/**
 * Damaged gzip files and the two ways of reading them: whole (a file under
 * 64 MiB inflated) and as a stream in pieces (stdin, big files), which must
 * keep the same records and report the same problem.
 */
import { gzipSync } from 'node:zlib';
import { ingest, type IngestOptions, type InputFile, type SourceRecord } from '../../src/sources/index.js';

export const R53 = 'route53.amazonaws.com';

/** A CloudTrail record of `source`: Route 53's are ChangeResourceRecordSets calls; `params` as logged. */
export function ctRecord(id: string, source: string, params: unknown = null): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    eventTime: '2024-03-01T10:00:00Z',
    eventSource: source,
    eventName: source === R53 ? 'ChangeResourceRecordSets' : 'Describe',
    eventID: id,
    requestParameters: params,
  };
}

/** CloudTrail files' texts as delivered: compact `{"Records":[…]}`. */
export const compact = (records: readonly unknown[]): string => JSON.stringify({ Records: records });

/** The texts gzipped: as one member (`zcat` then gzip) or one member each (`cat *.json.gz`). */
export function gzipped(texts: readonly string[], members: 'one' | 'each'): Buffer {
  return members === 'one' ? gzipSync(texts.join('\n')) : Buffer.concat(texts.map((t) => gzipSync(t)));
}

/** The damage a gzip file meets. */
export const damage = {
  /** Its first `n` bytes: a copy or download cut short. */
  cut: (gz: Buffer, n: number) => Buffer.from(gz.subarray(0, n)),
  /** A byte of the last member's CRC (`at` 0–3) or length (4–7) changed by `xor` (not 0). */
  trailer: (gz: Buffer, at: number, xor: number) => {
    const out = Buffer.from(gz);
    out[out.length - 8 + at]! ^= xor;
    return out;
  },
  /** Bytes after the gzip data. */
  trailing: (gz: Buffer, bytes: Uint8Array) => Buffer.concat([gz, bytes]),
};

/** What a read kept: [index, eventID] of each Route 53 record, and the problems' messages. */
export interface Kept {
  readonly records: readonly SourceRecord[];
  readonly seen: readonly [number, unknown][];
  readonly problems: readonly string[];
}

/** The bytes as a file read whole. */
async function readWhole(data: Buffer, name: string, options: IngestOptions): Promise<Kept> {
  const file: InputFile = { name, size: data.length, read: async () => Buffer.from(data) };
  return kept(await ingest([file], { jobs: 1, ...options }));
}

/** The bytes as a stream delivered in chunks of `chunk` bytes, cut into pieces of about `pieceBytes`. */
async function readStreamed(data: Buffer, name: string, options: IngestOptions, chunk: number, pieceBytes: number): Promise<Kept> {
  const file: InputFile = {
    name,
    read: async () => Buffer.from(data),
    async *stream() {
      for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
    },
  };
  return kept(await ingest([file], { jobs: 1, pieceBytes, ...options }));
}

function kept(result: Awaited<ReturnType<typeof ingest>>): Kept {
  return {
    records: result.records,
    seen: result.records.map((r) => [r.index, r.record.eventID]),
    problems: result.report.problems.map((p) => p.message),
  };
}

/** The bytes read both ways (`name` in both, so that problems compare equal). */
export async function readBoth(data: Buffer, opts: { name?: string; chunk?: number; pieceBytes?: number; options?: IngestOptions } = {}): Promise<{ whole: Kept; streamed: Kept }> {
  const name = opts.name ?? 'trail.json.gz';
  const whole = await readWhole(data, name, opts.options ?? {});
  const streamed = await readStreamed(data, name, opts.options ?? {}, opts.chunk ?? 97, opts.pieceBytes ?? 300);
  return { whole, streamed };
}

/**
 * Where each record's closing brace is in the texts as `gzipped` joins them
 * (a newline between texts in one member, nothing between members): a record
 * is whole in a text cut before that offset + 1.
 */
export function recordEnds(files: readonly (readonly unknown[])[], members: 'one' | 'each'): number[] {
  const ends: number[] = [];
  let offset = 0;
  for (const records of files) {
    let end = offset + '{"Records":['.length - 1;
    for (const r of records) {
      end += Buffer.byteLength(JSON.stringify(r)) + 1;
      ends.push(end - 1);
    }
    offset += Buffer.byteLength(compact(records)) + (members === 'one' ? 1 : 0);
  }
  return ends;
}
