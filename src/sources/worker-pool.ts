/**
 * Runs scanBytes on worker threads (or in-process). The worker must be
 * plain JS: next to this module in dist/, or — when this module runs from
 * TypeScript sources (tests) — `<repo>/dist/sources/scan-worker.js` when it
 * has been built; otherwise everything runs in-process. A worker that fails
 * hands its file back to the main thread, and the pool stops using workers.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { formatNames } from './formats.js';
import { scanBytes, type ScanOutcome } from './scan.js';

/** A file sent to a worker (copied, never transferred: the caller's Buffer stays usable). */
export interface WorkerRequest {
  readonly id: number;
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A worker's answer: the outcome, or `fallback` when it cannot scan with the main thread's formats. */
export type WorkerReply = { readonly id: number; readonly outcome: ScanOutcome } | { readonly id: number; readonly fallback: true };

/** Scans files, one call per file; `close` frees its threads. */
export interface Scanner {
  readonly mode: 'workers' | 'in-process';
  scan(bytes: Uint8Array, name: string): Promise<ScanOutcome>;
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
    scan: (bytes, name) => Promise.resolve(scanBytes(bytes, name)),
    close: () => Promise.resolve(),
  };
}

interface Job {
  readonly id: number;
  readonly name: string;
  readonly bytes: Uint8Array;
  resolve(outcome: ScanOutcome): void;
}

interface Slot {
  readonly worker: Worker;
  job?: Job;
}

class WorkerScanner implements Scanner {
  readonly mode = 'workers';
  private readonly queue: Job[] = [];
  private readonly idle: Slot[] = [];
  private readonly slots = new Set<Slot>();
  private nextId = 0;
  /** Set once a worker failed or declined: the rest runs in-process. */
  private disabled = false;

  constructor(
    private readonly url: URL,
    private readonly size: number,
  ) {}

  scan(bytes: Uint8Array, name: string): Promise<ScanOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, name, bytes, resolve });
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      const job = this.queue[0];
      if (job === undefined) return;
      if (this.disabled) {
        this.queue.shift();
        job.resolve(scanBytes(job.bytes, job.name));
        continue;
      }
      const slot = this.idle.pop() ?? (this.slots.size < this.size ? this.spawn() : undefined);
      if (slot === undefined) return;
      this.queue.shift();
      slot.job = job;
      // Structured clone copies a view's whole ArrayBuffer: send a view of a bigger
      // buffer (a pooled or sliced Buffer) as its own compact copy, transferred.
      const whole = job.bytes.byteOffset === 0 && job.bytes.byteLength === job.bytes.buffer.byteLength;
      const bytes = whole ? job.bytes : new Uint8Array(job.bytes);
      const request: WorkerRequest = { id: job.id, name: job.name, bytes };
      slot.worker.postMessage(request, whole ? [] : [bytes.buffer as ArrayBuffer]);
    }
  }

  private spawn(): Slot | undefined {
    let worker: Worker;
    try {
      worker = new Worker(this.url, { workerData: { formats: formatNames() } });
    } catch {
      this.disabled = true;
      return undefined;
    }
    const slot: Slot = { worker };
    this.slots.add(slot);
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.job;
      if (job === undefined || reply.id !== job.id) return;
      slot.job = undefined;
      if ('fallback' in reply) {
        this.disabled = true;
        job.resolve(scanBytes(job.bytes, job.name));
      } else {
        job.resolve(reply.outcome);
      }
      this.idle.push(slot);
      this.pump();
    });
    const fail = (err?: Error) => {
      if (!this.slots.delete(slot)) return;
      const i = this.idle.indexOf(slot);
      if (i !== -1) this.idle.splice(i, 1);
      this.disabled = true;
      const job = slot.job;
      slot.job = undefined;
      if (job !== undefined) {
        const oom = (err as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        // The main thread still holds the bytes: scan them here, unless memory was the problem.
        job.resolve(oom ? { inflated: 0, problem: 'ran out of memory while scanning', records: [] } : scanBytes(job.bytes, job.name));
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
    this.idle.length = 0;
    // Only reached early when the caller gave up (an error elsewhere): settle what is left.
    const cancelled: ScanOutcome = { inflated: 0, problem: 'scan cancelled', records: [] };
    for (const job of this.queue.splice(0)) job.resolve(cancelled);
    for (const slot of slots) slot.job?.resolve(cancelled);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/**
 * A scanner for `files` files with up to `jobs` threads: worker threads
 * when more than one would be busy and the worker JS exists, else in-process.
 */
export function createScanner(jobs: number, files: number, workerUrl: URL | null = scanWorkerUrl() ?? null): Scanner {
  const size = Math.min(jobs, files);
  if (size <= 1 || workerUrl === null) return inProcessScanner();
  return new WorkerScanner(workerUrl, size);
}
