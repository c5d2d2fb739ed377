import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lakeResultsFormat, parseLakeResults } from '../../src/sources/lake-results.js';
import { parseAthenaCsv } from '../../src/sources/athena-csv.js';
import { RECORD_FORMATS } from '../../src/sources/formats.js';
import { scanBytes } from '../../src/sources/scan.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
const PAGE1 = fixture('lake/get-query-results-page-1.json');
const PAGE2 = fixture('lake/get-query-results-page-2.json');

describe('CloudTrail Lake get-query-results', () => {
  const p1 = readFileSync(PAGE1, 'utf8');
  const p2 = readFileSync(PAGE2, 'utf8');

  it('is detected, and the registry picks it, also for a page whose NextToken comes first', () => {
    expect(lakeResultsFormat.detect(p1.slice(0, 16384), 'page-1.json')).toBe(true);
    expect(RECORD_FORMATS.find((f) => f.detect(p1.slice(0, 16384), 'page-1.json'))?.name).toBe('cloudtrail-lake');
    const nextTokenFirst = '{"NextToken":"abc","QueryResultRows":[]}';
    expect(RECORD_FORMATS.find((f) => f.detect(nextTokenFirst, 'p.json'))?.name).toBe('cloudtrail-lake');
    expect(lakeResultsFormat.detect('{"Events":[]}', 'x.json')).toBe(false);
  });

  it('reads rows of single-key maps into CloudTrail records, nested JSON text parsed back', () => {
    const records = parseLakeResults(p1, PAGE1);
    expect(records).toHaveLength(2);
    const [create, change] = records;
    expect(create).toMatchObject({
      eventID: '5b0f3a52-1c7e-4d2a-9f61-0a8e4c3b2d11',
      eventTime: '2024-03-05T09:58:41Z',
      eventName: 'CreateHostedZone',
      userIdentity: { type: 'IAMUser', principalId: 'AIDA4EXAMPLEQ7ZK2HX3M', userName: 'dns-admin', accessKeyId: 'AKIA4EXAMPLE7QF3ZL2N' },
      requestParameters: { name: 'shop.example.org', hostedZoneConfig: { comment: 'storefront', privateZone: false } },
      responseElements: { hostedZone: { id: '/hostedzone/Z0418273EXAMPLE1QWE2' }, delegationSet: { nameServers: expect.any(Array) } },
    });
    expect(Object.hasOwn(create!, 'errorCode')).toBe(false);
    expect(change).toMatchObject({
      eventTime: '2024-03-05T10:15:02Z',
      userIdentity: { type: 'AssumedRole', sessionContext: { attributes: { creationDate: '2024-03-05T10:02:11Z' }, sessionIssuer: { userName: 'ci-deploy' } } },
      requestParameters: { hostedZoneId: 'Z0418273EXAMPLE1QWE2', changeBatch: { changes: [{ action: 'CREATE', resourceRecordSet: { tTL: 300 } }] } },
    });
  });

  it('reads pages back to back and a JSON array of pages, and matches the Athena reading of the same events', () => {
    const both = parseLakeResults(p1 + p2, 'pages.json');
    expect(both.map((r) => r.eventID)).toEqual([
      '5b0f3a52-1c7e-4d2a-9f61-0a8e4c3b2d11',
      'a71c9e04-3d5b-4f8e-b2a6-7c1d0e9f5a22',
      'c3e8a1f6-9b24-4f07-8d1e-2a5c7b0e6f33',
    ]);
    expect(parseLakeResults(`[${p1},${p2}]`, 'pages.json')).toEqual(both);
    expect(both[2]).toMatchObject({ errorCode: 'InvalidChangeBatch', responseElements: null });

    const athena = parseAthenaCsv(readFileSync(fixture('athena/3f9d2c41-7b1e-4a8f-9c55-0e6d1b2a7f30.csv'), 'utf8'), 'a.csv');
    for (const r of both) {
      const twin = athena.find((a) => a.eventID === r.eventID)!;
      for (const k of ['eventTime', 'eventName', 'errorCode', 'errorMessage', 'responseElements', 'recipientAccountId']) expect(r[k]).toEqual(twin[k]);
    }
    expect((both[1]!.requestParameters as { changeBatch: unknown }).changeBatch).toEqual(
      { ...((athena[1]!.requestParameters as { changeBatch: { changes: unknown[] } }).changeBatch), changes: [(athena[1]!.requestParameters as { changeBatch: { changes: unknown[] } }).changeBatch.changes[0]] },
    );
  });

  it('reads the same records from the results saved to S3 as CSV (result_1.csv.gz), as the header names the columns', () => {
    const fromJson = [...parseLakeResults(p1, PAGE1), ...parseLakeResults(p2, PAGE2)];
    // The CSV Lake writes: a header of the query's column names, then one row per result row.
    const quote = (v: string | null) => (v === null ? '' : /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const rows = [p1, p2].flatMap((p) => (JSON.parse(p) as { QueryResultRows: Record<string, string | null>[][] }).QueryResultRows);
    const header = rows[0]!.map((cell) => Object.keys(cell)[0]!);
    const csv = [header.join(','), ...rows.map((row) => row.map((cell) => quote(Object.values(cell)[0]!)).join(','))].join('\n') + '\n';
    const outcome = scanBytes(gzipSync(csv), 'result_1.csv.gz');
    expect(outcome.format).toBe('athena-csv');
    expect(outcome.records.map((r) => r.record)).toEqual(fromJson);
  });

  it('passes over the sign file saved beside the results (result_sign.json): no events, no problem', () => {
    // Its fields as AWS documents them ("CloudTrail sign file structure").
    const sign = JSON.stringify(
      {
        region: 'us-east-1',
        files: [{ fileHashValue: 'de85a48b8a363033c891abd723181243620a3af3b6505f0a44db77e147e9c188', fileName: 'result_1.csv.gz' }],
        hashAlgorithm: 'SHA-256',
        signatureAlgorithm: 'SHA256withRSA',
        queryCompleteTime: '2022-05-10 16:48:02.254',
        hashSignature: '7664652aaf1d5a17a12ba50abe6aca77c0ec76264bdf7dce71ac6d1c7781117c',
        publicKeyFingerprint: '67b9fa73676d86966b449dd677850753',
      },
      null,
      2,
    );
    const outcome = scanBytes(Buffer.from(sign), 'result_sign.json');
    expect(outcome).toMatchObject({ format: 'cloudtrail-lake', skipped: true, records: [] });
    expect(outcome.problem).toBeUndefined();
  });

  it('keeps the records of the pages before one cut short or malformed', () => {
    const first = parseLakeResults(p1, PAGE1);
    const cut = scanBytes(Buffer.from(p1 + p2.slice(0, p2.length / 2)), 'pages.json');
    expect(cut.format).toBe('cloudtrail-lake');
    expect(cut.problem).toMatch(/^invalid JSON at line \d+, column \d+: (unexpected end of input|unterminated string)$/);
    expect(cut.records.map((r) => r.record)).toEqual(first);
    const unfinished = scanBytes(Buffer.from(p1 + '{"QueryStatus":"RUNNING","QueryResultRows":[]}'), 'pages.json');
    expect(unfinished.problem).toMatch(/^line \d+: page 2: QueryStatus is RUNNING/);
    expect(unfinished.records.map((r) => r.record)).toEqual(first);
  });

  it('refuses unfinished queries and malformed rows with the file and the page', () => {
    expect(() => parseLakeResults('{"QueryStatus":"RUNNING","QueryResultRows":[]}', 'r.json')).toThrow(
      'r.json:1: page 1: QueryStatus is RUNNING: the results are incomplete',
    );
    expect(() => parseLakeResults('{"QueryResultRows":[[{"eventID":"1","eventName":"x"}]]}', 'r.json')).toThrow(/r\.json:1: page 1: row 1, column 1 has 2 keys/);
    expect(() => parseLakeResults('\n\n{"QueryResultRows":[[{"eventID":1}]]}', 'r.json')).toThrow(/r\.json:3: page 1: row 1, column eventID is not a string/);
    expect(() => parseLakeResults('{"QueryResultRows": [', 'r.json')).toThrow(/^r\.json: /);
    expect(() => [...lakeResultsFormat.extract('{"QueryResultRows":7}', 'r.json')]).toThrow(/^line 1: page 1: has no "QueryResultRows" list/);
  });
});
