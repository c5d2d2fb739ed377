import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RECORD_FORMATS, formatNames, looksLikeConsoleCsv, scanBytes } from '../../src/sources/index.js';
import { outcomeRecords } from '../../src/sources/scan.js';

const R53 = 'route53.amazonaws.com';
const rec = (id: string, source = R53) => ({ eventVersion: '1.09', eventSource: source, eventName: 'ChangeResourceRecordSets', eventID: id });
const scan = (text: string | Buffer, name = 'f.json') => scanBytes(typeof text === 'string' ? Buffer.from(text) : text, name);
const kept = (text: string | Buffer, name?: string) => {
  const o = scan(text, name);
  return { format: o.format, problem: o.problem, ids: outcomeRecords(o).map((r) => [r.index, r.record.eventID]) };
};
const detected = (head: string, name = 'f.json') => RECORD_FORMATS.find((f) => f.detect(head, name))?.name;

describe('format detection', () => {
  it.each([
    ['{"Records":[]}', 'cloudtrail-log'],
    ['  \n{ "Records" : [ {"eventVersion":"1.0"} ] }', 'cloudtrail-log'],
    ['{"Events":[],"NextToken":"x"}', 'lookup-events'],
    ['[{"Events":[]},{"Events":[]}]', 'lookup-events'],
    ['{"QueryStatus":"FINISHED","QueryResultRows":[],"NextToken":"t"}', 'cloudtrail-lake'],
    ['{"version":"0","id":"x","detail-type":"AWS API Call via CloudTrail","detail":{}}', 'eventbridge'],
    ['{"eventVersion":"1.09","eventSource":"a"}\n{"eventVersion":"1.09"}\n', 'jsonl'],
    ['[{"eventVersion":"1.09"}]', 'jsonl'],
    ['{"eventVersion":"1.09","eventSource":"a"}', 'single-event'],
    ['{"eventVersion":"1.09","eventSource":"a"', 'single-event'], // longer than the head
    ['{"foo":1}', undefined],
    ['hello', undefined],
  ])('%s -> %s', (head, format) => {
    expect(detected(head)).toBe(format);
  });

  it('uses the file name to call one long record per line JSON Lines', () => {
    expect(detected('{"eventVersion":"1.09","eventSource":"a"', 'x.ndjson')).toBe('jsonl');
    expect(detected('{"eventVersion":"1.09","eventSource":"a"', 'x.jsonl.gz')).toBe('jsonl');
  });

  it('knows the console CSV header but not an Athena header', () => {
    const consoleHeader =
      'User name,AWS access key,Event time,Event source,Event name,AWS region,Source IP address,User agent,Error code,Resources,Request ID,Event ID,Read-only,Event type,Recipient Account Id,Event category\n';
    expect(looksLikeConsoleCsv(consoleHeader)).toBe(true);
    expect(looksLikeConsoleCsv('"eventversion","useridentity","eventtime","eventsource","eventname","requestparameters"\n')).toBe(false);
  });

  it('has unique names, workers compare them in order', () => {
    expect(formatNames()).toEqual([...new Set(RECORD_FORMATS.map((f) => f.name))]);
  });
});

describe('extraction', () => {
  it('cloudtrail-log: keeps Route 53 records with their index among all records', () => {
    const text = JSON.stringify({ Records: [rec('a', 'ec2.amazonaws.com'), rec('b'), rec('c', 'route53domains.amazonaws.com'), rec('d')] });
    expect(kept(text)).toEqual({ format: 'cloudtrail-log', problem: undefined, ids: [[1, 'b'], [3, 'd']] });
    expect(kept(gzipSync(text), 'f.json.gz').ids).toEqual([[1, 'b'], [3, 'd']]);
  });

  it('cloudtrail-log: several documents back to back', () => {
    const text = JSON.stringify({ Records: [rec('a')] }) + '\n\n' + JSON.stringify({ Records: [rec('b')] }, null, 2);
    expect(kept(text).ids).toEqual([[0, 'a'], [1, 'b']]);
  });

  it('lookup-events: CloudTrailEvent strings, pages as an array, or already parsed', () => {
    const ev = (r: object) => ({ EventId: (r as { eventID: string }).eventID, CloudTrailEvent: JSON.stringify(r) });
    const pages = [{ Events: [ev(rec('a')), ev(rec('x', 'iam.amazonaws.com'))], NextToken: 't' }, { Events: [{ EventId: 'b', CloudTrailEvent: rec('b') }] }];
    expect(kept(JSON.stringify(pages, null, 2))).toEqual({ format: 'lookup-events', problem: undefined, ids: [[0, 'a'], [2, 'b']] });
  });

  it('lookup-events: a broken CloudTrailEvent names the page, event and position', () => {
    const text = JSON.stringify({ Events: [{ EventId: 'e-1', CloudTrailEvent: '{"eventSource":"route53.amazonaws.com",}' }] });
    expect(kept(text).problem).toBe(
      "page 1 Events[0] (EventId e-1).CloudTrailEvent is not valid JSON (line 1, column 40: expected a property name in double quotes, found '}')",
    );
    expect(kept(JSON.stringify({ Events: [{ EventId: 'e-2', Username: R53 }] })).problem).toMatch(/Events\[0\] \(EventId e-2\) has no CloudTrailEvent/);
  });

  it('eventbridge: envelopes one per line; other detail-types are passed over', () => {
    const env = (detailType: string, detail: object) => JSON.stringify({ version: '0', 'detail-type': detailType, source: 'aws.route53', detail });
    const text = [
      env('AWS API Call via CloudTrail', rec('a')),
      env('EC2 Instance State-change Notification', { state: 'running', note: R53 }),
      env('AWS API Call via CloudTrail', rec('b')),
    ].join('\n');
    expect(kept(text)).toEqual({ format: 'eventbridge', problem: undefined, ids: [[0, 'a'], [1, 'b']] });
  });

  it('jsonl and single-event: bare records, a JSON array, CRLF line ends', () => {
    expect(kept([rec('a'), rec('b', 's3.amazonaws.com'), rec('c')].map((r) => JSON.stringify(r)).join('\r\n') + '\r\n').ids).toEqual([
      [0, 'a'],
      [2, 'c'],
    ]);
    expect(kept(JSON.stringify([rec('a'), rec('b')]))).toEqual({ format: 'jsonl', problem: undefined, ids: [[0, 'a'], [1, 'b']] });
    expect(kept(JSON.stringify(rec('z'), null, 4))).toEqual({ format: 'single-event', problem: undefined, ids: [[0, 'z']] });
  });

  it('jsonl: a bad line names its line and column, records before it are kept', () => {
    const text = JSON.stringify(rec('a')) + '\n' + '{"eventSource":"route53.amazonaws.com","eventID":"b",,}\n' + JSON.stringify(rec('c'));
    const o = kept(text);
    expect(o.problem).toBe("invalid JSON at line 2, column 54: expected a property name in double quotes, found ','");
    expect(o.ids).toEqual([[0, 'a']]);
  });

  it('jsonl: a line that is not a record says so', () => {
    expect(kept(JSON.stringify(rec('a')) + '\n[1]\n').problem).toMatch(/^line 2, column 1 item 0: expected a JSON object, found number/);
    expect(kept(JSON.stringify(rec('a')) + '\n{"route53":"route53.amazonaws.com"}\n').problem).toMatch(/line 2, column 1: not a CloudTrail record/);
  });

  it('a truncated document says where it ends', () => {
    const text = JSON.stringify({ Records: [rec('a')] });
    expect(kept(text.slice(0, -3)).problem).toBe(`invalid JSON at line 1, column ${text.length - 2}: unexpected end of input`);
    expect(kept(text.slice(0, -5)).problem).toBe(`invalid JSON at line 1, column ${text.length - 4}: unterminated string`);
  });

  it('reads UTF-8 with a byte-order mark and UTF-16 (PowerShell redirection)', () => {
    const text = JSON.stringify({ Records: [rec('u')] });
    expect(kept(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).ids).toEqual([[0, 'u']]);
    expect(kept(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])).ids).toEqual([[0, 'u']]);
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(kept(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).ids).toEqual([[0, 'u']]);
  });

  it('skips a file whose text never mentions Route 53 without parsing it', () => {
    // Broken JSON after the head: had it been parsed, this would be a problem.
    const text = '{"Records":[{"eventSource":"ec2.amazonaws.com"},' + ' '.repeat(20000) + '}}}';
    expect(scan(text)).toEqual({ inflated: text.length, format: 'cloudtrail-log', skipped: true, records: [] });
  });

  it('problems: empty, blank, empty gzip, corrupt gzip', () => {
    expect(scan('').problem).toBe('empty file');
    expect(scan(' \n\t').problem).toBe('empty file');
    expect(scan(gzipSync(''), 'x.gz').problem).toBe('empty file (after gunzip)');
    const gz = gzipSync('{"Records":[]}');
    gz[12] = gz[12]! ^ 0xff;
    expect(scan(gz, 'x.gz').problem).toMatch(/^gzip data is (corrupt|truncated)/);
  });
});
