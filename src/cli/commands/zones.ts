/**
 * `zone-replay zones <paths...>`: the hosted zones found in the logs, with
 * what is known about each.
 */
import type { Command } from 'commander';
import { reportJson } from '../render/json-report.js';
import type { ZoneTimeline } from '../../replay/replay.js';
import type { CommandContext, RegisterCommand } from '../command.js';
import { EXIT_OK } from '../io.js';
import { paint, safeText } from '../terminal-text.js';
import { addTrailOptions, formatOption, loadForCommand, type TrailOptions } from '../trail-options.js';
import { noEventsLine } from '../zone-choice.js';

/** One line of the zone list (also the JSON shape, documented in the README). */
export interface ZoneSummary {
  readonly zoneId: string;
  readonly zoneName: string | null;
  readonly nameSource: ZoneTimeline['nameSource'];
  readonly firstEvent: string | null;
  readonly lastEvent: string | null;
  readonly events: number;
  /** True when the zone's CreateHostedZone is in the logs. */
  readonly genesisKnown: boolean;
  readonly deleted: string | null;
  readonly recordSets: number;
}

/** The summary of one zone's timeline. */
export function summarizeZone(z: ZoneTimeline): ZoneSummary {
  const steps = z.steps;
  const last = steps.length > 0 ? steps[steps.length - 1]!.state : z.initial;
  return {
    zoneId: z.zoneId,
    zoneName: z.zoneName ?? null,
    nameSource: z.nameSource,
    firstEvent: steps[0]?.event.provenance.eventTime ?? null,
    lastEvent: steps[steps.length - 1]?.event.provenance.eventTime ?? null,
    events: steps.length,
    genesisKnown: z.genesis === 'in-logs',
    deleted: last.status === 'deleted' ? (last.deletedBy?.eventTime ?? null) : null,
    recordSets: last.rrsets.size,
  };
}

async function run(paths: string[], opts: TrailOptions & { format?: string }, ctx: CommandContext): Promise<void> {
  const format = formatOption(opts.format, ['text', 'json'] as const, 'text');
  const trail = await loadForCommand(paths, opts, ctx);
  const zones = [...trail.replay.zones.values()].map(summarizeZone);
  if (format === 'json') {
    ctx.io.stdout.write(reportJson('zones', { zones }));
    ctx.exit(EXIT_OK);
    return;
  }
  // An empty list is an answer (exit 0), as from the other listing commands; the header alone would hide what was read.
  if (zones.length === 0) {
    ctx.io.stdout.write(noEventsLine(trail, paths));
    ctx.exit(EXIT_OK);
    return;
  }
  const p = paint(ctx.io.color);
  const rows = zones.map((z) => [
    z.zoneId,
    z.zoneName === null ? '(unknown)' : z.nameSource === 'inferred' ? `${z.zoneName} (inferred)` : z.zoneName,
    z.firstEvent ?? '-',
    z.lastEvent ?? '-',
    String(z.events),
    z.genesisKnown ? 'in logs' : 'before logs',
    z.deleted ?? '-',
  ]);
  const header = ['ZONE ID', 'NAME', 'FIRST EVENT', 'LAST EVENT', 'EVENTS', 'CREATED', 'DELETED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => safeText(r[i]).length)));
  const line = (cells: string[]) => cells.map((c, i) => safeText(c).padEnd(widths[i]!)).join('  ').trimEnd();
  ctx.io.stdout.write(p.bold(line(header)) + '\n' + rows.map(line).join('\n') + '\n');
  ctx.exit(EXIT_OK);
}

/** Registers `zones`. */
export const registerZones: RegisterCommand = (program: Command, ctx) => {
  const cmd = program
    .command('zones')
    .description('list the hosted zones in the logs: id, name (inferred or not), first/last event, creation known, deleted')
    .argument('<paths...>', 'CloudTrail log files or directories, or - for stdin')
    .option('-f, --format <format>', 'text or json', 'text');
  addTrailOptions(cmd).action((paths: string[], opts: TrailOptions & { format?: string }) => run(paths, opts, ctx));
};
