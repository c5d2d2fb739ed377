/**
 * One V8 setting for runs that keep every core busy. V8 optimizes a hot
 * function on a background thread, and each thread (isolate) optimizes its
 * own copy. When every core is already scanning, those compilations take
 * cores from the work: on the bench trail they were some 1.5 s of CPU in a
 * 3.8 s run, mostly for functions that run a few thousand times and are done
 * before their optimized code pays off. A larger interrupt budget (V8's
 * measure of how much a function must run before it is optimized) leaves
 * lukewarm functions to the baseline tiers; truly hot loops are still
 * optimized. With a core to spare (--jobs below the core count) the
 * compilations are free and the setting is left alone.
 *
 * Measured (BENCHMARKS.md): --jobs 2 on 2 cores 2.12 → 1.86 s; --jobs 1
 * would lose 3.1 → 3.8 s; a 300,000-change replay within 4%.
 *
 * Only the CLI calls this: a library must not change its host's V8 flags.
 * The flag is an ordinary tuning value V8 reads each time it resets a
 * function's budget, so setting it after start-up takes effect at once.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/** V8's default is 132 KiB of bytecode executed (V8 11–12); about 7.5 times that. */
const BUSY_INTERRUPT_BUDGET = 1_000_000;

let tuned = false;

/** Raises V8's optimization threshold when `jobs` threads (default: one per core) leave no core idle. */
export function tuneJitForBusyCores(jobs: number | undefined, cores: number = availableParallelism()): boolean {
  if (tuned || (jobs ?? cores) < cores) return false;
  setFlagsFromString(`--interrupt-budget=${BUSY_INTERRUPT_BUDGET}`);
  tuned = true;
  return true;
}
