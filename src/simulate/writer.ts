/**
 * Writes the simulation to disk: gzipped `{"Records":[...]}` log files under
 * S3 key layout, and plain JSON files for the live exports and the ground
 * truth.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { logFileKey, type TrailName } from './layout.js';
import type { Rng } from './prng.js';

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

  constructor(
    private readonly out: string,
    private readonly account: string,
    private readonly names: Rng,
    private readonly level = 6,
  ) {}

  /** Writes one log file of already serialized records; returns its key. */
  write(trail: TrailName, region: string, delivery: number, records: readonly string[]): string {
    const key = logFileKey(trail, this.account, region, delivery, this.names.alnum(16));
    const raw = Buffer.from('{"Records":[' + records.join(',') + ']}', 'utf8');
    const zipped = gzipSync(raw, { level: this.level });
    const path = join(this.out, key);
    const dir = dirname(path);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    writeFileSync(path, zipped);
    this.totals.files++;
    this.totals.records += records.length;
    this.totals.bytesUncompressed += raw.length;
    this.totals.bytesCompressed += zipped.length;
    return key;
  }
}

/** Writes `value` as JSON with `indent` spaces and a final newline (aws CLI style), creating folders. */
export async function writeJsonFile(path: string, value: unknown, indent = 4): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const text = JSON.stringify(value, null, indent) + '\n';
  await writeFile(path, text);
  return Buffer.byteLength(text);
}
