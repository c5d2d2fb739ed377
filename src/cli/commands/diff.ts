/**
 * `zone-replay diff <paths...> --against <export> [--zone] [--at] [--format]`
 * and `zone-replay diff <paths...> --zone Z --from T1 --to T2`.
 * Exit status like diff(1): 0 no differences, 1 differences, 2 error.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { planChanges, type ChangePlan } from '../../diff/change-batch.js';
import { diffAgainstLive, diffBetweenInstants, hasDrift, type ZoneDiff } from '../../diff/zone-diff.js';
import { printDiffReport } from '../../formats/diff-json.js';
import { ExportError, readZoneExport, type ZoneExport } from '../../formats/zone-export.js';
import type { LoadedTrail } from '../../load.js';
import { isWithin } from '../../model/name.js';
import { STDIN_NAME, streamFile } from '../../sources/inputs.js';
import type { ZoneTimeline } from '../../replay/replay.js';
import { snapshotAt } from '../../views/snapshot.js';
import type { CommandContext, RegisterCommand } from '../command.js';
import { EXIT_DIFFERENT, EXIT_OK, UsageError } from '../io.js';
import { diffText } from '../render/diff-text.js';
import { paint, safeText, terminalSafeJson } from '../terminal-text.js';
import { safeJson } from '../render/json-report.js';
import { addTrailOptions, formatOption, loadForCommand, timeOption, type TrailOptions } from '../trail-options.js';
import { VERSION } from '../version.js';
import { chooseZones, lastInstant, requireEvents } from '../zone-choice.js';
import { readLiveZone } from './live-zone.js';

const FORMATS = ['text', 'json', 'change-batch'] as const;

interface DiffOptions extends TrailOptions {
  readonly against?: string;
  readonly zone?: string;
  readonly at?: string;
  readonly from?: string;
  readonly to?: string;
  readonly format?: string;
  readonly reverse?: boolean;
  readonly force?: boolean;
  readonly includeApexNs?: boolean;
  readonly origin?: string;
  readonly endpoint?: string;
}

/** Reads the export named by --against (a file, `-`, or `route53://ZONE`). */
async function readAgainst(against: string, opts: DiffOptions, ctx: CommandContext): Promise<ZoneExport> {
  if (against.startsWith('route53://')) return readLiveZone(against, opts.endpoint);
  let text: string;
  try {
    text = against === '-' ? (await streamFile(ctx.io.stdin).read()).toString('utf8') : await readFile(against, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --against ${against}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    return readZoneExport(text, against === '-' ? STDIN_NAME : against, { ...(opts.origin !== undefined ? { origin: opts.origin } : {}), ...(opts.zone !== undefined ? { zone: opts.zone } : {}) });
  } catch (err) {
    if (err instanceof ExportError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
}

/** The zone to diff: --zone, else the export's zone, else the only zone. */
function pickZone(trail: LoadedTrail, selector: string | undefined, exp: ZoneExport | undefined): ZoneTimeline {
  if (selector !== undefined) return chooseZones(trail, selector)[0]!;
  if (exp?.zoneId !== undefined && trail.replay.zones.has(exp.zoneId)) return trail.replay.zones.get(exp.zoneId)!;
  if (exp?.zoneName !== undefined) {
    const byName = [...trail.replay.zones.values()].filter((z) => z.zoneName === exp.zoneName);
    if (byName.length === 1) return byName[0]!;
  }
  const all = chooseZones(trail, undefined);
  if (all.length === 1) return all[0]!;
  throw new UsageError(`${all.length} zones in the inputs (${all.map((z) => `${z.zoneId} ${z.zoneName ?? ''}`.trim()).join(', ')}); pick one with --zone`);
}

/**
 * An export of another zone than the one replayed (a wrong file, or a wrong
 * --zone) would show every set as drift and write a batch replacing the zone
 * with another: refused when the replay knows the zone's name from the logs,
 * a warning when it only inferred it from record names.
 */
function checkSameZone(exp: ZoneExport, timeline: ZoneTimeline, ctx: CommandContext): void {
  const zone = timeline.zoneName;
  if (zone === undefined || exp.zoneName === zone) return;
  let what: string;
  if (exp.zoneName !== undefined) what = `${exp.file} is an export of ${exp.zoneName}, but the zone replayed is ${zone} (${timeline.zoneId})`;
  // Without an apex in the export (a partial export, a zone older than the logs), its names tell;
  // an empty one (a zone-replay report of a zone with no set at its instant) tells nothing.
  else if (exp.recordSets.length > 0 && !exp.recordSets.some((rs) => isWithin(rs.name, zone))) what = `${exp.file} holds no record set in ${zone} (the zone replayed, ${timeline.zoneId}); its first is ${exp.recordSets[0]!.name}`;
  else return;
  // A zone file's name comes from its SOA, else its first $ORIGIN, which --origin overrides.
  const origin = exp.kind === 'bind' ? ' (for a zone file: --origin names its zone)' : '';
  if (timeline.nameSource === 'logged') throw new UsageError(`${what}: a wrong file, or a wrong --zone?${origin}`);
  ctx.io.stderr.write(`zone-replay: warning: ${safeText(what)}, a name inferred from its record names; compared as asked\n`);
}

function writePlan(plan: ChangePlan, ctx: CommandContext): void {
  for (const s of plan.skipped) ctx.io.stderr.write(`zone-replay: skipped ${safeText(s.key)}: ${safeText(s.reason)}\n`);
  if (plan.refused !== undefined) throw new UsageError(`refused: ${plan.refused}`);
  if (plan.batches.length === 0) {
    ctx.io.stderr.write('zone-replay: no change needed\n');
    return;
  }
  if (plan.batches.length === 1) {
    ctx.io.stdout.write(safeJson(plan.batches[0]));
  } else {
    ctx.io.stdout.write(safeJson(plan.batches));
    ctx.io.stderr.write(
      `zone-replay: ${plan.batches.length} change batches (Route 53's per-request limits); apply them in order, e.g. jq -c '.[0]' plan.json > batch-1.json\n`,
    );
  }
}

async function run(paths: string[], opts: DiffOptions, ctx: CommandContext): Promise<void> {
  const format = formatOption(opts.format, FORMATS, 'text');
  const between = opts.from !== undefined || opts.to !== undefined;
  if (between && opts.against !== undefined) throw new UsageError('give either --against <export> or --from/--to, not both');
  if (!between && opts.against === undefined) throw new UsageError('nothing to compare with: give --against <export> (or route53://ZONE), or --from T1 --to T2');
  if (between && (opts.from === undefined || opts.to === undefined)) throw new UsageError('--from and --to go together');
  if (between && opts.zone === undefined) throw new UsageError('--from/--to need --zone');
  const atMs = timeOption(opts.at, '--at');
  const fromMs = timeOption(opts.from, '--from');
  const toMs = timeOption(opts.to, '--to');
  const exp = opts.against !== undefined ? await readAgainst(opts.against, opts, ctx) : undefined;
  // s3:// lists the days up to the latest instant replayed: --from may be the later one (a diff looking back).
  const until = between ? Math.max(fromMs!, toMs!) : atMs;
  const trail = await loadForCommand(paths, opts, ctx, until !== undefined ? { untilMs: until } : {});
  requireEvents(trail, 'diff', paths);
  const timeline = pickZone(trail, opts.zone, exp);
  if (exp !== undefined) checkSameZone(exp, timeline, ctx);
  let diff: ZoneDiff;
  if (exp !== undefined) {
    for (const pr of exp.problems) ctx.io.stderr.write(`zone-replay: ${safeText(exp.file)}: ${safeText(pr.message)}\n`);
    const snap = snapshotAt(timeline, atMs ?? lastInstant(trail), trail.inputs);
    diff = diffAgainstLive(timeline, snap, exp.recordSets, `${exp.kind} export ${exp.file}`);
  } else {
    diff = diffBetweenInstants(timeline, snapshotAt(timeline, fromMs!, trail.inputs), snapshotAt(timeline, toMs!, trail.inputs));
  }
  switch (format) {
    case 'text':
      ctx.io.stdout.write(diffText(diff, paint(ctx.io.color)));
      break;
    case 'json':
      ctx.io.stdout.write(terminalSafeJson(printDiffReport(diff, VERSION)));
      break;
    case 'change-batch': {
      const direction = opts.reverse ? 'reverse' : 'restore';
      const target = direction === 'restore' ? diff.to : diff.from;
      writePlan(
        planChanges(diff.differences, {
          direction,
          ...(diff.zoneName !== undefined ? { zoneName: diff.zoneName } : {}),
          ...(exp !== undefined ? { nativeLive: exp.native } : {}),
          targetSize: target.length,
          includeApexNs: opts.includeApexNs === true,
          force: opts.force === true,
          comment: `zone-replay ${direction === 'restore' ? `restore of ${diff.zoneId} to ${diff.fromLabel}` : `change of ${diff.zoneId} to ${diff.toLabel}`}`.slice(0, 200),
        }),
        ctx,
      );
      break;
    }
  }
  ctx.exit(hasDrift(diff) ? EXIT_DIFFERENT : EXIT_OK);
}

/** Registers `diff`. */
export const registerDiff: RegisterCommand = (program: Command, ctx) => {
  const cmd = program
    .command('diff')
    .description('compare a replayed snapshot with a live export (or two instants of the replay); exit 0 same, 1 different, 2 error')
    .argument('<paths...>', 'CloudTrail log files or directories, or - for stdin')
    .option('--against <export>', 'live zone: list-resource-record-sets JSON, BIND zone file, zone-replay output, or route53://ZONE_ID')
    .option('-z, --zone <id|name>', 'hosted zone id or name')
    .option('-a, --at <time>', 'instant of the snapshot (a date means the end of that day, UTC)')
    .option('--from <time>', 'first instant, with --to: what changed between them')
    .option('--to <time>', 'second instant')
    .option('-f, --format <format>', `output: ${FORMATS.join(', ')}`, 'text')
    .option('--reverse', 'change-batch: turn the snapshot into the live zone instead of restoring the live zone to the snapshot')
    .option('--include-apex-ns', 'change-batch: also change the apex NS record set (needs --force)')
    .option('--force', 'change-batch: allow deleting or replacing over a third of the zone, or touching the apex NS')
    .option('--origin <name>', 'zone name for a zone file without $ORIGIN or SOA')
    .option('--endpoint <url>', 'Route 53 endpoint for route53:// (tests, proxies)');
  addTrailOptions(cmd).action((paths: string[], opts: DiffOptions) => run(paths, opts, ctx));
};
