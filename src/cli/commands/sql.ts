/**
 * `zone-replay sql --engine athena|cloudtrail-lake …`: prints the query that
 * pulls exactly the Route 53 events a replay needs, with partition pruning;
 * its results go back in with `zone-replay replay results.csv`.
 */
import { Option } from 'commander';
import { buildQuery, type AthenaPartitioning, type QueryEngine } from '../../sql/query.js';
import { QueryOptionError } from '../../sql/errors.js';
import type { RegisterCommand } from '../command.js';
import { EXIT_OK, UsageError } from '../io.js';

interface SqlFlags {
  engine: QueryEngine;
  since?: string;
  until?: string;
  account?: string[];
  table?: string;
  partitioning?: AthenaPartitioning;
  eventDataStore?: string;
}

/** Registers `sql`. */
export const registerSql: RegisterCommand = (program, ctx) => {
  program
    .command('sql')
    .description('print the Athena or CloudTrail Lake SQL that selects the Route 53 events a replay needs')
    .addOption(new Option('--engine <engine>', 'where the query runs').choices(['athena', 'cloudtrail-lake']).makeOptionMandatory())
    .option('--since <time>', 'first instant: ISO date (2024-03-01) or instant (2024-03-01T12:00:00Z)')
    .option('--until <time>', 'last instant (a date means the end of that day)')
    .option('--account <id...>', 'only these 12-digit account ids (recipientAccountId)')
    .option('--table <name>', 'Athena table, TABLE or DATABASE.TABLE (default cloudtrail_logs_pp, or cloudtrail_logs with --partitioning manual)')
    .addOption(new Option('--partitioning <kind>', 'how the Athena table is partitioned').choices(['projection', 'manual']))
    .option('--event-data-store <id>', 'CloudTrail Lake event data store id or ARN')
    .action((flags: SqlFlags) => {
      try {
        ctx.io.stdout.write(
          buildQuery({
            engine: flags.engine,
            ...(flags.since !== undefined ? { since: flags.since } : {}),
            ...(flags.until !== undefined ? { until: flags.until } : {}),
            ...(flags.account !== undefined ? { accounts: flags.account } : {}),
            ...(flags.table !== undefined ? { table: flags.table } : {}),
            ...(flags.partitioning !== undefined ? { partitioning: flags.partitioning } : {}),
            ...(flags.eventDataStore !== undefined ? { eventDataStore: flags.eventDataStore } : {}),
          }),
        );
      } catch (err) {
        if (err instanceof QueryOptionError) throw new UsageError(err.message, { cause: err });
        throw err;
      }
      ctx.exit(EXIT_OK);
    });
};
