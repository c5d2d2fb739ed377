#!/usr/bin/env node
// The limit: inflate every file with Node's zlib on N worker threads, nothing else.
// Usage: node bench/inflate-only.js <jobs> <file-list>
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';

if (isMainThread) {
  const jobs = Number(process.argv[2] ?? 1);
  const files = readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean);
  let next = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: jobs }, () => {
      const w = new Worker(new URL(import.meta.url), { workerData: null });
      return new Promise((resolve, reject) => {
        const feed = () => (next < files.length ? w.postMessage(files[next++]) : w.terminate().then(resolve));
        w.on('message', (n) => {
          bytes += n;
          feed();
        });
        w.on('error', reject);
        feed();
      });
    }),
  );
  process.stdout.write(JSON.stringify({ files: files.length, inflatedBytes: bytes }) + '\n');
} else {
  void workerData;
  parentPort.on('message', (file) => parentPort.postMessage(gunzipSync(readFileSync(file)).length));
}
