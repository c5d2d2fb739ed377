import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../src/events/normalize.js';
import { RECORD_FORMATS, ingest, ingestEvents, scanBytes, type InputFile, type RecordFormat } from '../../src/sources/index.js';
import { createScanner, scanWorkerUrl } from '../../src/sources/worker-pool.js';

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
  });

  it.skipIf(!built)('strict mode stops at the first problem in input order with workers too', async () => {
    const files: InputFile[] = Array.from({ length: 12 }, (_, i) => ({
      name: `f${i}.json`,
      read: async () => Buffer.from(i === 7 || i === 9 ? 'nope' : JSON.stringify({ Records: [] })),
    }));
    await expect(ingest(files, { jobs: 2, strict: true })).rejects.toThrow(/^f7\.json: not JSON/);
  });
});
