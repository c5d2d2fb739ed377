/**
 * Runs scanBytes on worker threads (or in-process). The worker must be
 * plain JS: next to this module in dist/, or — when this module runs from
 * TypeScript sources (tests) — `<repo>/dist/sources/scan-worker.js` when it
 * has been built; otherwise everything runs in-process. A worker that fails
 * hands its file back to the main thread, and the pool stops using workers.
 */
import { existsSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { formatNames, RECORD_FORMATS } from './formats.js';
import { scanBytes, scanPath, type ScanOutcome } from './scan.js';
import { discardPrestartedWorkers, startScanWorker, takePrestartedWorker } from './scan-worker-start.js';

/** Scans a source on the calling thread. */
export function scanSource(source: ScanSource, name: string): ScanOutcome {
  if ('path' in source) return scanPath(source.path, name, RECORD_FORMATS, { hashUncompressed: source.hashUncompressed === true, hashOnly: source.hashOnly === true });
  return scanBytes(source.bytes, name, RECORD_FORMATS, { ...(source.countRecords === true ? { countRecords: true } : {}), ...(source.cut === true ? { cut: true } : {}) });
}

/** A local file the scanning thread reads itself; `hashUncompressed` and `hashOnly` as in ScanOptions. */
interface PathSource {
  readonly path: string;
  readonly hashUncompressed?: boolean;
  readonly hashOnly?: boolean;
}

/** Bytes already read (with every record counted, for the pieces of a stream; `cut` as in ScanOptions). */
interface BytesSource {
  readonly bytes: Uint8Array;
  readonly countRecords?: boolean;
  readonly cut?: boolean;
  readonly transfer?: boolean;
}

/**
 * What to scan: bytes already read, or a local path the scanning thread reads
 * itself. Bytes are copied to a worker, unless `transfer` says the caller
 * gives them up: then their whole buffer moves to the worker (detached here),
 * so it must hold nothing else the caller uses, and the caller must not read
 * them again. The worker moves them back with its answer, to `onReturn`.
 */
export type ScanSource = (BytesSource & { readonly onReturn?: (bytes: Uint8Array) => void }) | PathSource;

/** A file sent to a worker: its path, or its bytes (copied, or moved when the caller gives them up). */
export type WorkerRequest = { readonly id: number; readonly name: string } & (BytesSource | PathSource);

/** A worker's first message: the main thread's format names, which its own must match. */
export interface WorkerFormats {
  readonly formats: readonly string[];
}

/**
 * A worker's answer: the outcome, or `fallback` when it cannot scan with the
 * main thread's formats. Bytes moved to it come back with either (they may
 * have been the caller's only copy, or its memory to use again).
 */
export type WorkerReply =
  | { readonly id: number; readonly outcome: ScanOutcome; readonly bytes?: Uint8Array }
  | { readonly id: number; readonly fallback: true; readonly bytes?: Uint8Array };

/** Scans files, one call per file; `close` frees its threads. */
export interface Scanner {
  /** Where files are scanned: on workers, or on the calling thread (also once workers failed or declined). */
  readonly mode: 'workers' | 'in-process';
  /** Files it can work on at once (queued at its threads included): callers keep that many in flight. */
  readonly capacity: number;
  scan(source: ScanSource, name: string): Promise<ScanOutcome>;
  close(): Promise<void>;
}

/** The scan worker's JS file for a module at `moduleUrl`, or undefined when none is built. */
export function scanWorkerUrl(moduleUrl: string = import.meta.url): URL | undefined {
  if (!moduleUrl.endsWith('.ts')) return new URL('./scan-worker.js', moduleUrl);
  const built = new URL('../../dist/sources/scan-worker.js', moduleUrl);
  return existsSync(built) ? built : undefined;
}

/** Scans on the calling thread. */
export function inProcessScanner(): Scanner {
  return {
    mode: 'in-process',
    capacity: 1,
    scan: (source, name) => Promise.resolve(scanSource(source, name)),
    close: () => Promise.resolve(),
  };
}

/** Bytes the caller gave up and a worker took without a copy: the main thread no longer has them (detached). */
function movedAway(source: ScanSource): boolean {
  return 'bytes' in source && source.transfer === true && source.bytes.buffer.byteLength === 0;
}

/** The outcome for bytes that were moved to a worker and did not come back. */
function lost(why: string): ScanOutcome {
  return { inflated: 0, problem: `${why}, holding these bytes; they were not read`, records: [] };
}

interface Job {
  readonly id: number;
  readonly name: string;
  readonly source: ScanSource;
  resolve(outcome: ScanOutcome): void;
}

interface Slot {
  readonly worker: Worker;
  /** Jobs sent and not yet answered, oldest first (a worker answers in order). */
  readonly jobs: Job[];
}

/**
 * Files queued at each worker, so it never waits for the calling thread: that
 * thread scans too, and a 10 ms garbage collection there is some 30 files.
 */
const DEPTH = 32;

/**
 * `size` worker threads, and the calling thread as one more scanner: with
 * --jobs N, N threads scan (N-1 workers and this one), so on N cores no
 * thread waits for a core while another only hands out files.
 */
class WorkerScanner implements Scanner {
  private readonly queue: Job[] = [];
  private readonly slots = new Set<Slot>();
  private nextId = 0;
  /** Set once a worker failed or declined: the rest runs in-process. */
  private disabled = false;
  /** The calling thread has a file to scan, scheduled or running. */
  private localBusy = false;

  constructor(
    private readonly url: URL,
    private readonly size: number,
  ) {}

  /** Workers, until one failed or declined (then the rest runs in-process). */
  get mode(): Scanner['mode'] {
    return this.disabled ? 'in-process' : 'workers';
  }

  get capacity(): number {
    return this.size * DEPTH + 1;
  }

  scan(source: ScanSource, name: string): Promise<ScanOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, name, source, resolve });
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      const job = this.queue[0];
      if (job === undefined) return;
      if (this.disabled) {
        this.queue.shift();
        job.resolve(scanSource(job.source, job.name));
        continue;
      }
      const slot = this.freeSlot();
      if (slot === undefined) {
        if (this.localBusy) return;
        // Every worker has its queue full: scan one here, after the pending worker replies
        // (setImmediate), so the workers' queues are refilled between two local files.
        this.queue.shift();
        this.localBusy = true;
        setImmediate(() => {
          const outcome = scanSource(job.source, job.name);
          this.localBusy = false;
          job.resolve(outcome);
          this.pump();
        });
        continue;
      }
      this.queue.shift();
      slot.jobs.push(job);
      if ('path' in job.source) {
        const { hashUncompressed, hashOnly } = job.source;
        const request: WorkerRequest = { id: job.id, name: job.name, path: job.source.path, ...(hashUncompressed === true ? { hashUncompressed } : {}), ...(hashOnly === true ? { hashOnly } : {}) };
        slot.worker.postMessage(request);
        continue;
      }
      const src = job.source.bytes;
      const flags = { ...(job.source.countRecords === true ? { countRecords: true } : {}), ...(job.source.cut === true ? { cut: true } : {}) };
      if (job.source.transfer === true) {
        // Given up by the caller (a stream's piece): moved, not copied.
        try {
          slot.worker.postMessage({ id: job.id, name: job.name, bytes: src, ...flags, transfer: true } satisfies WorkerRequest, [src.buffer as ArrayBuffer]);
          continue;
        } catch {
          // Memory Node will not move (its shared Buffer pool, from Node 21 on): copied below.
        }
      }
      // Structured clone copies a view's whole ArrayBuffer: send a view of a bigger
      // buffer (a pooled or sliced Buffer) as its own compact copy, transferred.
      const whole = src.byteOffset === 0 && src.byteLength === src.buffer.byteLength;
      const bytes = whole ? src : new Uint8Array(src);
      const request: WorkerRequest = { id: job.id, name: job.name, bytes, ...flags };
      slot.worker.postMessage(request, whole ? [] : [bytes.buffer as ArrayBuffer]);
    }
  }

  /** The least busy worker with room, spawning one while under the size. */
  private freeSlot(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) if (slot.jobs.length < DEPTH && (best === undefined || slot.jobs.length < best.jobs.length)) best = slot;
    if ((best === undefined || best.jobs.length > 0) && this.slots.size < this.size) return this.spawn() ?? best;
    return best;
  }

  private spawn(): Slot | undefined {
    let worker: Worker;
    try {
      // One started ahead by the CLI if there is one (scan-worker-start.ts), else a new one.
      worker = takePrestartedWorker(this.url) ?? startScanWorker(this.url);
    } catch {
      // Whatever stops new Worker() (threads refused, out of resources): the files are
      // scanned on this thread instead, with the same outcomes, so nothing is hidden but the speed.
      this.disabled = true;
      return undefined;
    }
    const formats: WorkerFormats = { formats: formatNames() };
    worker.postMessage(formats);
    const slot: Slot = { worker, jobs: [] };
    this.slots.add(slot);
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.jobs[0];
      if (job === undefined || reply.id !== job.id) return;
      slot.jobs.shift();
      if ('fallback' in reply) {
        this.disabled = true;
        // Bytes moved to the worker come back with its reply.
        if (!movedAway(job.source)) job.resolve(scanSource(job.source, job.name));
        else job.resolve(reply.bytes !== undefined ? scanSource({ ...job.source, bytes: reply.bytes }, job.name) : lost('a scan thread declined them'));
      } else {
        if (reply.bytes !== undefined && 'bytes' in job.source) job.source.onReturn?.(reply.bytes);
        job.resolve(reply.outcome);
      }
      this.pump();
    });
    const fail = (err?: Error) => {
      if (!this.slots.delete(slot)) return;
      this.disabled = true;
      const oom = (err as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      // The main thread still holds the bytes (or the paths), unless they were moved to the
      // worker: scan here, unless memory was the problem.
      for (const job of slot.jobs.splice(0)) {
        if (oom) job.resolve({ inflated: 0, problem: 'ran out of memory while scanning', records: [] });
        else job.resolve(movedAway(job.source) ? lost(`a scan thread stopped: ${err?.message ?? 'it exited'}`) : scanSource(job.source, job.name));
      }
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail());
    return slot;
  }

  async close(): Promise<void> {
    const slots = [...this.slots];
    this.slots.clear();
    // Only reached early when the caller gave up (an error elsewhere): settle what is left.
    const cancelled: ScanOutcome = { inflated: 0, problem: 'scan cancelled', records: [] };
    for (const job of this.queue.splice(0)) job.resolve(cancelled);
    for (const slot of slots) for (const job of slot.jobs.splice(0)) job.resolve(cancelled);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/**
 * A scanner for `files` files with up to `jobs` threads, the calling one
 * included: jobs-1 worker threads when more than one thread would be busy
 * and the worker JS exists, else in-process.
 */
export function createScanner(jobs: number, files: number, workerUrl: URL | null = scanWorkerUrl() ?? null): Scanner {
  const size = Math.min(jobs, files);
  if (size <= 1 || workerUrl === null) {
    discardPrestartedWorkers();
    return inProcessScanner();
  }
  return new WorkerScanner(workerUrl, size - 1);
}
