import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { field } from '../../src/model/index.js';
import { athenaCsvFormat, parseAthenaCsv } from '../../src/sources/athena-csv.js';
import { FormatError } from '../../src/sources/json-values.js';
import { QueryResultError } from '../../src/sql/errors.js';
import { scanBytes } from '../../src/sources/scan.js';
import { RESULT_COLUMNS } from '../../src/sql/columns.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/athena/${name}`, import.meta.url));
const RESULT = fixture('3f9d2c41-7b1e-4a8f-9c55-0e6d1b2a7f30.csv');
const MALFORMED = fixture('malformed-row.csv');

describe('Athena CSV results', () => {
  const text = readFileSync(RESULT, 'utf8');

  it('is detected by its header, and other CSVs are not', () => {
    expect(athenaCsvFormat.detect(text.slice(0, 4096), 'x.csv')).toBe(true);
    expect(athenaCsvFormat.detect('User name,AWS access key,Event time,Event source,Event name\n', 'x.csv')).toBe(false);
    expect(athenaCsvFormat.detect('{"Records":[]}', 'x.json')).toBe(false);
  });

  it('turns every row into a CloudTrail record with the standard field names', () => {
    const records = parseAthenaCsv(text, RESULT);
    expect(records.map((r) => field(r, 'eventName'))).toEqual([
      'CreateHostedZone',
      'ChangeResourceRecordSets',
      'ChangeResourceRecordSets',
      'ChangeResourceRecordSets',
    ]);
    const [create, change, failed, service] = records;
    expect(create).toMatchObject({
      eventID: '5b0f3a52-1c7e-4d2a-9f61-0a8e4c3b2d11',
      eventTime: '2024-03-05T09:58:41Z',
      eventSource: 'route53.amazonaws.com',
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.24',
      recipientAccountId: '111122223333',
      requestID: '0c2f6d0e-8b1a-4e5f-a3c7-5d9e2f1b4a60',
      userIdentity: { type: 'IAMUser', principalId: 'AIDA4EXAMPLEQ7ZK2HX3M', arn: 'arn:aws:iam::111122223333:user/dns-admin', accountId: '111122223333', accessKeyId: 'AKIA4EXAMPLE7QF3ZL2N', userName: 'dns-admin' },
      requestParameters: { name: 'shop.example.org', hostedZoneConfig: { comment: 'storefront', privateZone: false } },
      responseElements: { hostedZone: { id: '/hostedzone/Z0418273EXAMPLE1QWE2' }, delegationSet: { nameServers: expect.any(Array) } },
    });
    // NULL columns are left out (CloudTrail omits errorCode on success)
    expect(Object.hasOwn(create!, 'errorCode')).toBe(false);
    expect(Object.hasOwn(create!.userIdentity as object, 'invokedBy')).toBe(false);

    expect(change!.userIdentity).toEqual({
      type: 'AssumedRole',
      principalId: 'AROA4EXAMPLEZ2Q8LM1KD:deploy-7731',
      arn: 'arn:aws:sts::111122223333:assumed-role/ci-deploy/deploy-7731',
      accountId: '111122223333',
      accessKeyId: 'ASIA4EXAMPLEM3P9QZ7T',
      sessionContext: {
        attributes: { mfaAuthenticated: 'false', creationDate: '2024-03-05T10:02:11Z' },
        sessionIssuer: { type: 'Role', principalId: 'AROA4EXAMPLEZ2Q8LM1KD', arn: 'arn:aws:iam::111122223333:role/ci-deploy', accountId: '111122223333', userName: 'ci-deploy' },
      },
    });
    const changes = (change!.requestParameters as { changeBatch: { changes: { resourceRecordSet: { resourceRecords: { value: string }[]; tTL: number } }[] } }).changeBatch.changes;
    expect(changes[0]!.resourceRecordSet.tTL).toBe(300);
    expect(changes[1]!.resourceRecordSet.resourceRecords[0]!.value).toBe('"v=spf1 include:_spf.example.net ~all"');

    expect(failed).toMatchObject({
      errorCode: 'InvalidChangeBatch',
      errorMessage: "[Tried to create resource record set [name='www.shop.example.org.', type='A'] but it already exists]",
      responseElements: null,
    });
    expect(service!.userIdentity).toMatchObject({ invokedBy: 'servicediscovery.amazonaws.com' });
    expect(service).toMatchObject({
      requestParameters: { changeBatch: { changes: [{ resourceRecordSet: { setIdentifier: 'blue', weight: 10, aliasTarget: { dNSName: 'blue-1734.us-east-1.elb.amazonaws.com' } } }] } },
    });
  });

  it('the format object yields the same records', () => {
    expect([...athenaCsvFormat.extract(text, RESULT)]).toEqual(parseAthenaCsv(text, RESULT));
  });

  it('reads every column the query selects', () => {
    const header = text.slice(0, text.indexOf('\n'));
    for (const c of RESULT_COLUMNS) expect(header).toContain(`"${c.athena}"`);
  });

  it('a malformed row gives the file and the line', () => {
    const bad = readFileSync(MALFORMED, 'utf8');
    expect(() => parseAthenaCsv(bad, MALFORMED)).toThrow(QueryResultError);
    expect(() => parseAthenaCsv(bad, MALFORMED)).toThrow(`${MALFORMED}:3: field 11: "x" after the closing quote`);
    expect(() => [...athenaCsvFormat.extract(bad, 'malformed-row.csv')]).toThrow(FormatError);
    expect(() => [...athenaCsvFormat.extract(bad, 'malformed-row.csv')]).toThrow(/^line 3: field 11/);
  });

  it('a download cut short keeps the rows before the cut, as a JSON file keeps the records before its problem', () => {
    const all = parseAthenaCsv(text, RESULT);
    // Cut inside the last row's quoted requestparameters: the quote is never closed.
    const cut = text.slice(0, text.lastIndexOf('"{') + 20);
    const outcome = scanBytes(Buffer.from(cut), 'cut.csv');
    expect(outcome.format).toBe('athena-csv');
    expect(outcome.problem).toMatch(/^line \d+: field \d+: quoted value never closed$/);
    expect(outcome.records.map((r) => r.record)).toEqual(all.slice(0, -1));
    expect(outcome.records.map((r) => r.index)).toEqual([0, 1, 2]);
  });

  it('bad JSON in a JSON column, a short row and a header without CloudTrail columns are errors with the line', () => {
    const head = '"eventid","eventtime","eventsource","eventname","requestparameters"\n';
    expect(() => parseAthenaCsv(head + '"1","t","s","n","{nope"\n', 'r.csv')).toThrow(/^r\.csv:2: column requestParameters: not JSON/);
    expect(() => parseAthenaCsv(head + '"1","t"\n', 'r.csv')).toThrow('r.csv:2: 2 fields, but the header has 5');
    expect(() => parseAthenaCsv('"a","b"\n"1","2"\n', 'r.csv')).toThrow(/r\.csv:1: the header has no eventTime, eventSource, eventName column/);
  });
});
