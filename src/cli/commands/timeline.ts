/**
 * `zone-replay timeline <paths...> [--zone Z] [--format] [--chart FILE [--force]]`:
 * per zone, created / deleted, change batches per actor and per day, failed
 * calls, rejected batches, gaps and anomalies; optionally an SVG or HTML
 * chart of changes per day and actor.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { chartHtml, chartSvg } from '../../forensics/chart-svg.js';
import { activityReport } from '../../forensics/timeline.js';
import type { CommandContext, RegisterCommand } from '../command.js';
import { EXIT_OK, UsageError } from '../io.js';
import { activityReportText } from '../render/forensics-timeline-text.js';
import { forensicsJson } from '../render/json-report.js';
import { paint, safeText } from '../terminal-text.js';
import { chooseZones, noEventsLine } from '../zone-choice.js';
import { addTrailOptions, formatOption, loadForCommand, type TrailOptions } from '../trail-options.js';

const FORMATS = ['text', 'json'] as const;

interface TimelineOptions extends TrailOptions {
  readonly zone?: string;
  readonly format?: string;
  readonly chart?: string;
  readonly force?: boolean;
}

/** The kind of chart a file name asks for. */
export function chartKind(file: string): 'svg' | 'html' {
  const ext = extname(file).toLowerCase();
  if (ext === '.svg') return 'svg';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new UsageError(`--chart ${file}: the file name must end in .svg or .html`);
}

/** Writes `text` to `path`, refusing to replace an existing file unless `force`. */
function writeChart(path: string, text: string, force: boolean): void {
  try {
    writeFileSync(path, text, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`--chart ${path} exists; give --force to replace it`);
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR' || code === 'EROFS' || code === 'EPERM') {
      throw new UsageError(`--chart ${path}: cannot write (${code})`, { cause: err });
    }
    throw err;
  }
}

/** The --chart file can be written: it does not exist (unless `force`) and its folder does. */
function checkChartPath(path: string, force: boolean): void {
  if (!force && existsSync(path)) throw new UsageError(`--chart ${safeText(path)} exists; give --force to replace it`);
  let folder = false;
  try {
    folder = statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    // a file used as a folder: no such folder either
  }
  if (!folder) throw new UsageError(`--chart ${safeText(path)}: no such folder ${safeText(dirname(path))}`);
}

async function run(paths: string[], opts: TimelineOptions, ctx: CommandContext): Promise<void> {
  const format = formatOption(opts.format, FORMATS, 'text');
  const kind = opts.chart !== undefined ? chartKind(opts.chart) : undefined;
  if (opts.force === true && opts.chart === undefined) throw new UsageError('--force only applies to --chart');
  const path = opts.chart !== undefined ? resolve(ctx.io.cwd, opts.chart) : undefined;
  // Said before the trail is read (minutes, on a big one); writeChart still refuses a file made meanwhile.
  if (path !== undefined) checkChartPath(path, opts.force === true);
  const trail = await loadForCommand(paths, opts, ctx);
  const report = activityReport(chooseZones(trail, opts.zone), trail.inputs);
  if (path !== undefined && kind !== undefined) {
    writeChart(path, kind === 'svg' ? chartSvg(report) : chartHtml(report), opts.force === true);
    ctx.io.stderr.write(`zone-replay: chart written to ${safeText(path)}\n`);
  }
  if (format === 'json') {
    ctx.io.stdout.write(forensicsJson('timeline', { timeline: report }));
  } else if (report.zones.length === 0) {
    ctx.io.stdout.write(noEventsLine(trail, paths));
  } else {
    ctx.io.stdout.write(activityReportText(report, paint(ctx.io.color)));
  }
  ctx.exit(EXIT_OK);
}

/** Registers `timeline`. */
export const registerTimeline: RegisterCommand = (program: Command, ctx) => {
  const cmd = program
    .command('timeline')
    .description('per zone: created/deleted, change batches per actor and per day, failed calls, rejected batches, gaps and anomalies')
    .argument('<paths...>', 'CloudTrail log files or directories, or - for stdin')
    .option('-z, --zone <id|name>', 'hosted zone id or name; default: every zone')
    .option('-f, --format <format>', `output: ${FORMATS.join(', ')}`, 'text')
    .option('--chart <file>', 'also write a chart of changes per day and actor: FILE.svg (SVG) or FILE.html (HTML page with the SVG inline)')
    .option('--force', 'replace the --chart file if it exists');
  addTrailOptions(cmd).action((paths: string[], opts: TimelineOptions) => run(paths, opts, ctx));
};
