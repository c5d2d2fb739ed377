/**
 * Reading stdin (or a big file) piece by piece gives what reading the same
 * bytes whole gives: the same records at the same positions, the same
 * problems, with memory bounded by the pieces instead of the stream.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest, type InputFile, type IngestOptions, type SourceRecord } from '../../src/sources/index.js';
import { ingestEvents, type NormalizedRecord } from '../../src/sources/ingest.js';
import { pathFiles, STREAMED_FILE_BYTES } from '../../src/sources/inputs.js';
import { scanBytes, WHOLE_INFLATE_BYTES } from '../../src/sources/scan.js';

const tmp = mkdtempSync(join(tmpdir(), 'zr-stream-ingest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const R53 = 'route53.amazonaws.com';
const SOURCES = [R53, 'ec2.amazonaws.com', 's3.amazonaws.com'];

const memFile = (name: string, data: Buffer): InputFile => ({ name, size: data.length, read: async () => data });

/** `data` on a stdin that delivers it in `chunks` pieces. */
function stdinOf(data: Buffer, chunks = 7): PassThrough {
  const stdin = new PassThrough();
  const size = Math.max(1, Math.ceil(data.length / chunks));
  for (let i = 0; i < data.length; i += size) stdin.write(data.subarray(i, i + size));
  stdin.end();
  return stdin;
}

const seen = (records: readonly SourceRecord[]) => records.map((r) => [r.file, r.index, r.record.eventID]);

/** The same bytes read whole (as a file named `<stdin>`) and as stdin in small pieces. */
async function both(data: Buffer, options: IngestOptions = {}) {
  const whole = await ingest([memFile('<stdin>', data)], { jobs: 1, ...options });
  const streamed = await ingest(['-'], { jobs: 1, pieceBytes: 300, ...options, stdin: stdinOf(data) });
  return { whole, streamed };
}

const arbRecords = fc.array(
  fc.record({
    eventVersion: fc.constant('1.09'),
    eventSource: fc.constantFrom(...SOURCES),
    eventName: fc.constantFrom('ChangeResourceRecordSets', 'RunInstances'),
    note: fc.string({ maxLength: 40 }),
    // Objects nested in a request that look like a file's start: not records of the file.
    requestParameters: fc.constantFrom(null, { entries: [{ detail: '{"Records":[]}' }], Records: [{ note: '{"eventVersion":' }] }),
  }),
  { minLength: 1, maxLength: 12 },
);

describe('stdin read in pieces', () => {
  it('gives the records and positions of a whole read: CloudTrail files back to back, gzipped or not, and JSON Lines', async () => {
    let cutRuns = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(arbRecords, { minLength: 1, maxLength: 5 }), fc.constantFrom('cat-gz', 'zcat', 'jsonl', 'jsonl-gz'), async (files, shape) => {
        let n = 0;
        const docs = files.map((records) => records.map((r) => ({ ...r, eventID: `e${n++}` })));
        const texts = shape === 'jsonl' || shape === 'jsonl-gz' ? docs.map((d) => d.map((r) => JSON.stringify(r) + '\n').join('')) : docs.map((d) => JSON.stringify({ Records: d }));
        // cat of delivered files: gzip members back to back; zcat: the documents back to back.
        const data = shape === 'cat-gz' || shape === 'jsonl-gz' ? Buffer.concat(texts.map((t) => gzipSync(t))) : Buffer.from(texts.join(''));
        const { whole, streamed } = await both(data);
        expect(seen(streamed.records)).toEqual(seen(whole.records));
        expect(streamed.report.problems).toEqual(whole.report.problems);
        expect(streamed.report.route53Records).toBe(whole.report.route53Records);
        expect(streamed.report.filesRead).toBe(1);
        expect(streamed.report.bytesRead).toBe(data.length);
        if (Buffer.concat(texts.map((t) => Buffer.from(t))).length > 600) cutRuns++;
      }),
      { numRuns: 60 },
    );
    expect(cutRuns).toBeGreaterThan(10);
  });

  it('uses the worker threads for the pieces, with the same result', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ eventVersion: '1.09', eventSource: i % 7 === 0 ? R53 : 'ec2.amazonaws.com', eventID: `w${i}` }) + '\n');
    const data = gzipSync(lines.join(''));
    const { whole, streamed } = await both(data, { jobs: 2 });
    expect(seen(streamed.records)).toEqual(seen(whole.records));
    expect(streamed.records.length).toBe(429);
  });

  it('reports a broken line at its line in the stream, as a whole read does, keeping the records before it', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ eventVersion: '1.09', eventSource: R53, eventID: `b${i}` }));
    lines[150] = '{"eventVersion":"1.09","eventSource":"route53.amazonaws.com","eventID":"broken"';
    const { whole, streamed } = await both(Buffer.from(lines.join('\n') + '\n'));
    expect(whole.report.problems).toHaveLength(1);
    expect(streamed.report.problems).toEqual(whole.report.problems);
    expect(streamed.report.problems[0]!.message).toMatch(/line 15[12]/);
    expect(seen(streamed.records)).toEqual(seen(whole.records).slice(0, streamed.records.length));
    expect(streamed.records.length).toBeGreaterThan(100);
  });

  it('keeps the records read before corrupt gzip data and says what is wrong', async () => {
    const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ eventVersion: '1.09', eventSource: R53, eventID: `g${from + i}`, pad: 'y'.repeat(i % 50) }) + '\n').join('');
    const bad = gzipSync(lines(3000, 40));
    bad.fill(0x55, 20, 60);
    const data = Buffer.concat([gzipSync(lines(0, 3000)), bad]);
    const streamed = await ingest(['-'], { jobs: 1, pieceBytes: 300, stdin: stdinOf(data, 40) });
    expect(streamed.report.problems.map((p) => [p.file, p.message.replace(/\(.*\)/, '(…)')])).toEqual([['<stdin>', 'gzip data is corrupt (…); the 3000 records read before it are kept, unverified']]);
    // zlib's stream drops what it inflated in the failing write; found again from the stream's bytes, the first member is all there.
    const kept = streamed.records.map((r) => r.record.eventID);
    expect(kept).toEqual(Array.from({ length: 3000 }, (_, i) => `g${i}`));
    const whole = await ingest([memFile('<stdin>', data)], { jobs: 1 });
    expect(seen(streamed.records)).toEqual(seen(whole.records));
    expect(streamed.report.problems).toEqual(whole.report.problems);
    const cut = gzipSync(lines(0, 10));
    const { whole: wholeCut, streamed: truncated } = await both(cut.subarray(0, cut.length - 30));
    expect(truncated.report.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^gzip data is truncated \(unexpected end of file\); the \d records read before it are kept, unverified$/)]);
    expect(seen(truncated.records)).toEqual(seen(wholeCut.records));
    expect(truncated.report.problems).toEqual(wholeCut.report.problems);
  });

  it('reads an empty stdin as an empty file', async () => {
    const { whole, streamed } = await both(Buffer.alloc(0));
    expect(streamed.report.problems).toEqual(whole.report.problems);
    expect(streamed.report.problems.map((p) => p.message)).toEqual(['empty file']);
  });
});

/** What an event list says of each record: where it is from, and its id or problem. */
const events = (list: readonly NormalizedRecord[]) => list.map((e) => ('provenance' in e ? [e.provenance.file, e.provenance.index, e.provenance.eventId] : [e.file, e.index, e.message]));

describe('events from a stream, taken piece by piece', () => {
  it('are the events of a whole read, up to a record text that does not parse', async () => {
    const change = (id: string) => ({ eventVersion: '1.09', eventSource: R53, eventName: 'ChangeResourceRecordSets', eventTime: '2024-03-01T10:00:00Z', eventID: id, requestParameters: { hostedZoneId: 'Z0STREAM', changeBatch: { changes: [{ action: 'UPSERT', resourceRecordSet: { name: `${id}.example.com`, type: 'A', tTL: 60, resourceRecords: [{ value: '192.0.2.1' }] } }] } } });
    let broken = 0;
    let cut = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.constantFrom('r53', 'ec2'), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }), fc.option(fc.nat(), { nil: undefined }), fc.boolean(), async (files, breakAt, gz) => {
        let n = 0;
        const docs = files.map((kinds) => kinds.map((k) => (k === 'r53' ? change(`s${n++}`) : { eventVersion: '1.09', eventSource: 'ec2.amazonaws.com', eventID: `x${n++}` })));
        let texts = docs.map((d) => JSON.stringify({ Records: d }));
        // A Route 53 record whose text is whole by structure but does not parse (an escape JSON does not have).
        if (breakAt !== undefined) {
          const all = texts.join('\n');
          const at = all.indexOf('"eventID":"s' + (breakAt % Math.max(n, 1)) + '"');
          if (at !== -1) {
            broken++;
            texts = all.slice(0, at).concat('"note":"\\q",', all.slice(at)).split('\n');
          }
        }
        const data = gz ? Buffer.concat(texts.map((t) => gzipSync(t))) : Buffer.from(texts.join(''));
        const whole = await ingestEvents([memFile('<stdin>', data)], { jobs: 1 });
        const streamed = await ingestEvents(['-'], { jobs: 1, pieceBytes: 300, stdin: stdinOf(data) });
        expect(events(streamed.events)).toEqual(events(whole.events));
        expect(streamed.report.problems).toEqual(whole.report.problems);
        if (whole.report.problems.length > 0) cut++;
      }),
      { numRuns: 60 },
    );
    expect(broken).toBeGreaterThan(5);
    expect(cut).toBe(broken); // each broken text did stop its file
  });
});

describe('big local files', () => {
  it(`are read as streams from ${STREAMED_FILE_BYTES / 2 ** 20} MiB, with the records of a whole read`, async () => {
    const line = (i: number) => JSON.stringify({ eventVersion: '1.09', eventSource: i % 1000 === 0 ? R53 : 'ec2.amazonaws.com', eventID: `f${i}`, pad: 'x'.repeat(150) }) + '\n';
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < STREAMED_FILE_BYTES; i++) {
      parts.push(line(i));
      size += parts[i]!.length;
    }
    const data = Buffer.from(parts.join(''));
    mkdirSync(join(tmp, 'walked'));
    const path = join(tmp, 'walked', 'big.jsonl');
    writeFileSync(path, data);
    const listed: InputFile[] = [];
    for await (const f of pathFiles(path)) listed.push(f);
    expect(listed.map((f) => [f.name, f.stream !== undefined])).toEqual([[path, true]]);
    const whole = await ingest([memFile(path, data)], { jobs: 1 });
    const streamed = await ingest([path], { jobs: 1 });
    expect(seen(streamed.records)).toEqual(seen(whole.records));
    expect(streamed.records.length).toBe(Math.ceil(parts.length / 1000));
    expect(streamed.report.bytesRead).toBe(data.length);
    // Met in a walked folder (listed without its size), it is found too big when opened, and streamed too.
    const walked = await ingest([join(tmp, 'walked')], { jobs: 1 });
    expect(seen(walked.records)).toEqual(seen(whole.records));
    expect(walked.report.problems).toEqual([]);
  });

  it(`inflate in pieces when the gzip trailer announces more than ${WHOLE_INFLATE_BYTES / 2 ** 20} MiB, on disk or fetched whole`, async () => {
    const records = [0, 1, 2].map((i) => ({ eventVersion: '1.09', eventSource: i === 1 ? R53 : 'ec2.amazonaws.com', eventID: `g${i}` }));
    // A small file: one CloudTrail document, then a gzip member of JSON blanks that inflates past the bound.
    const blanks = gzipSync(Buffer.alloc(WHOLE_INFLATE_BYTES + 1024, 0x20), { level: 1 });
    const data = Buffer.concat([gzipSync(JSON.stringify({ Records: records })), blanks]);
    expect(data.length).toBeLessThan(STREAMED_FILE_BYTES);
    expect(scanBytes(data, 'x.json.gz')).toMatchObject({ tooLarge: true, inflated: 0 });
    const path = join(tmp, 'announces-big.json.gz');
    writeFileSync(path, data);
    for (const input of [path, memFile('s3://bucket/announces-big.json.gz', data)]) {
      const { records: found, report } = await ingest([input], { jobs: 1 });
      expect(found.map((r) => [r.record.eventID, r.index])).toEqual([['g1', 1]]);
      expect(report.problems).toEqual([]);
    }
  });
});
