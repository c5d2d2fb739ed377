/**
 * Writes the simulation to disk: gzipped `{"Records":[...]}` log files under
 * S3 key layout, and plain JSON files for the live exports and the ground
 * truth.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildDigests, type DeliveredLog } from './digests.js';
import { logFileKey, type TrailName } from './layout.js';
import { hash32, type Rng } from './prng.js';

/** The instants of a log file's oldest and newest records (for its digest entry). */
export interface EventSpan {
  readonly oldest: number;
  readonly newest: number;
}

/** Totals of what a writer wrote. */
export interface WriteTotals {
  files: number;
  records: number;
  bytesCompressed: number;
  bytesUncompressed: number;
}

/**
 * Writes CloudTrail log files one at a time. Synchronous on purpose: on
 * small machines zlib's thread pool round trips cost more than they save,
 * and only one file is ever held in memory.
 */
export class TrailWriter {
  readonly totals: WriteTotals = { files: 0, records: 0, bytesCompressed: 0, bytesUncompressed: 0 };
  private readonly dirs = new Set<string>();
  /** Every log file delivered, written or lost, for the digests. */
  private readonly delivered: DeliveredLog[] = [];
  private lostFiles = 0;

  constructor(
    private readonly out: string,
    private readonly account: string,
    private readonly names: Rng,
    private readonly level = 6,
  ) {}

  /** Writes one log file of already serialized records; returns its key. */
  write(trail: TrailName, region: string, delivery: number, records: readonly string[], span: EventSpan): string {
    const key = logFileKey(trail, this.account, region, delivery, this.names.alnum(16));
    const raw = Buffer.from('{"Records":[' + records.join(',') + ']}', 'utf8');
    const zipped = gzipSync(raw, { level: this.level });
    this.writeAt(key, zipped);
    this.totals.files++;
    this.totals.records += records.length;
    this.totals.bytesUncompressed += raw.length;
    this.totals.bytesCompressed += zipped.length;
    this.deliver(trail, region, delivery, key, createHash('sha256').update(raw).digest('hex'), span);
    return key;
  }

  /**
   * Notes a log file CloudTrail delivered that is not written (the missing day): its digest lists
   * it. Its name comes from its place, not from the names' sequence, so the written files are named
   * as they would be without it; its hash stands in for contents that were never made.
   */
  lost(trail: TrailName, region: string, delivery: number, span: EventSpan): void {
    const n = this.lostFiles++;
    const unique = [0, 1].map((i) => hash32('lost', trail, region, delivery, n, i).toString(36).padStart(8, '0')).join('');
    const key = logFileKey(trail, this.account, region, delivery, unique);
    this.deliver(trail, region, delivery, key, createHash('sha256').update(`lost ${key}`).digest('hex'), span);
  }

  /** Writes the hourly digests of every log file delivered so far (digests.ts); returns how many. */
  writeDigests(start: number): number {
    const digests = buildDigests(this.delivered, this.account, start);
    for (const d of digests) this.writeAt(`${d.trail}/${d.key}`, gzipSync(d.text, { level: this.level }));
    return digests.length;
  }

  private deliver(trail: TrailName, region: string, delivery: number, key: string, sha256: string, span: EventSpan): void {
    this.delivered.push({ trail, region, delivery, key: key.slice(trail.length + 1), sha256, oldestEventTime: span.oldest, newestEventTime: span.newest });
  }

  private writeAt(key: string, bytes: Uint8Array): void {
    const path = join(this.out, key);
    const dir = dirname(path);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    writeFileSync(path, bytes);
  }
}

/** Writes `value` as JSON with `indent` spaces and a final newline (aws CLI style), creating folders. */
export async function writeJsonFile(path: string, value: unknown, indent = 4): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const text = JSON.stringify(value, null, indent) + '\n';
  await writeFile(path, text);
  return Buffer.byteLength(text);
}
