/**
 * SQL that pulls exactly the Route 53 events a replay needs out of Athena
 * (over the S3 trail) or CloudTrail Lake, with partition pruning, selecting
 * the columns the result readers read back (RESULT_COLUMNS).
 *
 * Athena tables follow AWS's documentation: the partition-projection table
 * (`cloudtrail_logs_pp`, one region per table, partition `timestamp` =
 * 'yyyy/MM/dd') or the manually partitioned one (`cloudtrail_logs`,
 * partitions region/year/month/day). Partition days are DELIVERY days, so
 * the day after --until is included; eventtime then bounds exactly.
 */
import { RESULT_COLUMNS } from './columns.js';
import { QueryOptionError } from './errors.js';
import { ROUTE53_EVENT_REGION, ROUTE53_EVENT_SOURCE, ZONE_CHANGING_EVENT_NAMES } from './events.js';
import { eventTimeText, lastDeliveryDay, parseWindow, utcDay, type TimeWindow } from './time-bounds.js';

/** Where the events are queried. */
export type QueryEngine = 'athena' | 'cloudtrail-lake';

/** How the Athena table is partitioned. */
export type AthenaPartitioning = 'projection' | 'manual';

/** What the query should select. All text comes from the command line. */
export interface QueryOptions {
  readonly engine: QueryEngine;
  readonly since?: string;
  readonly until?: string;
  /** 12-digit account ids (recipientAccountId). */
  readonly accounts?: readonly string[];
  /** Athena table, `table` or `database.table`. */
  readonly table?: string;
  readonly partitioning?: AthenaPartitioning;
  /** CloudTrail Lake event data store: its id or ARN. */
  readonly eventDataStore?: string;
}

/** Athena table names in AWS's documentation. */
export const DEFAULT_ATHENA_TABLES: Readonly<Record<AthenaPartitioning, string>> = {
  projection: 'cloudtrail_logs_pp',
  manual: 'cloudtrail_logs',
};

/** Builds the query text (with its comment header and a final newline). Throws QueryOptionError. */
export function buildQuery(opts: QueryOptions): string {
  const window = parseWindow(opts.since, opts.until);
  const accounts = checkAccounts(opts.accounts ?? []);
  if (opts.engine === 'athena') {
    if (opts.eventDataStore !== undefined) throw new QueryOptionError('--event-data-store is only for --engine cloudtrail-lake');
    return athenaQuery(window, accounts, opts.partitioning ?? 'projection', opts.table);
  }
  if (opts.table !== undefined) throw new QueryOptionError('--table is only for --engine athena (use --event-data-store)');
  if (opts.partitioning !== undefined) throw new QueryOptionError('--partitioning is only for --engine athena');
  if (opts.eventDataStore === undefined) throw new QueryOptionError('--engine cloudtrail-lake needs --event-data-store ID');
  return lakeQuery(window, accounts, eventDataStoreId(opts.eventDataStore));
}

function checkAccounts(accounts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const a of accounts) {
    const t = a.trim();
    if (!/^\d{12}$/.test(t)) throw new QueryOptionError(`--account ${JSON.stringify(a)}: an AWS account id is 12 digits`);
    out.add(t);
  }
  return [...out].sort();
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function sqlList(values: readonly string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
}

/** `table` or `db.table`, each part quoted unless it is a plain identifier. */
function athenaTableName(raw: string): string {
  const parts = raw.trim().split('.');
  if (parts.length > 2 || parts.some((p) => !/^[A-Za-z0-9_-]{1,255}$/.test(p))) {
    throw new QueryOptionError(`--table ${JSON.stringify(raw)}: expected TABLE or DATABASE.TABLE (letters, digits, _ and -)`);
  }
  return parts.map((p) => (/^[a-z_][a-z0-9_]*$/.test(p) ? p : `"${p}"`)).join('.');
}

function eventDataStoreId(raw: string): string {
  const t = raw.trim();
  const arn = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:eventdatastore\/([A-Za-z0-9-]+)$/.exec(t);
  const id = arn ? arn[1]! : t;
  if (!/^[A-Za-z0-9-]{1,128}$/.test(id)) {
    throw new QueryOptionError(`--event-data-store ${JSON.stringify(raw)}: expected an event data store id or ARN`);
  }
  return id;
}

function header(what: string, window: TimeWindow, feedBack: string): string {
  const from = window.since !== undefined ? eventTimeText(window.since) : 'the beginning';
  const to = window.until !== undefined ? eventTimeText(window.until) : 'now';
  return `-- zone-replay: Route 53 zone-changing events from ${from} to ${to} (${what}); ${feedBack}\n`;
}

function athenaQuery(window: TimeWindow, accounts: string[], partitioning: AthenaPartitioning, table: string | undefined): string {
  const name = athenaTableName(table ?? DEFAULT_ATHENA_TABLES[partitioning]);
  const select = RESULT_COLUMNS.map((c) => `  ${c.athena} AS "${c.field}"`).join(',\n');
  const where = [
    `eventsource = ${sqlString(ROUTE53_EVENT_SOURCE)}`,
    `eventname IN ${sqlList(ZONE_CHANGING_EVENT_NAMES)}`,
    ...(partitioning === 'projection' ? projectionPruning(window) : manualPruning(window)),
    ...eventTimeBounds(window, (t) => `from_iso8601_timestamp(eventtime) %OP% from_iso8601_timestamp(${sqlString(t)})`, eventTimeText),
  ];
  if (accounts.length > 0) where.push(`recipientaccountid IN ${sqlList(accounts)}`);
  return (
    header(
      `Athena, ${partitioning === 'projection' ? 'partition-projection' : 'manually partitioned'} table ${name}`,
      window,
      'download the result CSV and run: zone-replay replay results.csv',
    ) +
    `SELECT\n${select}\nFROM ${name}\nWHERE ${where.join('\n  AND ')}\nORDER BY eventtime, eventid;\n`
  );
}

/** Projection table: one region per table, `timestamp` = 'yyyy/MM/dd' delivery day. */
function projectionPruning(window: TimeWindow): string[] {
  const out: string[] = [];
  if (window.since !== undefined) out.push(`"timestamp" >= ${sqlString(utcDay(window.since).join('/'))}`);
  if (window.until !== undefined) out.push(`"timestamp" <= ${sqlString(utcDay(lastDeliveryDay(window.until)).join('/'))}`);
  return out;
}

/** Manual table: region/year/month/day partitions, compared as zero-padded strings. */
function manualPruning(window: TimeWindow): string[] {
  const out = [`region = ${sqlString(ROUTE53_EVENT_REGION)}`];
  if (window.since !== undefined) out.push(dayTuple(utcDay(window.since), '>'));
  if (window.until !== undefined) out.push(dayTuple(utcDay(lastDeliveryDay(window.until)), '<'));
  return out;
}

/** (year, month, day) >= / <= a day, written with plain comparisons so Athena prunes on each partition key. */
function dayTuple([y, m, d]: [string, string, string], dir: '>' | '<'): string {
  return (
    `(year ${dir} ${sqlString(y)} OR (year = ${sqlString(y)} AND ` +
    `(month ${dir} ${sqlString(m)} OR (month = ${sqlString(m)} AND day ${dir}= ${sqlString(d)}))))`
  );
}

function eventTimeBounds(window: TimeWindow, template: (t: string) => string, text: (ms: number) => string): string[] {
  const out: string[] = [];
  if (window.since !== undefined) out.push(template(text(window.since)).replace('%OP%', '>='));
  if (window.until !== undefined) out.push(template(text(window.until)).replace('%OP%', '<='));
  return out;
}

/** Lake's timestamp literal: `YYYY-MM-DD HH:MM:SS.fff` (UTC). */
function lakeTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function lakeQuery(window: TimeWindow, accounts: string[], store: string): string {
  const select = RESULT_COLUMNS.map((c) =>
    c.kind === 'text' ? `  ${c.lake} AS "${c.field}"` : `  json_format(CAST(${c.lake} AS JSON)) AS "${c.field}"`,
  ).join(',\n');
  const where = [
    `eventSource = ${sqlString(ROUTE53_EVENT_SOURCE)}`,
    `eventName IN ${sqlList(ZONE_CHANGING_EVENT_NAMES)}`,
    ...eventTimeBounds(window, (t) => `eventTime %OP% ${sqlString(t)}`, lakeTime),
  ];
  if (accounts.length > 0) where.push(`recipientAccountId IN ${sqlList(accounts)}`);
  return (
    header(
      `CloudTrail Lake, event data store ${store}`,
      window,
      'save `aws cloudtrail get-query-results --query-id ID` as results.json and run: zone-replay replay results.json',
    ) +
    `SELECT\n${select}\nFROM ${store}\nWHERE ${where.join('\n  AND ')}\nORDER BY eventTime, eventID\n`
  );
}
