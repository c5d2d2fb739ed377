#!/usr/bin/env node
// The limit: inflate every file with Node's zlib on N worker threads, nothing else.
// Usage: node bench/inflate-only.js <jobs> <file-list>
//
// A fair limit does the inflating as well as zone-replay does: the same output size
// (the gzip trailer's ISIZE, so a file inflates in one piece instead of 16 KiB pieces
// concatenated), the same pipelining (several files queued at each worker, so no
// worker waits for a round trip to the main thread), the same young generation, and,
// since the tenth session, the same reuse of memory: each file is read into one kept
// buffer and inflated into another, through the zlib handle gunzipSync itself drives
// (src/sources/read-reused.ts, src/sources/gunzip-reused.ts: fresh memory costs a page
// fault per 4 KiB). `--fresh` measures the plain way: readFileSync and gunzipSync per file.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { constants, Gunzip, gunzipSync } from 'node:zlib';

const DEPTH = 4;

if (isMainThread) {
  const jobs = Number(process.argv[2] ?? 1);
  const files = readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean);
  const fresh = process.argv.includes('--fresh');
  let next = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: jobs }, () => {
      // V8's default young generation, as zone-replay's scan workers have since the tenth session; the
      // fresh-memory way keeps the 2 MiB they had before, so that each file's buffer is freed soon.
      const w = new Worker(new URL(import.meta.url), { workerData: { fresh }, ...(fresh ? { resourceLimits: { maxYoungGenerationSizeMb: 2 } } : {}) });
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
  let input = Buffer.allocUnsafeSlow(256 * 1024);
  let output = Buffer.allocUnsafeSlow(64 * 1024);
  const engine = new Gunzip();
  const handle = engine._handle;
  const state = engine._writeState;
  handle.onerror = (message) => {
    throw new Error(message);
  };
  const read = (file) => {
    const fd = openSync(file, 'r');
    const { size } = fstatSync(fd);
    if (input.length < size) input = Buffer.allocUnsafeSlow(size);
    let n = 0;
    for (let got = -1; n < size && got !== 0; n += got) got = readSync(fd, input, n, size - n, null);
    closeSync(fd);
    return input.subarray(0, n);
  };
  const inflate = (gz) => {
    handle.reset();
    if (output.length < chunkSize(gz)) output = Buffer.allocUnsafeSlow(chunkSize(gz));
    let inOff = 0;
    let inLen = gz.length;
    let outOff = 0;
    for (;;) {
      handle.writeSync(constants.Z_FINISH, gz, inOff, inLen, output, outOff, output.length - outOff);
      inOff += inLen - state[1];
      inLen = state[1];
      outOff = output.length - state[0];
      if (state[0] !== 0) return outOff;
      const grown = Buffer.allocUnsafeSlow(output.length * 2);
      output.copy(grown, 0, 0, outOff);
      output = grown;
    }
  };
  parentPort.on('message', (file) => {
    if (workerData.fresh) {
      const gz = readFileSync(file);
      parentPort.postMessage(gunzipSync(gz, { chunkSize: chunkSize(gz) }).length);
    } else {
      parentPort.postMessage(inflate(read(file)));
    }
  });
}
