/**
 * `zone-replay [replay] <paths...> [--zone] [--at] [--format]`: the snapshot
 * of each zone at an instant, labelled with its completeness.
 */
import type { Command } from 'commander';
import { printSnapshotReport } from '../../formats/report-json.js';
import { printListResourceRecordSets } from '../../formats/route53-json.js';
import { printZoneFile } from '../../formats/bind/index.js';
import type { LoadedTrail } from '../../load.js';
import type { RecordSet } from '../../model/record-set.js';
import { snapshotAt, snapshotRecordSets, type Snapshot, type ZoneDeletion } from '../../views/snapshot.js';
import type { CommandContext, RegisterCommand } from '../command.js';
import { EXIT_OK, UsageError } from '../io.js';
import { completenessText } from '../render/completeness-text.js';
import { snapshotText } from '../render/snapshot-text.js';
import { paint, safeText, terminalSafeJson } from '../terminal-text.js';
import { addTrailOptions, formatOption, loadForCommand, timeOption, type TrailOptions } from '../trail-options.js';
import { VERSION } from '../version.js';
import { lastInstant, requireEvents, zonesAt } from '../zone-choice.js';

const FORMATS = ['text', 'bind', 'route53', 'json'] as const;

interface ReplayOptions extends TrailOptions {
  readonly zone?: string;
  readonly at?: string;
  readonly format?: string;
}

/** The snapshots a replay-style command shows: the chosen zones at `atMs`. */
export function snapshotsFor(trail: LoadedTrail, zone: string | undefined, atMs: number): Snapshot[] {
  return zonesAt(trail, zone, atMs).map((z) => snapshotAt(z, atMs, trail.inputs));
}

/**
 * A zone file needs an apex SOA and NS, which a zone older than the logs may
 * not have in its replay: placeholders under `.invalid` (RFC 6761), named in
 * the header, so named-checkzone loads the file without pretending to know them.
 */
export function withApexPlaceholders(sets: RecordSet[], zoneName: string): { sets: RecordSet[]; placeholders: string[] } {
  const has = (type: string) => sets.some((rs) => rs.name === zoneName && rs.type === type);
  const added: RecordSet[] = [];
  if (!has('SOA')) added.push({ name: zoneName, type: 'SOA', ttl: 900, values: ['ns.zone-replay.invalid. hostmaster.zone-replay.invalid. 0 7200 900 1209600 86400'] });
  if (!has('NS')) added.push({ name: zoneName, type: 'NS', ttl: 172800, values: ['ns.zone-replay.invalid.'] });
  return { sets: [...sets, ...added], placeholders: added.map((rs) => rs.type) };
}

function only(snapshots: Snapshot[], format: string): Snapshot {
  if (snapshots.length === 1) return snapshots[0]!;
  const list = snapshots.map((s) => `${s.zoneId} (${s.zoneName ?? 'name unknown'})`).join(', ');
  throw new UsageError(`--format ${format} writes one zone, and ${snapshots.length} zones match: ${list}; pick one with --zone`);
}

async function run(paths: string[], opts: ReplayOptions, ctx: CommandContext): Promise<void> {
  const format = formatOption(opts.format, FORMATS, 'text');
  const requestedAt = timeOption(opts.at, '--at');
  const trail = await loadForCommand(paths, opts, ctx, requestedAt !== undefined ? { untilMs: requestedAt } : {});
  requireEvents(trail, 'replay', paths);
  const atMs = requestedAt ?? lastInstant(trail);
  const snapshots = snapshotsFor(trail, opts.zone, atMs);
  const p = paint(ctx.io.color);
  const out = ctx.io.stdout;
  switch (format) {
    case 'json':
      out.write(terminalSafeJson(printSnapshotReport(snapshots, VERSION)));
      break;
    case 'route53': {
      const s = only(snapshots, format);
      out.write(terminalSafeJson(printListResourceRecordSets(snapshotRecordSets(s))));
      const deleted = s.deletion !== undefined ? `zone-replay: ${deletedNote(s.deletion)}\n` : '';
      ctx.io.stderr.write(`zone-replay: ${safeText(s.zoneId)} ${safeText(s.zoneName ?? '')} at ${s.at}\n` + deleted + completenessText(s.completeness, paint(false)));
      break;
    }
    case 'bind': {
      const s = only(snapshots, format);
      if (s.zoneName === undefined) throw new UsageError(`the name of zone ${s.zoneId} is unknown, so no $ORIGIN can be written; use --format route53 or json`);
      const { sets, placeholders } = withApexPlaceholders(snapshotRecordSets(s), s.zoneName);
      const header = [
        `zone-replay ${VERSION}: ${s.zoneName} (${s.zoneId}) at ${s.at}`,
        'reconstructed from CloudTrail, best effort: NOT an authoritative copy of the zone',
        ...(s.deletion !== undefined ? [deletedNote(s.deletion)] : []),
        ...(placeholders.length > 0
          ? [`PLACEHOLDERS: the logs do not show this zone's ${placeholders.join(' and ')}; the ones below (under .invalid) only let BIND load the file`]
          : []),
        ...completenessText(s.completeness, paint(false)).trimEnd().split('\n'),
      ];
      out.write(printZoneFile(sets, { origin: s.zoneName, header }));
      break;
    }
    case 'text':
      if (snapshots.length === 0) out.write(`No zone had events at or before ${new Date(atMs).toISOString()}.\n`);
      out.write(snapshots.map((s) => snapshotText(s, p)).join('\n'));
      if (requestedAt !== undefined) out.write(p.dim(`--at ${opts.at} resolved to ${new Date(atMs).toISOString()}\n`));
      break;
  }
  ctx.exit(EXIT_OK);
}

/** One line for a zone file's header or stderr: the zone was deleted, and how to write it as it was before. */
function deletedNote(d: ZoneDeletion): string {
  const e = d.beforeEmptied;
  const emptied = e !== undefined ? `, --at ${e.lastInstantBefore} the ${e.recordSetsBefore} it held before the ${e.batches} batch(es) of DELETEs that emptied it` : '';
  return safeText(`DELETED at ${d.by.eventTime} (event ${d.by.eventId}): nothing is left at this instant; --at ${d.lastInstantBefore} writes the ${d.recordSetsBefore} record set(s) it held just before${emptied}`);
}

/** Registers `replay` (the default command). */
export const registerReplay: RegisterCommand = (program: Command, ctx) => {
  const cmd = program
    .command('replay', { isDefault: true })
    .description('replay the logs and print each zone at an instant, with what is known, inferred and missing')
    .argument('<paths...>', 'CloudTrail log files or directories (.json, .json.gz, lookup-events output, JSON Lines, EventBridge), or - for stdin')
    .option('-z, --zone <id|name>', 'hosted zone id (Z… or /hostedzone/Z…) or name; default: every zone')
    .option('-a, --at <time>', 'ISO-8601 instant or date (a date means the end of that day, UTC); default: after the last event')
    .option('-f, --format <format>', `output: ${FORMATS.join(', ')}`, 'text');
  addTrailOptions(cmd).action((paths: string[], opts: ReplayOptions) => run(paths, opts, ctx));
};
