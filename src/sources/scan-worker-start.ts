/**
 * Starting scan worker threads, possibly before the rest of the program has
 * loaded. A worker is a fresh V8 isolate that loads its own modules: some
 * 150 ms before it scans its first file. The CLI starts the workers a run
 * will want first thing (cli/prestart.ts), so they start while the main
 * thread loads the command; the pool (worker-pool.ts) then adopts them.
 * This module imports nothing of ours, so starting early costs the main
 * thread only the worker's creation.
 */
import { Worker } from 'node:worker_threads';

/** Below this many (known) input bytes, starting worker threads costs more than it saves. */
export const SMALL_INPUT_BYTES = 2 * 1024 * 1024;

/** Starts a scan worker from `url` (its first message must be the main thread's format names). */
export function startScanWorker(url: URL): Worker {
  // V8's default young generation. Until the tenth session it was 2 MiB, so that each file's inflated
  // buffer was freed soon and its memory reused; files now inflate into memory the thread keeps
  // (gunzip-reused.ts), and the small one only slowed inputs whose records the worker parses whole
  // (JSON Lines, Lake and Athena results: 4.95 against 4.77 s on 139 MB of JSON Lines).
  return new Worker(url);
}

/** Workers started ahead, not yet adopted: they keep the process alive only once adopted. */
const parked: { readonly url: string; readonly worker: Worker }[] = [];

const leave = (worker: Worker) => () => {
  const i = parked.findIndex((p) => p.worker === worker);
  if (i !== -1) parked.splice(i, 1);
};

/**
 * Starts `count` scan workers for a pool to adopt later. `url` defaults to
 * the built worker next to this module (the CLI runs from dist/).
 */
export function prestartScanWorkers(count: number, url: URL = new URL('./scan-worker.js', import.meta.url)): void {
  for (let i = 0; i < count; i++) {
    let worker: Worker;
    try {
      worker = startScanWorker(url);
    } catch {
      return; // the pool will try again, and fall back to scanning in-process
    }
    // Not adopted, it must not keep the process alive; one that fails is forgotten.
    worker.unref();
    worker.once('error', leave(worker));
    worker.once('exit', leave(worker));
    parked.push({ url: url.href, worker });
  }
}

/** A worker started ahead from `url`, now the caller's (it keeps the process alive again), or undefined. */
export function takePrestartedWorker(url: URL): Worker | undefined {
  const i = parked.findIndex((p) => p.url === url.href);
  if (i === -1) return undefined;
  const { worker } = parked.splice(i, 1)[0]!;
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  worker.ref();
  return worker;
}

/** Stops the workers started ahead that no pool adopted (the input turned out small, or in-process). */
export function discardPrestartedWorkers(): void {
  for (const { worker } of parked.splice(0)) void worker.terminate();
}

/** How many workers wait to be adopted (for tests). */
export function prestartedWorkers(): number {
  return parked.length;
}
