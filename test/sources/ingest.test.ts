import { mkdtempSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestError, deliveryTime, ingest, ingestEvents, type InputFile, type SourceRecord } from '../../src/sources/index.js';

const FIX = fileURLToPath(new URL('../../fixtures/ingest/', import.meta.url));
const fx = (p: string) => join(FIX, p);
const rel = (p: string) => relative(FIX, p);
const ids = (records: readonly SourceRecord[]) => records.map((r) => r.record.eventID);

const tmp = mkdtempSync(join(tmpdir(), 'zr-ingest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const memFile = (name: string, data: string | Buffer): InputFile => ({
  name,
  size: Buffer.byteLength(data),
  read: async () => Buffer.from(data),
});

describe('ingest: S3-layout tree', () => {
  it('walks in sorted order, keeps only Route 53 records, lists digests, counts skipped files', async () => {
    const { records, report } = await ingest([fx('trail')], { jobs: 1 });
    expect(records.map((r) => [rel(r.file).split('/').pop(), r.index, r.record.eventName])).toEqual([
      ['111122223333_CloudTrail_us-east-1_20240305T1405Z_Ab3dE6gH9jK2mN5p.json.gz', 1, 'CreateHostedZone'],
      ['111122223333_CloudTrail_us-east-1_20240305T1405Z_Ab3dE6gH9jK2mN5p.json.gz', 3, 'ChangeResourceRecordSets'],
      ['111122223333_CloudTrail_us-east-1_20240305T1410Z_Q7wErT5yU3iO1pAs.json.gz', 1, 'ListResourceRecordSets'],
      ['111122223333_CloudTrail_us-east-1_20240305T1410Z_Q7wErT5yU3iO1pAs.json.gz', 3, 'ChangeResourceRecordSets'],
    ]);
    expect(records.every((r) => r.format === 'cloudtrail-log' && r.record.eventSource === 'route53.amazonaws.com')).toBe(true);
    expect(report.digestFiles.map(rel)).toEqual([
      'trail/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/03/05/111122223333_CloudTrail-Digest_us-east-1_main-trail_us-east-1_20240305T145512Z.json.gz',
    ]);
    expect(report.problems).toEqual([]);
    expect(report.filesRead).toBe(2); // the digest is listed by its path, not read; eu-west-1 is not walked
    expect(report.foldersSkipped.map((f) => [rel(f.path), f.region])).toEqual([['trail/AWSLogs/111122223333/CloudTrail/eu-west-1', 'eu-west-1']]);
    expect(report.filesWithoutRoute53).toBe(0);
    expect(report.formats).toEqual({ 'cloudtrail-log': 2 });
    expect(report.route53Records).toBe(4);
    expect(report.bytesInflated).toBeGreaterThan(report.bytesRead);
    // Delivery times (14:05, 14:10) and Route 53 event times (13:58:11 … 14:06:42).
    expect(report.span).toEqual({ first: '2024-03-05T13:58:11Z', last: '2024-03-05T14:10:00Z' });
  });

  it('reads every region folder when asked, with the same Route 53 records', async () => {
    const pruned = await ingest([fx('trail')], { jobs: 1 });
    const all = await ingest([fx('trail')], { jobs: 1, regions: 'all' });
    expect(ids(all.records)).toEqual(ids(pruned.records));
    expect(all.report.foldersSkipped).toEqual([]);
    expect(all.report.filesRead).toBe(3);
    expect(all.report.filesWithoutRoute53).toBe(1); // eu-west-1: EC2 only
  });

  it('reads a region folder named on the command line, and other partitions\' folders', async () => {
    const named = await ingest([fx('trail/AWSLogs/111122223333/CloudTrail/eu-west-1')], { jobs: 1 });
    expect(named.report.filesRead).toBe(1);
    expect(named.report.foldersSkipped).toEqual([]);
    // A Route 53 record under a GovCloud region folder and under us-west-2, in one tree.
    const root = join(tmp, 'partitions');
    const put = (region: string, id: string) => {
      const dir = join(root, 'AWSLogs', '111122223333', 'CloudTrail', region, '2024', '03', '05');
      mkdirSync(dir, { recursive: true });
      const record = { eventVersion: '1.11', eventTime: '2024-03-05T10:00:00Z', eventSource: 'route53.amazonaws.com', eventName: 'GetChange', awsRegion: region, eventID: id };
      writeFileSync(join(dir, `111122223333_CloudTrail_${region}_20240305T1005Z_Ab3dE6gH9jK2mN5p.json.gz`), gzipSync(JSON.stringify({ Records: [record] })));
    };
    put('us-gov-west-1', 'gov');
    put('us-west-2', 'oregon');
    put('cn-northwest-1', 'ningxia');
    const { records, report } = await ingest([root], { jobs: 1 });
    expect(ids(records)).toEqual(['ningxia', 'gov']);
    expect(report.foldersSkipped.map((f) => f.region)).toEqual(['us-west-2']);
  });

  it('reads organization-trail layout and plain .json the same way', async () => {
    const { records, report } = await ingest([fx('org-trail')], { jobs: 1 });
    expect(ids(records)).toEqual(['4d5e6f70-0000-4000-8000-000000000011']);
    expect(report.formats).toEqual({ 'cloudtrail-log': 1 });
    expect(report.bytesInflated).toBe(report.bytesRead);
    expect(report.span).toEqual({ first: '2024-03-06T09:12:30Z', last: '2024-03-06T09:15:00Z' });
  });

  it('returns the same records whatever the order of walking equal trees', async () => {
    const a = await ingest([fx('trail'), fx('org-trail')], { jobs: 1 });
    const b = await ingest([fx('trail'), fx('org-trail')], { jobs: 1 });
    expect(ids(a.records)).toEqual(ids(b.records));
    expect(a.records.map((r) => r.file)).toEqual(b.records.map((r) => r.file));
  });
});

describe('ingest: other shapes', () => {
  it('reads lookup-events pages back to back, in order', async () => {
    const { records, report } = await ingest([fx('lookup-events-two-pages.json')], { jobs: 1 });
    expect(records.map((r) => [r.index, r.record.eventName])).toEqual([
      [0, 'ChangeResourceRecordSets'],
      [2, 'ChangeResourceRecordSets'],
      [3, 'CreateHostedZone'],
    ]);
    expect(report.formats).toEqual({ 'lookup-events': 1 });
  });

  it('reads JSON Lines, an EventBridge envelope and a single event', async () => {
    const { records, report } = await ingest(
      [fx('records.jsonl'), fx('eventbridge-envelope.json'), fx('single-event.json')],
      { jobs: 1 },
    );
    expect(records.map((r) => [r.format, r.record.eventName])).toEqual([
      ['jsonl', 'ChangeResourceRecordSets'],
      ['jsonl', 'ChangeTagsForResource'],
      ['eventbridge', 'ChangeResourceRecordSets'],
      ['single-event', 'ChangeTagsForResource'],
    ]);
    expect(report.formats).toEqual({ jsonl: 1, eventbridge: 1, 'single-event': 1 });
  });

  it('reads stdin for -', async () => {
    const stdin = new PassThrough();
    stdin.end(gzipSync(Buffer.from(JSON.stringify({ Records: [{ eventSource: 'route53.amazonaws.com', eventName: 'X', eventID: 's1' }] }))));
    const { records, report } = await ingest(['-'], { jobs: 1, stdin });
    expect(records.map((r) => [r.file, r.record.eventID])).toEqual([['<stdin>', 's1']]);
    expect(report.filesRead).toBe(1);
  });

  it('reads the same content gzipped or plain', async () => {
    const text = JSON.stringify({ Records: [{ eventSource: 'route53.amazonaws.com', eventName: 'A', eventID: 'g1' }] });
    const plain = await ingest([memFile('a.json', text)], { jobs: 1 });
    const gz = await ingest([memFile('a.json.gz', gzipSync(text))], { jobs: 1 });
    expect(gz.records.map((r) => r.record)).toEqual(plain.records.map((r) => r.record));
    expect(gz.report.bytesInflated).toBe(plain.report.bytesRead);
  });

  it('reads multi-member gzip (concatenated .gz files)', async () => {
    const one = JSON.stringify({ Records: [{ eventSource: 'route53.amazonaws.com', eventID: 'm1', eventName: 'A' }] });
    const two = '\n' + JSON.stringify({ Records: [{ eventSource: 'route53.amazonaws.com', eventID: 'm2', eventName: 'B' }] });
    const { records, report } = await ingest([memFile('cat.json.gz', Buffer.concat([gzipSync(one), gzipSync(two)]))], { jobs: 1 });
    expect(ids(records)).toEqual(['m1', 'm2']);
    expect(report.problems).toEqual([]);
  });

  it('recognises a digest by content outside the CloudTrail-Digest folder', async () => {
    const digest = JSON.stringify({ awsAccountId: '1', digestStartTime: '2024-01-01T00:00:00Z', digestEndTime: 'x', logFiles: [] });
    const { records, report } = await ingest([memFile('saved-digest.json', digest)], { jobs: 1 });
    expect(records).toEqual([]);
    expect(report.digestFiles).toEqual(['saved-digest.json']);
    expect(report.problems).toEqual([]);
    expect(report.filesWithoutRoute53).toBe(0);
  });
});

describe('ingest: problems', () => {
  it('reports each broken file by name and goes on', async () => {
    const { records, report } = await ingest([fx('broken'), fx('records.jsonl'), join(tmp, 'missing.json')], { jobs: 1 });
    expect(ids(records)).toEqual(['1a2b3c4d-0000-4000-8000-000000000002', '5e6f7081-0000-4000-8000-000000000013']);
    const problems = report.problems.map((p) => [p.file.startsWith(FIX) ? rel(p.file) : p.file, p.message]);
    expect(problems).toEqual([
      [
        'broken/AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/05/111122223333_CloudTrail_us-east-1_20240305T1415Z_Tr8nC4t3dGz1pXyZ.json.gz',
        // Cut inside its second record: the first (EC2's) inflated whole and is read, and kept.
        'gzip data is truncated (unexpected end of file); the record read before it is kept, unverified',
      ],
      ['broken/bad.json', "invalid JSON at line 14, column 7: expected ',' or '}', found '\"'"],
      ['broken/empty.json', 'empty file'],
      ['broken/event-history.csv', expect.stringMatching(/console "Event history" CSV.*no requestParameters.*cannot be rebuilt/)],
      ['broken/notes.txt', expect.stringMatching(/^not JSON or a known CloudTrail format/)],
      [join(tmp, 'missing.json'), 'cannot read: no such file or directory'],
    ]);
    expect(report.filesRead).toBe(6);
  });

  it('reports a Route 53 record of a compact file that does not parse, keeping the records before it, whatever the threads', async () => {
    const rec = (id: string, extra = '') => `{"eventVersion":"1.09","eventTime":"2024-03-01T10:00:00Z","eventSource":"route53.amazonaws.com","eventName":"GetChange","eventID":"${id}"${extra}}`;
    // A leading zero: invalid JSON in a record whose structure is whole (the fast path cuts it out).
    const text = `{"Records":[${rec('c1')},{"eventVersion":"1.09","eventSource":"ec2.amazonaws.com","eventID":"x"},${rec('c2', ',"n":01')},${rec('c3')}]}`;
    const inputs = [memFile('corrupt.json', text), memFile('fine.json', `{"Records":[${rec('f1')}]}`)];
    for (const jobs of [1, 2]) {
      const { records, report } = await ingest(inputs, { jobs });
      expect(ids(records), `jobs ${jobs}`).toEqual(['c1', 'f1']);
      expect(report.problems).toEqual([{ file: 'corrupt.json', message: expect.stringMatching(/^record 3 is not valid JSON \(/) as unknown }]);
      const events = await ingestEvents(inputs, { jobs });
      expect(events.events.map((e) => ('provenance' in e ? e.provenance.eventId : e.message)), `jobs ${jobs}`).toEqual(['c1', 'f1']);
      expect(events.report).toEqual(report);
    }
  });

  it('names JSON that is valid but of no known shape', async () => {
    const { report } = await ingest([memFile('odd.json', '{"route53.amazonaws.com": 1, "other": 2}')], { jobs: 1 });
    expect(report.problems).toEqual([
      { file: 'odd.json', message: expect.stringContaining('top-level keys: "route53.amazonaws.com", "other"') },
    ]);
  });

  it('strict mode throws IngestError at the first problem in input order', async () => {
    const inputs = [fx('records.jsonl'), fx('broken/notes.txt'), fx('broken/empty.json')];
    const err = await ingest(inputs, { jobs: 1, strict: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).file).toBe(fx('broken/notes.txt'));
    expect((err as IngestError).message).toMatch(/notes\.txt: not JSON/);
  });

  it('does not pollute Object.prototype through __proto__ keys', async () => {
    const line = '{"eventSource":"route53.amazonaws.com","eventID":"p1","__proto__":{"polluted":"yes"},"requestParameters":{"constructor":{"prototype":{"polluted":"yes"}}}}';
    const { records } = await ingest([memFile('evil.jsonl', line + '\n' + line.replace('p1', 'p2'))], { jobs: 1 });
    expect(ids(records)).toEqual(['p1', 'p2']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(records[0]!.record, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(records[0]!.record)).toBe(Object.prototype);
  });
});

describe('directory walk', () => {
  it('is sorted by code units, recursive, and leaves out hidden entries', async () => {
    const dir = join(tmp, 'walk');
    const rec = (id: string) => JSON.stringify({ eventSource: 'route53.amazonaws.com', eventID: id }) + '\n';
    for (const [p, id] of [['b/2.jsonl', 'b2'], ['B/1.jsonl', 'B1'], ['a.jsonl', 'a'], ['b/10.jsonl', 'b10'], ['.hidden/x.jsonl', 'h'], ['.x.jsonl', 'hx']] as const) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), rec(id));
    }
    const { records } = await ingest([dir], { jobs: 1 });
    expect(ids(records)).toEqual(['B1', 'a', 'b10', 'b2']);
  });
});

describe('walking symlinks', () => {
  it('follows links to files and directories in name order, reports a broken one in its place, and stops at loops', async () => {
    const dir = join(tmp, 'links');
    const rec = (id: string) => JSON.stringify({ eventSource: 'route53.amazonaws.com', eventID: id }) + '\n';
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a.jsonl'), rec('a'));
    writeFileSync(join(dir, 'sub', '1.jsonl'), rec('s1'));
    writeFileSync(join(dir, 'e.jsonl'), rec('e'));
    symlinkSync(join(dir, 'sub'), join(dir, 'b-dir'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'c-broken'));
    symlinkSync(join(dir, 'e.jsonl'), join(dir, 'd-file'));
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    const { records, report } = await ingest([dir], { jobs: 1 });
    // sub/ was walked through b-dir already: the same directory is not read twice.
    expect(records.map((r) => [r.record.eventID, r.file.slice(dir.length + 1)])).toEqual([
      ['a', 'a.jsonl'],
      ['s1', 'b-dir/1.jsonl'],
      ['e', 'd-file'],
      ['e', 'e.jsonl'],
    ]);
    expect(report.problems).toEqual([{ file: join(dir, 'c-broken'), message: 'cannot read: no such file or directory' }]);
  });
});

describe('deliveryTime', () => {
  it('reads the minute from CloudTrail file names and rejects impossible dates', () => {
    expect(deliveryTime('x/111122223333_CloudTrail_us-east-1_20230826T2035Z_PjmwM7E4hZ6897Aq.json')).toBe(Date.UTC(2023, 7, 26, 20, 35));
    expect(deliveryTime('111122223333_CloudTrail_us-east-1_20230230T2035Z_PjmwM7E4hZ6897Aq.json.gz')).toBeUndefined();
    expect(deliveryTime('records.jsonl')).toBeUndefined();
  });
});

describe('progress', () => {
  it('reports each file and ends at the totals', async () => {
    const seen: number[] = [];
    let last;
    await ingest([fx('trail')], {
      jobs: 1,
      regions: 'all',
      onProgress: (p) => {
        seen.push(p.filesDone);
        last = p;
      },
    });
    // One report before the first file, one per file, and the last once the listing has ended.
    expect(seen).toEqual([0, 1, 2, 3, 4, 4]);
    expect(last).toMatchObject({ filesDone: 4, filesTotal: 4, route53Records: 4, listing: false });
    const l = last as unknown as { bytesDone: number; bytesTotal: number };
    expect(l.bytesDone).toBe(l.bytesTotal);
    expect(l.bytesTotal).toBeGreaterThan(0);
  });
});
