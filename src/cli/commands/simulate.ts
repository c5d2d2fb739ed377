/**
 * `zone-replay simulate --out DIR`: writes a synthetic CloudTrail trail with
 * Route 53 changes, live exports with injected drift and a ground-truth
 * file. Refuses a non-empty DIR unless --force; with --force it replaces
 * only what a simulation writes there.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { reportJson } from '../render/json-report.js';
import { DEFAULTS, SimulateOptionsError, resolveOptions, simulate, type SimulateOptions, type SimulationSummary } from '../../simulate/index.js';
import type { CommandContext, RegisterCommand } from '../command.js';
import { EXIT_OK, UsageError } from '../io.js';
import { paint, safeText } from '../terminal-text.js';

/** What a simulation writes at the top of its folder (and --force replaces). */
export const SIMULATION_ENTRIES = ['trail', 'trail2', 'live', 'baseline', 'ground-truth.json'] as const;

interface RawOptions {
  out?: string;
  seed?: string;
  zones?: string;
  days?: string;
  events?: string;
  route53Share?: string;
  drift?: string;
  sizeMb?: string;
  start?: string;
  force?: boolean;
  format?: string;
}

function num(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${flag} must be a number, found ${JSON.stringify(text)}`);
  return v;
}

/** Checks the output folder: missing or empty is fine; non-empty needs --force. */
async function prepareOut(dir: string, force: boolean): Promise<void> {
  let entries: string[];
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) throw new UsageError(`--out ${dir} exists and is not a directory`);
    entries = await readdir(dir);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UsageError(`cannot read --out ${dir}: ${(err as Error).message}`, { cause: err });
  }
  if (entries.length === 0) return;
  if (!force) throw new UsageError(`--out ${dir} is not empty; use --force to replace ${SIMULATION_ENTRIES.join(', ')} in it`);
  for (const e of SIMULATION_ENTRIES) await rm(join(dir, e), { recursive: true, force: true });
}

/**
 * Creates the output folder and its missing parents one by one. Node's own
 * recursive mkdir loops forever, at full CPU, where mkdir fails with ENOENT
 * under a parent that exists (`--out /proc/x`, some FUSE mounts); here that
 * is an error. Inside a folder made this way, the writer's mkdir is safe.
 */
async function makeOutDir(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    try {
      await stat(at);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot create --out ${dir}: ${(err as Error).message}`, { cause: err });
    }
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new UsageError(`cannot create --out ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} at ${d}`, { cause: err });
    }
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** The text summary. */
export function formatSummary(s: SimulationSummary, color = false): string {
  const p = paint(color);
  const e = s.events;
  const z = s.zones;
  const lines = [
    p.bold(`Wrote a simulation to ${safeText(s.out)}`) + ` (seed ${s.seed}, account ${s.account})`,
    `  window   ${s.start} .. ${s.end}${s.missingDay !== null ? `, log files of ${s.missingDay} not written` : ''}`,
    `  trail    ${s.files} files${s.droppedFiles > 0 ? ` (${s.droppedFiles} dropped)` : ''}, ${mb(s.bytes.uncompressed)} uncompressed, ${mb(s.bytes.compressed)} gzipped; ${s.digestFiles} digest files (unsigned)`,
    `  events   ${e.total} records, ${e.route53} Route 53 (${e.duplicates} duplicates, ${e.failed} failed${e.unwritten > 0 ? `, ${e.unwritten} lost with the missing day` : ''})`,
    `  zones    ${z.total} (${z.live} live, ${z.createdInWindow} created in the window, ${z.deleted} deleted), ${z.driftEntries} drift entries`,
    `  truth    ${safeText(join(s.out, 'ground-truth.json'))}`,
  ];
  return lines.join('\n') + '\n';
}

async function run(opts: RawOptions, ctx: CommandContext): Promise<void> {
  if (opts.out === undefined || opts.out === '') throw new UsageError('--out DIR is required');
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, found ${JSON.stringify(format)}`);
  const out = resolve(ctx.io.cwd, opts.out);
  const options: SimulateOptions = { out };
  const fields: [keyof SimulateOptions, string, string | undefined][] = [
    ['seed', 'seed', opts.seed],
    ['zones', 'zones', opts.zones],
    ['days', 'days', opts.days],
    ['events', 'events', opts.events],
    ['route53Share', 'route53-share', opts.route53Share],
    ['drift', 'drift', opts.drift],
    ['sizeMb', 'size-mb', opts.sizeMb],
  ];
  for (const [key, flag, text] of fields) {
    const v = num(flag, text);
    if (v !== undefined) (options as unknown as Record<string, number>)[key] = v;
  }
  if (opts.start !== undefined) options.start = opts.start;
  let summary: SimulationSummary;
  try {
    // Check options before touching the folder.
    resolveOptions(options);
    await prepareOut(out, opts.force === true);
    await makeOutDir(out);
    summary = await simulate(options);
  } catch (err) {
    if (err instanceof SimulateOptionsError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
  ctx.io.stdout.write(format === 'json' ? reportJson('simulate', summary) : formatSummary(summary, ctx.io.color));
  ctx.exit(EXIT_OK);
}

/** Registers `simulate`. */
export const registerSimulate: RegisterCommand = (program: Command, ctx) => {
  program
    .command('simulate')
    .description('write a synthetic CloudTrail trail with Route 53 changes, live exports with injected drift, and the ground truth')
    .requiredOption('-o, --out <dir>', 'output folder (must be empty unless --force)')
    .option('--seed <n>', `random seed (default ${DEFAULTS.seed})`)
    .option('--zones <n>', `hosted zones (default ${DEFAULTS.zones})`)
    .option('--days <n>', `days in the window (default ${DEFAULTS.days})`)
    .option('--events <n>', `about this many Route 53 change events (default ${DEFAULTS.events})`)
    .option('--route53-share <f>', `Route 53 share of all records, 0 < f <= 1 (default ${DEFAULTS.route53Share})`)
    .option('--drift <n>', `out-of-band changes; > 0 also leaves out one day's log files when days >= 3 (default ${DEFAULTS.drift})`)
    .option('--size-mb <n>', 'approximate uncompressed trail size in MiB (overrides --route53-share for the noise volume)')
    .option('--start <iso>', `window start, ISO-8601 UTC (default ${DEFAULTS.start})`)
    .option('--force', `write into a non-empty folder, replacing ${SIMULATION_ENTRIES.join(', ')}`)
    .option('-f, --format <format>', 'summary as text or json', 'text')
    .action((opts: RawOptions) => run(opts, ctx));
};
