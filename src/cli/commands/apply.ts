/**
 * `zone-replay apply <change-batch.json> --to <export | route53://ZONE | trail>`:
 * runs a change batch through the same Route 53 simulator as the replay and
 * prints the resulting zone, or the change Route 53 would reject and why.
 * Exit 0 accepted, 1 rejected, 2 error.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { ChangeBatchError, changeBatchZoneId, readChangeBatches, whatIf } from '../../diff/what-if.js';
import { printZoneFile } from '../../formats/bind/index.js';
import { ExportError, readZoneExport } from '../../formats/zone-export.js';
import { printListResourceRecordSets } from '../../formats/route53-json.js';
import type { RecordSet } from '../../model/record-set.js';
import { snapshotRecordSets } from '../../views/snapshot.js';
import type { CommandContext, RegisterCommand } from '../command.js';
import { EXIT_DIFFERENT, EXIT_OK, UsageError } from '../io.js';
import { canonicalZoneText } from '../../diff/zone-text.js';
import { paint, safeText, terminalSafeJson } from '../terminal-text.js';
import { addTrailOptions, formatOption, loadForCommand, timeOption, type TrailOptions } from '../trail-options.js';
import { snapshotsFor } from './replay.js';
import { lastInstant } from '../zone-choice.js';
import { readLiveZone } from './live-zone.js';
import { describeFsError } from '../../sources/inputs.js';

const FORMATS = ['route53', 'bind', 'text'] as const;

interface ApplyOptions extends TrailOptions {
  readonly to?: string[];
  readonly zone?: string;
  readonly at?: string;
  readonly format?: string;
  readonly origin?: string;
  readonly endpoint?: string;
}

/** The zone the batch applies to: an export, a live zone, or a replayed snapshot. */
async function target(opts: ApplyOptions, ctx: CommandContext): Promise<{ zoneId?: string; zoneName?: string; sets: RecordSet[]; label: string }> {
  const to = opts.to ?? [];
  if (to.length === 0) throw new UsageError('--to is required: a zone export (list-resource-record-sets JSON, zone file, zone-replay output), route53://ZONE_ID, or CloudTrail logs to replay');
  if (to.length === 1 && to[0]!.startsWith('route53://')) {
    const live = await readLiveZone(to[0]!, opts.endpoint);
    return { ...(live.zoneId !== undefined ? { zoneId: live.zoneId } : {}), ...(live.zoneName !== undefined ? { zoneName: live.zoneName } : {}), sets: live.recordSets, label: to[0]! };
  }
  if (to.length === 1) {
    const file = to[0]!;
    const info = await stat(file).catch((err: unknown) => {
      throw new UsageError(`--to ${file}: ${describeFsError(err)}`, { cause: err });
    });
    if (info.isFile() && !/\.gz$/i.test(file)) {
      const text = await readFile(file, 'utf8').catch((err: unknown) => {
        throw new UsageError(`--to ${file}: cannot read: ${describeFsError(err)}`, { cause: err });
      });
      if (!/"Records"\s*:|"Events"\s*:|"eventSource"/.test(text.slice(0, 65536))) {
        try {
          const exp = readZoneExport(text, file, { ...(opts.origin !== undefined ? { origin: opts.origin } : {}), ...(opts.zone !== undefined ? { zone: opts.zone } : {}) });
          // As diff does: a line or set skipped is missing from the zone printed, so say which.
          for (const pr of exp.problems) ctx.io.stderr.write(`zone-replay: ${safeText(file)}: ${safeText(pr.message)}\n`);
          return { ...(exp.zoneName !== undefined ? { zoneName: exp.zoneName } : {}), sets: exp.recordSets, label: file };
        } catch (err) {
          if (err instanceof ExportError) throw new UsageError(err.message, { cause: err });
          throw err;
        }
      }
    }
  }
  // CloudTrail logs: replay them.
  const trail = await loadForCommand(to, opts, ctx);
  const snaps = snapshotsFor(trail, opts.zone, timeOption(opts.at, '--at') ?? lastInstant(trail));
  if (snaps.length !== 1) throw new UsageError(`--to replays ${snaps.length} zones; pick one with --zone`);
  const s = snaps[0]!;
  return { zoneId: s.zoneId, ...(s.zoneName !== undefined ? { zoneName: s.zoneName } : {}), sets: snapshotRecordSets(s), label: `replay of ${s.zoneId} at ${s.at}` };
}

async function run(batchFile: string | undefined, opts: ApplyOptions, ctx: CommandContext): Promise<void> {
  if (batchFile === undefined) {
    // --to takes every word after it: `apply --to live.json batch.json` leaves no batch.
    const to = opts.to ?? [];
    const taken = to.length > 1 ? `; --to took every word after it (${to.join(', ')}): put the change batch before --to, or end its list with --` : '';
    throw new UsageError(`apply: no change batch given${taken}`);
  }
  const format = formatOption(opts.format, FORMATS, 'route53');
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(batchFile, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read change batch ${batchFile}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let batches;
  try {
    batches = readChangeBatches(doc);
  } catch (err) {
    if (err instanceof ChangeBatchError) throw new UsageError(`${batchFile}: ${err.message}`);
    throw err;
  }
  const zone = await target(opts, ctx);
  // The zone's id (its own, or the one the batch names) lets aliases to the zone's own sets be checked.
  const zoneId = zone.zoneId ?? changeBatchZoneId(doc);
  const result = whatIf(zone.zoneName, zone.sets, batches, ...(zoneId !== undefined ? [zoneId] : []));
  if (!result.ok) {
    const p = paint(ctx.io.color);
    ctx.io.stdout.write(
      p.red(`Route 53 would reject batch ${result.batch} of ${batches.length} (${safeText(batchFile)}) against ${safeText(zone.label)}:\n`) +
        result.errors.map((e) => `  - ${safeText(e)}\n`).join('') +
        (result.batch > 1 ? `(batches 1..${result.batch - 1} were accepted)\n` : ''),
    );
    ctx.exit(EXIT_DIFFERENT);
    return;
  }
  switch (format) {
    case 'route53':
      ctx.io.stdout.write(terminalSafeJson(printListResourceRecordSets(result.recordSets)));
      break;
    case 'bind':
      if (zone.zoneName === undefined) throw new UsageError('the zone name is unknown, so no zone file can be written; use --format route53 or --origin');
      ctx.io.stdout.write(printZoneFile(result.recordSets, { origin: zone.zoneName, header: [`zone-replay apply: ${batchFile} applied to ${zone.label} (simulated)`] }));
      break;
    case 'text':
      ctx.io.stdout.write(canonicalZoneText(result.recordSets).split('\n').map(safeText).join('\n'));
      break;
  }
  ctx.io.stderr.write(`zone-replay: ${batches.length} batch(es), ${batches.reduce((n, b) => n + b.length, 0)} change(s) accepted by the simulator against ${safeText(zone.label)}\n`);
  ctx.exit(EXIT_OK);
}

/** Registers `apply`. */
export const registerApply: RegisterCommand = (program: Command, ctx) => {
  const cmd = program
    .command('apply')
    .description('what-if: run a change batch through the Route 53 simulator and print the resulting zone, or why Route 53 would reject it')
    .argument('[change-batch]', 'ChangeBatch JSON ({"Changes": [...]}, the CLI input with "ChangeBatch", or an array of batches)')
    .option('--to <target...>', 'the zone: an export file, route53://ZONE_ID, or CloudTrail logs to replay')
    .option('-z, --zone <id|name>', 'zone to take from a replay or report')
    .option('-a, --at <time>', 'instant of the replayed zone')
    .option('-f, --format <format>', `output: ${FORMATS.join(', ')}`, 'route53')
    .option('--origin <name>', 'zone name for a zone file without $ORIGIN or SOA')
    .option('--endpoint <url>', 'Route 53 endpoint for route53://');
  addTrailOptions(cmd).action((batch: string | undefined, opts: ApplyOptions) => run(batch, opts, ctx));
};
