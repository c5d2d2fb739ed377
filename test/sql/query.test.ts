import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESULT_COLUMNS } from '../../src/sql/columns.js';
import { QueryOptionError } from '../../src/sql/errors.js';
import { ROUTE53_EVENT_SOURCE, ZONE_CHANGING_EVENT_NAMES } from '../../src/sql/events.js';
import { buildQuery } from '../../src/sql/query.js';
import { dayStart, lastDeliveryDay, parseTimeBound, utcDay } from '../../src/sql/time-bounds.js';

function lines(sql: string): string[] {
  return sql.split('\n');
}

describe('buildQuery, Athena', () => {
  it('filters the Route 53 zone-changing events of the projection table, pruned to the delivery days', () => {
    const sql = buildQuery({ engine: 'athena', since: '2024-03-01', until: '2024-03-07' });
    const l = lines(sql);
    expect(l[0]).toMatch(/^-- zone-replay: .*2024-03-01T00:00:00Z to 2024-03-07T23:59:59\.999Z.*zone-replay replay results\.csv$/);
    expect(sql).toContain('FROM cloudtrail_logs_pp\n');
    expect(sql).toContain(`eventsource = '${ROUTE53_EVENT_SOURCE}'`);
    expect(sql).toContain(`eventname IN (${ZONE_CHANGING_EVENT_NAMES.map((n) => `'${n}'`).join(', ')})`);
    // delivery days: the day after --until is included
    expect(sql).toContain(`"timestamp" >= '2024/03/01'`);
    expect(sql).toContain(`"timestamp" <= '2024/03/08'`);
    expect(sql).toContain(`from_iso8601_timestamp(eventtime) >= from_iso8601_timestamp('2024-03-01T00:00:00Z')`);
    expect(sql).toContain(`from_iso8601_timestamp(eventtime) <= from_iso8601_timestamp('2024-03-07T23:59:59.999Z')`);
    expect(sql).not.toContain('region =');
    for (const c of RESULT_COLUMNS) expect(sql).toContain(`  ${c.athena} AS "${c.field}"`);
  });

  it('prunes the manual table on region/year/month/day, across a month end', () => {
    const sql = buildQuery({ engine: 'athena', partitioning: 'manual', since: '2024-01-31T23:00:00Z', until: '2024-02-29T12:00:00Z' });
    expect(sql).toContain('FROM cloudtrail_logs\n');
    expect(sql).toContain(`region = 'us-east-1'`);
    expect(sql).toContain(`(year > '2024' OR (year = '2024' AND (month > '01' OR (month = '01' AND day >= '31'))))`);
    expect(sql).toContain(`(year < '2024' OR (year = '2024' AND (month < '03' OR (month = '03' AND day <= '01'))))`);
  });

  it('adds account filters, sorted and deduplicated, and quotes unusual table names', () => {
    const sql = buildQuery({ engine: 'athena', accounts: ['444455556666', '111122223333', '444455556666'], table: 'audit.cloudtrail-org' });
    expect(sql).toContain(`recipientaccountid IN ('111122223333', '444455556666')`);
    expect(sql).toContain('FROM audit."cloudtrail-org"\n');
    expect(sql).not.toContain('"timestamp"');
  });

  it('rejects bad options with messages naming the option', () => {
    expect(() => buildQuery({ engine: 'athena', accounts: ['12345'] })).toThrow(/--account "12345": an AWS account id is 12 digits/);
    expect(() => buildQuery({ engine: 'athena', since: 'yesterday' })).toThrow(/--since "yesterday": expected an ISO date/);
    expect(() => buildQuery({ engine: 'athena', until: '2024-02-30' })).toThrow(/--until "2024-02-30": no such date/);
    expect(() => buildQuery({ engine: 'athena', since: '2024-03-02', until: '2024-03-01' })).toThrow(/after --until/);
    expect(() => buildQuery({ engine: 'athena', table: 'a;drop table x' })).toThrow(QueryOptionError);
    expect(() => buildQuery({ engine: 'athena', eventDataStore: 'x' })).toThrow(/only for --engine cloudtrail-lake/);
  });
});

describe('buildQuery, CloudTrail Lake', () => {
  it('selects from the event data store with eventTime bounds and JSON text for nested columns', () => {
    const sql = buildQuery({
      engine: 'cloudtrail-lake',
      eventDataStore: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE',
      since: '2024-03-01T10:00:00Z',
      until: '2024-03-02',
      accounts: ['111122223333'],
    });
    expect(lines(sql)[0]).toMatch(/^-- zone-replay: .*CloudTrail Lake.*zone-replay replay results\.json$/);
    expect(sql).toContain('FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE\n');
    expect(sql).toContain(`eventTime >= '2024-03-01 10:00:00.000'`);
    expect(sql).toContain(`eventTime <= '2024-03-02 23:59:59.999'`);
    expect(sql).toContain(`recipientAccountId IN ('111122223333')`);
    expect(sql).toContain('json_format(CAST(userIdentity AS JSON)) AS "userIdentity"');
    expect(sql).toContain('json_format(CAST(requestParameters AS JSON)) AS "requestParameters"');
    expect(sql).toContain('eventID AS "eventID"');
  });

  it('needs an event data store and refuses Athena-only flags', () => {
    expect(() => buildQuery({ engine: 'cloudtrail-lake' })).toThrow(/needs --event-data-store/);
    expect(() => buildQuery({ engine: 'cloudtrail-lake', eventDataStore: 'e', table: 't' })).toThrow(/--table is only for --engine athena/);
    expect(() => buildQuery({ engine: 'cloudtrail-lake', eventDataStore: "x' OR 1=1" })).toThrow(/event data store id or ARN/);
  });
});

describe('the delivery-day window', () => {
  it('every event in [since, until] delivered up to 15 minutes later lands in a listed day folder', () => {
    const t0 = Date.UTC(2020, 0, 1);
    const span = 3 * 365 * 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 15 * 60_000 }),
        (a, len, where, delay) => {
          const since = t0 + a;
          const until = since + len;
          const event = since + Math.floor(where * len);
          const delivered = event + delay;
          const day = dayStart(delivered);
          expect(day).toBeGreaterThanOrEqual(dayStart(since));
          expect(day).toBeLessThanOrEqual(lastDeliveryDay(until));
          // and the Athena partition literal for that day is inside the printed range
          const q = buildQuery({ engine: 'athena', since: new Date(since).toISOString(), until: new Date(until).toISOString() });
          const lo = /"timestamp" >= '([^']+)'/.exec(q)![1]!;
          const hi = /"timestamp" <= '([^']+)'/.exec(q)![1]!;
          const folder = utcDay(delivered).join('/');
          expect(folder >= lo && folder <= hi).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads dates as whole UTC days and instants with offsets', () => {
    expect(parseTimeBound('2024-03-01', 'since')).toBe(Date.UTC(2024, 2, 1));
    expect(parseTimeBound('2024-03-01', 'until')).toBe(Date.UTC(2024, 2, 2) - 1);
    expect(parseTimeBound('2024-03-01T02:00:00+02:00', 'since')).toBe(Date.UTC(2024, 2, 1));
    expect(() => parseTimeBound('2024-03-01T02:00:00', 'since')).toThrow(/instant with a zone/);
  });

  it('refuses an instant on a day that does not exist, as it refuses the date', () => {
    expect(() => parseTimeBound('2024-02-30T10:00:00Z', 'until')).toThrow('--until "2024-02-30T10:00:00Z": no such date');
    expect(() => parseTimeBound('2023-02-29T00:00:00+01:00', 'since')).toThrow('--since "2023-02-29T00:00:00+01:00": no such date');
    expect(parseTimeBound('2024-02-29T23:00:00-02:00', 'since')).toBe(Date.UTC(2024, 2, 1, 1));
  });
});
