/**
 * `zone-replay blame <paths...> [--zone Z] [--at T] [--format]`: the snapshot
 * at an instant, each record set annotated with the change that last set it
 * (or "older than the logs", or "Route 53 default"), with the completeness
 * report.
 */
import type { Command } from 'commander';
import { blameAt } from '../../forensics/blame.js';
import { selectZones, ZoneSelectionError } from '../../load.js';
import type { ZoneTimeline } from '../../replay/replay.js';
import type { CommandContext, RegisterCommand } from '../command.js';
import { EXIT_OK, UsageError } from '../io.js';
import { blameText } from '../render/forensics-blame-text.js';
import { forensicsJson } from '../render/forensics-json.js';
import { paint } from '../terminal-text.js';
import { addTrailOptions, formatOption, loadForCommand, timeOption, type TrailOptions } from '../trail-options.js';
import { lastInstant } from './replay.js';

const FORMATS = ['text', 'json'] as const;

interface BlameOptions extends TrailOptions {
  readonly zone?: string;
  readonly at?: string;
  readonly format?: string;
}

async function run(paths: string[], opts: BlameOptions, ctx: CommandContext): Promise<void> {
  const format = formatOption(opts.format, FORMATS, 'text');
  const requestedAt = timeOption(opts.at, '--at');
  const trail = await loadForCommand(paths, opts, ctx);
  if (trail.replay.zones.size === 0) {
    throw new UsageError(`no Route 53 hosted-zone events in the inputs (${trail.ingest.filesRead} file(s) read, ${trail.inputs.unreadable.length} unreadable)`);
  }
  let zones: ZoneTimeline[];
  try {
    zones = selectZones(trail.replay, opts.zone);
  } catch (err) {
    if (err instanceof ZoneSelectionError) throw new UsageError(err.message);
    throw err;
  }
  const atMs = requestedAt ?? lastInstant(trail);
  // Without --zone, zones whose first event comes after the instant are left out (as in replay).
  const shown = opts.zone === undefined ? zones.filter((z) => (z.steps[0]?.event.provenance.timeMs ?? Infinity) <= atMs || z.initial.rrsets.size > 0) : zones;
  const blames = shown.map((z) => blameAt(z, atMs, trail.inputs));
  if (format === 'json') {
    ctx.io.stdout.write(forensicsJson('blame', { at: new Date(atMs).toISOString(), zones: blames }));
  } else {
    const p = paint(ctx.io.color);
    if (blames.length === 0) ctx.io.stdout.write(`No zone had events at or before ${new Date(atMs).toISOString()}.\n`);
    ctx.io.stdout.write(blames.map((b) => blameText(b, p)).join('\n'));
    if (requestedAt !== undefined) ctx.io.stdout.write(p.dim(`--at ${opts.at} resolved to ${new Date(atMs).toISOString()}\n`));
  }
  ctx.exit(EXIT_OK);
}

/** Registers `blame`. */
export const registerBlame: RegisterCommand = (program: Command, ctx) => {
  const cmd = program
    .command('blame')
    .description('the zone at an instant, each record set with the change that last set it (who, when, from where) and what it was before')
    .argument('<paths...>', 'CloudTrail log files or directories, or - for stdin')
    .option('-z, --zone <id|name>', 'hosted zone id or name; default: every zone')
    .option('-a, --at <time>', 'ISO-8601 instant or date (a date means the end of that day, UTC); default: after the last event')
    .option('-f, --format <format>', `output: ${FORMATS.join(', ')}`, 'text');
  addTrailOptions(cmd).action((paths: string[], opts: BlameOptions) => run(paths, opts, ctx));
};
