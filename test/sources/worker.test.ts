import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../src/events/normalize.js';
import { RECORD_FORMATS, ingest, ingestEvents, scanBytes, type InputFile, type RecordFormat } from '../../src/sources/index.js';
import { createScanner, scanWorkerUrl } from '../../src/sources/worker-pool.js';
import { discardPrestartedWorkers, prestartScanWorkers, prestartedWorkers } from '../../src/sources/scan-worker-start.js';
import { execFileSync } from 'node:child_process';

const FIX = fileURLToPath(new URL('../../fixtures/ingest/', import.meta.url));
const WORKER_JS = fileURLToPath(new URL('../../dist/sources/scan-worker.js', import.meta.url));
const built = existsSync(WORKER_JS);
const ALL = ['trail', 'org-trail', 'broken', 'lookup-events-two-pages.json', 'records.jsonl', 'eventbridge-envelope.json', 'single-event.json'].map((p) => join(FIX, p));

describe('worker threads', () => {
  it('the worker JS is built when tests run in CI (npm test builds first)', () => {
    if (process.env.CI) expect(built, `${WORKER_JS} missing: run npm run build before vitest`).toBe(true);
    expect(scanWorkerUrl()?.href).toBe(built ? new URL(`file://${WORKER_JS}`).href : undefined);
    // From built JS the worker is always the sibling file.
    expect(scanWorkerUrl('file:///x/dist/sources/worker-pool.js')?.href).toBe('file:///x/dist/sources/scan-worker.js');
  });

  it('without worker JS, or with one file or one job, scans in-process', async () => {
    expect(createScanner(4, 10, null).mode).toBe('in-process');
    expect(createScanner(1, 10, new URL('file:///nowhere.js')).mode).toBe('in-process');
    expect(createScanner(4, 1, new URL('file:///nowhere.js')).mode).toBe('in-process');
  });

  it.skipIf(!built)('give the same records and report as the in-process path', async () => {
    const inProcess = await ingest(ALL, { jobs: 1 });
    const threaded = await ingest(ALL, { jobs: 2 });
    expect(threaded.records).toEqual(inProcess.records);
    expect(threaded.report).toEqual(inProcess.report);
    expect(inProcess.records.length).toBeGreaterThan(5);
  });

  it.skipIf(!built)('ingestEvents gives the events normalizeRecord gives, whatever the number of threads', async () => {
    const { records } = await ingest(ALL, { jobs: 1 });
    const expected = records.map((r) => normalizeRecord(r.record, { file: r.file, index: r.index }));
    for (const jobs of [1, 2, 3]) {
      const { events, report } = await ingestEvents(ALL, { jobs });
      expect(events, `jobs ${jobs}`).toEqual(expected);
      expect(report.route53Records).toBe(records.length);
    }
    expect(expected.some((e) => 'provenance' in e)).toBe(true);
  });

  it.skipIf(!built)('really scan on worker threads, and keep __proto__ keys as data', async () => {
    const scanner = createScanner(2, 2);
    try {
      expect(scanner.mode).toBe('workers');
      const text = '{"Records":[{"eventSource":"route53.amazonaws.com","eventID":"w","__proto__":{"polluted":1}}]}';
      const bytes = gzipSync(text);
      const [a, b] = await Promise.all([scanner.scan({ bytes }, 'a.json.gz'), scanner.scan({ bytes: Buffer.from('{"Records":') }, 'b.json')]);
      expect(a).toEqual(scanBytes(bytes, 'a.json.gz'));
      expect(b.problem).toBe(scanBytes(Buffer.from('{"Records":'), 'b.json').problem);
      const record = a.records[0]!.record;
      expect(Object.hasOwn(record, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // A view into a bigger buffer goes over as its own copy; the caller's buffers stay intact.
      const big = Buffer.concat([Buffer.alloc(100, 32), Buffer.from(text), Buffer.alloc(100, 32)]);
      const view = big.subarray(100, 100 + text.length);
      const c = await scanner.scan({ bytes: view }, 'c.json');
      expect(c.records.map((r) => r.record.eventID)).toEqual(['w']);
      expect(c.inflated).toBe(text.length);
      expect(big.length).toBe(200 + text.length);
      expect(bytes.length).toBeGreaterThan(0);
      expect(scanBytes(bytes, 'a.json.gz').records).toHaveLength(1);
    } finally {
      await scanner.close();
    }
  });

  it.skipIf(!built)('move bytes the caller gives up instead of copying them', async () => {
    const scanner = createScanner(2, 2);
    try {
      const text = '{"Records":[{"eventVersion":"1.09","eventSource":"route53.amazonaws.com","eventID":"m"}]}';
      const bytes = Buffer.from(text);
      const given = new Uint8Array(bytes); // memory of its own (a small Buffer.from is a slice of Node's pool)
      let back: Uint8Array | undefined;
      const outcome = await scanner.scan({ bytes: given, countRecords: true, transfer: true, onReturn: (b) => (back = b) }, 'piece');
      expect(scanner.mode).toBe('workers');
      expect(outcome).toEqual(scanBytes(bytes, 'piece', undefined, { countRecords: true }));
      expect(given.buffer.byteLength).toBe(0); // detached: moved, not copied
      // ...and moved back with the answer, for the caller to use again.
      expect(Buffer.from(back!).equals(bytes)).toBe(true);
    } finally {
      await scanner.close();
    }
  });

  it('rescan what a worker that fails held, but report bytes moved to it as not read', async () => {
    // A worker that throws on its first file: the pool's failure path, without a real crash.
    const dir = mkdtempSync(join(tmpdir(), 'zr-worker-'));
    try {
      const failing = join(dir, 'failing-worker.mjs');
      writeFileSync(failing, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => { if ('id' in m) throw new Error('boom'); });\n");
      const scanner = createScanner(2, 2, pathToFileURL(failing));
      try {
        const text = '{"Records":[{"eventVersion":"1.09","eventSource":"route53.amazonaws.com","eventID":"k"}]}';
        const file = gzipSync(text);
        const [moved, copied] = await Promise.all([
          scanner.scan({ bytes: new Uint8Array(Buffer.from(text)), transfer: true }, 'piece'),
          scanner.scan({ bytes: file }, 'a.json.gz'),
        ]);
        expect(moved.problem).toMatch(/^a scan thread stopped: boom, holding these bytes; they were not read$/);
        expect(moved.records).toEqual([]);
        expect(copied).toEqual(scanBytes(file, 'a.json.gz')); // scanned again on this thread
        expect(scanner.mode).toBe('in-process');
      } finally {
        await scanner.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('a format registered at run time', () => {
    const custom: RecordFormat = {
      name: 'single-event',
      detect: (_head, name) => name.endsWith('.custom'),
      extract: () => [{ eventSource: 'route53.amazonaws.com', eventID: 'custom' }],
    };
    afterEach(() => {
      const i = RECORD_FORMATS.indexOf(custom);
      if (i !== -1) RECORD_FORMATS.splice(i, 1);
    });

    it.skipIf(!built)('is honoured: workers decline and the main thread scans', async () => {
      RECORD_FORMATS.unshift(custom);
      const files: InputFile[] = ['a', 'b', 'c'].map((n) => ({ name: `${n}.custom`, read: async () => Buffer.from('route53.amazonaws.com') }));
      const { records, report } = await ingest(files, { jobs: 2 });
      expect(records.map((r) => [r.file, r.record.eventID])).toEqual([
        ['a.custom', 'custom'],
        ['b.custom', 'custom'],
        ['c.custom', 'custom'],
      ]);
      expect(report.problems).toEqual([]);
    });

    it.skipIf(!built)('gets bytes moved to a declining worker back, and scans them', async () => {
      RECORD_FORMATS.unshift(custom);
      const scanner = createScanner(2, 2);
      try {
        const given = new Uint8Array(Buffer.from('route53.amazonaws.com'));
        const outcome = await scanner.scan({ bytes: given, transfer: true }, 'a.custom');
        // Lost bytes would read as an empty file.
        expect(outcome.problem).toBeUndefined();
        expect(outcome.records.map((r) => r.record.eventID)).toEqual(['custom']);
        expect(scanner.mode).toBe('in-process');
      } finally {
        await scanner.close();
      }
    });
  });

  describe('workers started ahead (by the CLI, before it loads)', () => {
    const url = new URL(`file://${WORKER_JS}`);
    afterEach(() => discardPrestartedWorkers());

    it.skipIf(!built)('are adopted by the pool and scan like new ones', async () => {
      const inProcess = await ingest(ALL, { jobs: 1 });
      prestartScanWorkers(1, url);
      expect(prestartedWorkers()).toBe(1);
      const threaded = await ingest(ALL, { jobs: 2 });
      expect(prestartedWorkers()).toBe(0);
      expect(threaded).toEqual(inProcess);
      // It really scans: a worker that declined (formats unknown to it) would turn the pool in-process.
      prestartScanWorkers(1, url);
      const scanner = createScanner(2, 2);
      try {
        const bytes = gzipSync('{"Records":[{"eventSource":"route53.amazonaws.com","eventID":"w"}]}');
        expect(await scanner.scan({ bytes }, 'a.json.gz')).toEqual(scanBytes(bytes, 'a.json.gz'));
        expect(prestartedWorkers()).toBe(0);
        expect(scanner.mode).toBe('workers');
      } finally {
        await scanner.close();
      }
    });

    it.skipIf(!built)('are stopped when the input is scanned in-process', async () => {
      prestartScanWorkers(1, url);
      const scanner = createScanner(2, 1);
      expect(scanner.mode).toBe('in-process');
      expect(prestartedWorkers()).toBe(0);
    });

    it.skipIf(!built)('honour a format registered after they started', async () => {
      const custom: RecordFormat = { name: 'single-event', detect: (_h, name) => name.endsWith('.custom'), extract: () => [{ eventSource: 'route53.amazonaws.com', eventID: 'custom' }] };
      prestartScanWorkers(1, url);
      RECORD_FORMATS.unshift(custom);
      try {
        const files: InputFile[] = ['a', 'b', 'c'].map((n) => ({ name: `${n}.custom`, read: async () => Buffer.from('route53.amazonaws.com') }));
        const { records } = await ingest(files, { jobs: 2 });
        expect(prestartedWorkers()).toBe(0);
        expect(records.map((r) => r.record.eventID)).toEqual(['custom', 'custom', 'custom']);
        const scanner = createScanner(2, 2);
        try {
          await scanner.scan({ bytes: Buffer.from('route53.amazonaws.com') }, 'd.custom');
          expect(scanner.mode).toBe('in-process'); // the worker declined
        } finally {
          await scanner.close();
        }
      } finally {
        RECORD_FORMATS.splice(RECORD_FORMATS.indexOf(custom), 1);
      }
    });

    it.skipIf(!built)('never keep a process alive when no pool takes them', () => {
      const start = new URL('../../dist/sources/scan-worker-start.js', import.meta.url).href;
      const script = `const m = await import(${JSON.stringify(start)}); m.prestartScanWorkers(2); console.log(m.prestartedWorkers());`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
      expect(out.trim()).toBe('2');
    });
  });

  it.skipIf(!built)('strict mode stops at the first problem in input order with workers too', async () => {
    const files: InputFile[] = Array.from({ length: 12 }, (_, i) => ({
      name: `f${i}.json`,
      read: async () => Buffer.from(i === 7 || i === 9 ? 'nope' : JSON.stringify({ Records: [] })),
    }));
    await expect(ingest(files, { jobs: 2, strict: true })).rejects.toThrow(/^f7\.json: not JSON/);
  });
});
