/**
 * `zone-replay log <paths...> --zone Z [--name N] [--type T] [--since] [--until] [--format]`:
 * every change to the matching record sets of one zone, oldest first, with
 * the set before and after, who, when, from where — rejected and failed
 * attempts included.
 */
import type { Command } from 'commander';
import { normalizeLogQuery, recordLog, type LogQuery } from '../../forensics/record-log.js';
import type { LoadedTrail } from '../../load.js';
import { NameError } from '../../model/name.js';
import type { ZoneTimeline } from '../../replay/replay.js';
import type { CommandContext, RegisterCommand } from '../command.js';
import { EXIT_OK, UsageError } from '../io.js';
import { recordLogText } from '../render/forensics-log-text.js';
import { forensicsJson } from '../render/json-report.js';
import { paint } from '../terminal-text.js';
import { chooseZones, requireEvents } from '../zone-choice.js';
import { addTrailOptions, formatOption, loadForCommand, timeOption, type TrailOptions } from '../trail-options.js';

const FORMATS = ['text', 'json'] as const;

interface LogOptions extends TrailOptions {
  readonly zone?: string;
  readonly name?: string;
  readonly type?: string;
  readonly since?: string;
  readonly until?: string;
  readonly format?: string;
}

/** The one zone a single-zone command works on: --zone, or the only zone in the trail. */
export function oneZone(trail: LoadedTrail, zone: string | undefined, command: string, paths: readonly string[]): ZoneTimeline {
  requireEvents(trail, command, paths);
  const zones = chooseZones(trail, zone);
  if (zones.length === 1) return zones[0]!;
  const list = zones.map((z) => `${z.zoneId} (${z.zoneName ?? 'name unknown'}${z.nameSource === 'inferred' ? ', inferred' : ''})`).join(', ');
  throw new UsageError(`${command} works on one zone and the inputs hold ${zones.length}: ${list}; pick one with --zone`);
}

/** Reads --name/--type/--since/--until into a query; bad values are UsageErrors. */
export function logQueryOptions(opts: LogOptions): LogQuery {
  const sinceMs = timeOption(opts.since, '--since', 'start');
  const untilMs = timeOption(opts.until, '--until', 'end');
  if (sinceMs !== undefined && untilMs !== undefined && sinceMs > untilMs) {
    throw new UsageError(`--since ${opts.since} is after --until ${opts.until}`);
  }
  if (opts.type !== undefined && !/^[A-Za-z0-9]+$/.test(opts.type.trim())) throw new UsageError(`--type must be a record type such as A, AAAA, CNAME, not ${JSON.stringify(opts.type)}`);
  try {
    return normalizeLogQuery({ name: opts.name, type: opts.type, sinceMs, untilMs });
  } catch (err) {
    if (err instanceof NameError) throw new UsageError(`--name: ${err.message}`);
    throw err;
  }
}

async function run(paths: string[], opts: LogOptions, ctx: CommandContext): Promise<void> {
  const format = formatOption(opts.format, FORMATS, 'text');
  const query = logQueryOptions(opts);
  const trail = await loadForCommand(paths, opts, ctx);
  const zone = oneZone(trail, opts.zone, 'log', paths);
  const log = recordLog(zone, query);
  if (format === 'json') {
    ctx.io.stdout.write(forensicsJson('log', { log }));
  } else {
    ctx.io.stdout.write(recordLogText(log, paint(ctx.io.color)));
  }
  ctx.exit(EXIT_OK);
}

/** Registers `log`. */
export const registerLog: RegisterCommand = (program: Command, ctx) => {
  const cmd = program
    .command('log')
    .description('every change to a zone\'s record sets, oldest first: before and after, who, when, from where (rejected and failed attempts too)')
    .argument('<paths...>', 'CloudTrail log files or directories, or - for stdin')
    .option('-z, --zone <id|name>', 'hosted zone id or name (required when the inputs hold several zones)')
    .option('-n, --name <name>', 'only this record name (case, trailing dot and * vs \\052 do not matter)')
    .option('-t, --type <type>', 'only this record type (A, AAAA, CNAME, …)')
    .option('--since <time>', 'only changes at or after this instant (a date means its start, UTC)')
    .option('--until <time>', 'only changes at or before this instant (a date means its end, UTC)')
    .option('-f, --format <format>', `output: ${FORMATS.join(', ')}`, 'text');
  addTrailOptions(cmd).action((paths: string[], opts: LogOptions) => run(paths, opts, ctx));
};
