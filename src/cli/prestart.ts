/**
 * Scan workers started before the CLI loads. A worker takes some 150 ms to
 * start (its own V8 isolate, its own modules), and the main thread takes
 * some 80 ms to load the command it runs: started first, the worker gets
 * ready while the command loads, instead of after (bench trail, medians of 11,
 * interleaved: 1.61 → 1.55 s). bin/zone-replay.js calls this before importing
 * anything else, so this module stays small: it reads the command line
 * roughly, and a wrong guess only costs a worker that is never used
 * (discarded, and never keeping the process alive).
 */
import { opendirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { prestartScanWorkers, SMALL_INPUT_BYTES } from '../sources/scan-worker-start.js';
import { asksForEveryCommand, commandOf } from './commands/index.js';

/** What the guess may look at (tests give their own). */
export interface PrestartEnvironment {
  readonly cores: number;
  /**
   * The bytes under a local path (a file's size; for a directory, its files'
   * sizes, walked until `enough`, or `enough` itself past WALK_ENTRIES
   * entries), or undefined when it is not there.
   */
  readonly bytesUnder: (path: string, enough: number) => number | undefined;
}

/** Entries a directory's walk looks at before calling the input big anyway. */
const WALK_ENTRIES = 64;

function bytesUnder(path: string, enough: number): number | undefined {
  let top;
  try {
    top = statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // not a path (a file used as a folder, a name too long): ingest says why
  }
  if (top === undefined || !top.isDirectory()) return top?.size;
  let bytes = 0;
  let entries = 0;
  const pending = [path];
  try {
    while (pending.length > 0 && bytes < enough) {
      const dir = pending.pop()!;
      // Entry by entry: a flat copy of a bucket can hold 100,000 files, and the walk stops at 64.
      const handle = opendirSync(dir);
      try {
        for (let d = handle.readSync(); d !== null; d = handle.readSync()) {
          if (++entries > WALK_ENTRIES) return enough;
          const p = join(dir, d.name);
          if (d.isDirectory()) pending.push(p);
          else bytes += statSync(p, { throwIfNoEntry: false })?.size ?? 0;
        }
      } finally {
        handle.closeSync();
      }
    }
  } catch {
    return bytes; // unreadable folders are ingest's to report
  }
  return bytes;
}

const LOCAL: PrestartEnvironment = { cores: availableParallelism(), bytesUnder };

const MANY_ARGUMENTS = 64;

/** --jobs as given (`-j 3`, `-j3`, `--jobs 3`, `--jobs=3`), or undefined. */
function jobsOption(argv: readonly string[]): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = a === '-j' || a === '--jobs' ? argv[i + 1] : a.startsWith('--jobs=') ? a.slice(7) : /^-j\d/.test(a) ? a.slice(2) : undefined;
    if (value !== undefined) return Number(value);
  }
  return undefined;
}

/**
 * How many scan workers a command line will want: none unless its command
 * reads a trail with worker threads (--jobs, by default one per core, counts
 * the main thread) and its inputs are not small: an `s3://` prefix, or local
 * paths holding at least SMALL_INPUT_BYTES (ingest's own rule for threads;
 * option values are looked at too, and are rarely big files).
 */
export function workersToPrestart(argv: readonly string[], env: PrestartEnvironment = LOCAL): number {
  if (asksForEveryCommand(argv)) return 0;
  const command = commandOf(argv);
  if (command?.readsTrail !== true) return 0;
  const jobs = jobsOption(argv) ?? env.cores;
  if (!Number.isInteger(jobs) || jobs < 2) return 0;
  const args = argv.slice(command.name === argv[0] ? 1 : 0).filter((a) => !a.startsWith('-'));
  // Many arguments (a shell glob of log files) are a big input: no need to stat them all.
  const big =
    args.length > MANY_ARGUMENTS ||
    args.some((a) => a.startsWith('s3://')) ||
    sumUntil(args.filter((a) => !a.includes('://')), (a, left) => env.bytesUnder(a, left) ?? 0, SMALL_INPUT_BYTES);
  return big ? jobs - 1 : 0;
}

/** Whether the values of `items` add up to `enough`, asking each for at most what is still missing. */
function sumUntil<T>(items: readonly T[], value: (item: T, left: number) => number, enough: number): boolean {
  let sum = 0;
  for (const item of items) if ((sum += value(item, enough - sum)) >= enough) return true;
  return false;
}

/** Starts the scan workers this command line will want (see workersToPrestart). */
export function prestartFor(argv: readonly string[]): void {
  let count: number;
  try {
    count = workersToPrestart(argv);
  } catch {
    return; // only a guess: the command itself reports what is wrong with its inputs
  }
  if (count > 0) prestartScanWorkers(count);
}
