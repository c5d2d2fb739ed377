/**
 * `zone-replay blame <paths...> [--zone Z] [--at T] [--format]`: the snapshot
 * at an instant, each record set annotated with the change that last set it
 * (or "older than the logs", or "Route 53 default"), with the completeness
 * report.
 */
import type { Command } from 'commander';
import { blameAt } from '../../forensics/blame.js';
import type { CommandContext, RegisterCommand } from '../command.js';
import { EXIT_OK } from '../io.js';
import { blameText } from '../render/forensics-blame-text.js';
import { forensicsJson } from '../render/json-report.js';
import { paint } from '../terminal-text.js';
import { addTrailOptions, formatOption, loadForCommand, timeOption, type TrailOptions } from '../trail-options.js';
import { lastInstant, requireEvents, zonesAt } from '../zone-choice.js';

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
  requireEvents(trail, 'blame', paths);
  const atMs = requestedAt ?? lastInstant(trail);
  const shown = zonesAt(trail, opts.zone, atMs);
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
