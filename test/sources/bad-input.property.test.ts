/**
 * The ingest layer on broken inputs, as laws: every record format's reader,
 * the JSON value splitter, the query-result readers and a whole file's scan
 * (gzip included) return records or their own FormatError /
 * QueryResultError naming what is wrong, never a TypeError, RangeError or
 * stack overflow, and no key of the input reaches a prototype.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../src/events/normalize.js';
import { athenaRecords } from '../../src/sources/athena-csv.js';
import { FormatError, RECORD_FORMATS, type RecordFormat } from '../../src/sources/formats.js';
import { ingest, ingestEvents, IngestError, type InputFile } from '../../src/sources/index.js';
import { jsonValues, parseJson } from '../../src/sources/json-values.js';
import { lakeRecords } from '../../src/sources/lake-results.js';
import { outcomeRecords, scanBytes } from '../../src/sources/scan.js';
import { QueryResultError } from '../../src/sql/errors.js';
import { arbAthenaText, arbTrailFileBytes, arbTrailText, TRAIL_DOCUMENTS, TRAIL_FORMATS } from '../support/broken-trails.js';
import { arbAnyText, arbMutatedJsonText } from '../support/mutations.js';
import { returnsOrRefuses, returnsOrRefusesAsync } from '../support/user-errors.js';

const formatByName = (name: string): RecordFormat => RECORD_FORMATS.find((f) => f.name === name)!;

describe('every record format on a broken document', () => {
  it.each(TRAIL_FORMATS)('%s: extract yields records or throws FormatError', (name) => {
    const format = formatByName(name);
    fc.assert(
      fc.property(arbTrailText(name), (text) => {
        const r = returnsOrRefuses(`${name} extract`, () => [...format.extract(text, 'trail.json')], [FormatError]);
        if (!r.ok) expect(r.error.message).not.toBe('');
        // Every record it yields can be normalized: an event, or a problem saying why not.
        if (r.ok) for (const [index, record] of r.value.entries()) returnsOrRefuses('normalizeRecord', () => normalizeRecord(record, { file: 'trail.json', index }), []);
      }),
      { numRuns: 120 },
    );
  });
});

describe('the query-result readers on broken results', () => {
  it('Athena CSV: records, or a QueryResultError naming the file', () => {
    fc.assert(
      fc.property(fc.oneof(arbAthenaText, arbAnyText), (text) => {
        const r = returnsOrRefuses('athenaRecords', () => [...athenaRecords(text, 'q.csv')], [QueryResultError]);
        if (!r.ok) expect(r.error.message).toMatch(/^q\.csv(:\d+)?: /);
      }),
      { numRuns: 200 },
    );
  });

  it('CloudTrail Lake JSON: records, or a QueryResultError naming the file', () => {
    fc.assert(
      fc.property(fc.oneof(arbTrailText('cloudtrail-lake'), arbAnyText), (text) => {
        const r = returnsOrRefuses('lakeRecords', () => [...lakeRecords(text, 'lake.json')], [QueryResultError]);
        if (!r.ok) expect(r.error.message).toMatch(/^lake\.json(:\d+)?: /);
      }),
      { numRuns: 200 },
    );
  });
});

describe('JSON values on broken text', () => {
  it('jsonValues and parseJson: values, or a FormatError that says where', () => {
    fc.assert(
      fc.property(fc.oneof(arbMutatedJsonText(TRAIL_DOCUMENTS['cloudtrail-log']), arbAnyText), (text) => {
        const all = returnsOrRefuses('jsonValues', () => [...jsonValues(text)], [FormatError]);
        if (!all.ok) expect(all.error.message).toMatch(/line \d+, column \d+/);
        const one = returnsOrRefuses('parseJson', () => parseJson(text, 'the document'), [FormatError]);
        if (!one.ok) expect(one.error.message).toMatch(/^the document is not valid JSON \(line \d+, column \d+/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a whole file scanned', () => {
  it('never throws: Route 53 records, or a problem in words (not an unexpected error)', () => {
    fc.assert(
      fc.property(arbTrailFileBytes, fc.constantFrom('trail.json', 'trail.json.gz', 'q.csv', 'events.jsonl'), (bytes, name) => {
        const r = returnsOrRefuses('scanBytes', () => outcomeRecords(scanBytes(bytes, name)), []);
        const outcome = scanBytes(bytes, name);
        expect(outcome.problem ?? '').not.toMatch(/unexpected error/);
        if (r.ok) for (const { record, index } of r.value) returnsOrRefuses('normalizeRecord', () => normalizeRecord(record, { file: name, index }), []);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ingest, the library call', () => {
  const file = (name: string, bytes: Buffer): InputFile => ({ name, size: bytes.length, read: async () => Buffer.from(bytes) });

  it('reports each broken file as a problem naming it, or in strict mode throws IngestError for it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbTrailFileBytes, { minLength: 1, maxLength: 3 }), fc.boolean(), async (contents, strict) => {
        const files = contents.map((b, i) => file(`in-${i}.json`, b));
        const r = await returnsOrRefusesAsync('ingest', () => ingest(files, { jobs: 1, strict }), strict ? [IngestError] : []);
        if (!r.ok) expect(r.error.message).toMatch(/^in-\d\.json: /);
        else for (const p of r.value.report.problems) expect(p.file).toMatch(/^in-\d\.json$/);
      }),
      { numRuns: 60 },
    );
  });

  it('reads a broken file streamed in small pieces (stdin, big files): records, or a problem naming it', async () => {
    await fc.assert(
      fc.asyncProperty(arbTrailFileBytes, fc.integer({ min: 1, max: 97 }), fc.integer({ min: 64, max: 600 }), fc.boolean(), async (bytes, chunk, pieceBytes, events) => {
        const streamed: InputFile = {
          name: '<stdin>',
          read: async () => Buffer.from(bytes),
          async *stream() {
            for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
          },
        };
        const options = { jobs: 1, pieceBytes };
        const r = events
          ? await returnsOrRefusesAsync('ingestEvents (streamed)', () => ingestEvents([streamed], options), [])
          : await returnsOrRefusesAsync('ingest (streamed)', () => ingest([streamed], options), []);
        if (r.ok) for (const p of r.value.report.problems) expect(p.file).toBe('<stdin>');
      }),
      { numRuns: 100 },
    );
  });
});
