/**
 * Worker-thread entry: scans the files the main thread sends, one at a
 * time, with the same scanBytes as the in-process path. If this thread's
 * format registry differs from the main thread's (a format registered at
 * run time), it declines every job so the main thread scans in-process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { formatNames } from './formats.js';
import { scanSource, type WorkerReply, type WorkerRequest } from './worker-pool.js';

const expected = (workerData as { formats?: unknown } | null)?.formats;
const mine = formatNames();
const sameFormats = Array.isArray(expected) && expected.length === mine.length && expected.every((n, i) => n === mine[i]);

parentPort?.on('message', (msg: WorkerRequest) => {
  const reply: WorkerReply = sameFormats
    ? { id: msg.id, outcome: scanSource(msg, msg.name) }
    : { id: msg.id, fallback: true };
  parentPort?.postMessage(reply);
});
