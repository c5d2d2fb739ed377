/**
 * Options shared by every command that reads a trail, and the one place
 * that loads it (with progress on stderr when it is a terminal).
 */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { loadTrail, type LoadedTrail } from '../load.js';
import { parseInstant, TimeError } from '../model/time.js';
import { lastDeliveryDay } from '../sql/time-bounds.js';
import { compareStrings } from '../model/index.js';
import { IngestError, regionsOf, type IngestProgress, type InputFile, type RegionChoice, type SkippedFolder } from '../sources/index.js';
import { jobsOption } from './jobs-option.js';
import { tuneJitForBusyCores } from './jit-tuning.js';
import { progressReporter } from './progress.js';
import type { CommandContext } from './command.js';
import { UsageError } from './io.js';
import { safeText } from './terminal-text.js';

/** Options every trail-reading command accepts. */
export interface TrailOptions {
  readonly jobs?: string;
  readonly strict?: boolean;
  readonly quiet?: boolean;
  /** false with --no-verify. */
  readonly verify?: boolean;
  readonly allRegions?: boolean;
}

/** Adds --jobs, --strict, --quiet, --no-verify and --all-regions. */
export function addTrailOptions(cmd: Command): Command {
  return cmd
    .option('-j, --jobs <n>', 'threads decompressing and scanning, the main one included (default: one per core)')
    .option('--strict', 'stop at the first unreadable input instead of reporting it and going on')
    .option('-q, --quiet', 'no progress on stderr')
    .option('--no-verify', 'do not validate CloudTrail digest files found among the inputs')
    .option('--all-regions', "read every region's folder of a trail, not only us-east-1's (where CloudTrail records Route 53)");
}

/** The time window a command needs, so S3 listing can skip other days. */
export interface TrailWindow {
  readonly sinceMs?: number;
  readonly untilMs?: number;
}

const isS3Url = (path: string): boolean => path.startsWith('s3://');

/** The inputs with `s3://` URLs expanded, and the S3 region folders left unlisted. */
interface ExpandedInputs {
  readonly inputs: (string | InputFile)[];
  readonly foldersSkipped: SkippedFolder[];
}

/** `s3://bucket/prefix` inputs become the objects the window needs; other paths stay as they are. */
async function expandRemote(paths: readonly string[], window: TrailWindow, regions: RegionChoice): Promise<ExpandedInputs> {
  const inputs: (string | InputFile)[] = [];
  const foldersSkipped: SkippedFolder[] = [];
  if (!paths.some(isS3Url)) return { inputs: [...paths], foldersSkipped };
  // Loaded on use: the AWS SDK costs half a second at start-up.
  const { S3SourceError, s3Inputs } = await import('../sources/s3.js');
  for (const p of paths) {
    if (!isS3Url(p)) {
      inputs.push(p);
      continue;
    }
    try {
      inputs.push(
        ...(await s3Inputs(p, {
          regions,
          onSkippedFolder: (folder) => foldersSkipped.push(folder),
          ...(window.sinceMs !== undefined ? { since: new Date(window.sinceMs).toISOString() } : {}),
          ...(window.untilMs !== undefined ? { until: new Date(window.untilMs).toISOString() } : {}),
        })),
      );
    } catch (err) {
      if (err instanceof S3SourceError) throw new UsageError(err.message, { cause: err });
      throw err;
    }
  }
  // Accounts are listed in parallel: report their folders in key order.
  foldersSkipped.sort((a, b) => compareStrings(a.path, b.path));
  return { inputs, foldersSkipped };
}

/** A trail with the S3 region folders left unlisted added to what its walk left unread. */
function withFoldersSkipped(trail: LoadedTrail, skipped: readonly SkippedFolder[]): LoadedTrail {
  if (skipped.length === 0) return trail;
  const foldersSkipped = [...trail.ingest.foldersSkipped, ...skipped];
  return { ...trail, ingest: { ...trail.ingest, foldersSkipped }, inputs: { ...trail.inputs, regionsNotRead: regionsOf(foldersSkipped) } };
}

/**
 * A named local path that cannot exist is a typo, not an unreadable log:
 * stopped before anything is read, since going on would answer from the
 * other inputs alone, with exit 0. (A file that exists but cannot be read is
 * reported and the run goes on, as files found in a folder are.)
 */
function checkNamedPathsExist(paths: readonly string[]): void {
  for (const p of paths) {
    if (p === '-' || isS3Url(p)) continue;
    let missing: boolean;
    try {
      missing = statSync(p, { throwIfNoEntry: false }) === undefined;
    } catch (err) {
      // A file used as a folder cannot exist either; other failures (permissions) are reported when it is read.
      missing = (err as NodeJS.ErrnoException).code === 'ENOTDIR';
    }
    if (missing) throw new UsageError(`${safeText(p)}: no such file or directory`);
  }
}

/** Reads the trail; user mistakes become UsageErrors (exit 2). */
export async function loadForCommand(paths: readonly string[], opts: TrailOptions, ctx: CommandContext, window: TrailWindow = {}): Promise<LoadedTrail> {
  if (paths.length === 0) throw new UsageError('no input: give CloudTrail log files or directories (or - for stdin)');
  checkNamedPathsExist(paths);
  const jobs = jobsOption(opts.jobs);
  const progress = progressReporter(ctx.io, { quiet: opts.quiet === true });
  try {
    const regions: RegionChoice = opts.allRegions === true ? 'all' : 'route53';
    const remote = await expandRemote(paths, window, regions);
    tuneJitForBusyCores(jobs);
    const loaded = await loadTrail(remote.inputs, {
      verify: opts.verify !== false,
      jobs,
      strict: opts.strict === true,
      regions,
      stdin: ctx.io.stdin,
      // Progress is computed per file: not at all when it is not shown.
      ...(progress.shows ? { onProgress: (p: IngestProgress) => progress.update(p) } : {}),
    });
    const trail = withFoldersSkipped(loaded, remote.foldersSkipped);
    // The progress line goes before anything else is said on stderr, or the first warning would continue it.
    progress.done();
    warnUnreadable(trail, ctx);
    if (opts.quiet !== true) noteRegionsNotRead(trail, ctx);
    if (window.untilMs === undefined || !paths.some(isS3Url)) return trail;
    // The S3 listing stopped at the day after the instant: say so in every completeness report.
    const listedUntilDay = new Date(lastDeliveryDay(window.untilMs)).toISOString().slice(0, 10);
    return { ...trail, inputs: { ...trail.inputs, listedUntilDay } };
  } catch (err) {
    if (err instanceof IngestError) throw new UsageError(err.message, { cause: err });
    throw err;
  } finally {
    progress.done();
  }
}

const WARNINGS_SHOWN = 20;

/** Unreadable inputs, one line each on stderr (the run went on without them; --strict stops instead). */
function warnUnreadable(trail: LoadedTrail, ctx: CommandContext): void {
  const list = trail.inputs.unreadable;
  for (const u of list.slice(0, WARNINGS_SHOWN)) ctx.io.stderr.write(`zone-replay: warning: ${safeText(u.file)}: ${safeText(u.message)}\n`);
  if (list.length > WARNINGS_SHOWN) ctx.io.stderr.write(`zone-replay: warning: … and ${list.length - WARNINGS_SHOWN} more unreadable input(s); --format json lists them all\n`);
}

/** Says which region folders were left unread, so a run over a whole trail is not misread as covering them. */
function noteRegionsNotRead(trail: LoadedTrail, ctx: CommandContext): void {
  const regions = trail.inputs.regionsNotRead ?? [];
  if (regions.length === 0) return;
  const folders = trail.ingest.foldersSkipped.length;
  ctx.io.stderr.write(
    `zone-replay: note: logs of ${regions.length} region(s) not read (${regions.map(safeText).join(', ')}; ${folders} folder(s)): CloudTrail records Route 53 in us-east-1 only; --all-regions reads them\n`,
  );
}

/** Reads a time option; undefined stays undefined. */
export function timeOption(value: string | undefined, flag: string, edge: 'start' | 'end' = 'end'): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseInstant(value, edge);
  } catch (err) {
    if (err instanceof TimeError) throw new UsageError(`${flag}: ${err.message}`);
    throw err;
  }
}

/** Reads a --format option against the allowed values. */
export function formatOption<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--format must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
}
