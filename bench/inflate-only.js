#!/usr/bin/env node
// The limit: inflate every file with Node's zlib on N worker threads, nothing else.
// Usage: node bench/inflate-only.js <jobs> <file-list>
//
// A fair limit does the inflating as well as zone-replay does: the same output chunk
// size (the gzip trailer's ISIZE, so a file inflates in one chunk instead of 16 KiB
// pieces concatenated), the same pipelining (several files queued at each worker, so
// no worker waits for a round trip to the main thread) and the same young generation.
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';

const DEPTH = 4;

if (isMainThread) {
  const jobs = Number(process.argv[2] ?? 1);
  const files = readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean);
  let next = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: jobs }, () => {
      // The same young generation as zone-replay's scan workers (src/sources/worker-pool.ts): an inflated
      // buffer is freed only by a collection, and frequent ones let the next files reuse its memory.
      const w = new Worker(new URL(import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 2 } });
      return new Promise((resolve, reject) => {
        let inFlight = 0;
        const feed = () => {
          while (inFlight < DEPTH && next < files.length) {
            w.postMessage(files[next++]);
            inFlight++;
          }
          if (inFlight === 0) w.terminate().then(resolve);
        };
        w.on('message', (n) => {
          bytes += n;
          inFlight--;
          feed();
        });
        w.on('error', reject);
        feed();
      });
    }),
  );
  process.stdout.write(JSON.stringify({ files: files.length, inflatedBytes: bytes }) + '\n');
} else {
  // The rule of inflateChunkSize (src/sources/scan.ts), kept here so the limit loads nothing of zone-replay.
  const chunkSize = (gz) => Math.min(Math.max(gz.readUInt32LE(gz.length - 4) + 1, 1024), 16 * 1024 * 1024);
  parentPort.on('message', (file) => {
    const gz = readFileSync(file);
    parentPort.postMessage(gunzipSync(gz, { chunkSize: chunkSize(gz) }).length);
  });
}
