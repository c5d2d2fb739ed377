/**
 * Worker-thread entry: scans the files the main thread sends, one at a
 * time, with the same scanBytes as the in-process path. The first message
 * is the main thread's format names (not workerData: the CLI may start this
 * worker before the main thread has loaded its registry); if this thread's
 * registry differs (a format registered at run time), it declines every job
 * so the main thread scans in-process.
 */
import { parentPort } from 'node:worker_threads';
import { formatNames } from './formats.js';
import { scanSource, type WorkerFormats, type WorkerReply, type WorkerRequest } from './worker-pool.js';

const mine = formatNames();
/** Whether the main thread's registry is this thread's: told by its first message. */
let sameFormats = false;

parentPort?.on('message', (msg: WorkerRequest | WorkerFormats) => {
  if ('formats' in msg) {
    sameFormats = msg.formats.length === mine.length && msg.formats.every((n, i) => n === mine[i]);
    return;
  }
  // Bytes moved here go back, moved: the main thread's only copy (declined), or its memory to use again.
  const bytes = 'bytes' in msg && msg.transfer === true ? msg.bytes : undefined;
  const back = bytes !== undefined ? [bytes.buffer as ArrayBuffer] : [];
  if (sameFormats) {
    parentPort?.postMessage({ id: msg.id, outcome: scanSource(msg, msg.name), ...(bytes !== undefined ? { bytes } : {}) } satisfies WorkerReply, back);
    return;
  }
  parentPort?.postMessage({ id: msg.id, fallback: true, ...(bytes !== undefined ? { bytes } : {}) } satisfies WorkerReply, back);
});
