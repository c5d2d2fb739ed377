/**
 * `zone-replay verify <paths...>`: CloudTrail log file integrity validation
 * from the digest files delivered beside the logs. Exit 0 when everything in
 * the window verifies, 1 when anything is missing, altered, unlisted, badly
 * signed or the chain is broken, 2 on bad arguments or no digest files.
 */
import type { Command } from 'commander';
import { reportJson } from '../render/json-report.js';
import { NoDigestFilesError, VerifyInputError, parseKey, verifyTrail, type VerifyOptions, type VerifyReport } from '../../verify/index.js';
import type { CommandContext, RegisterCommand } from '../command.js';
import { EXIT_DIFFERENT, EXIT_OK, UsageError } from '../io.js';
import { paint, safeText, type Paint } from '../terminal-text.js';
import { jobsOption } from '../jobs-option.js';
import { progressReporter } from '../progress.js';

interface VerifyFlags {
  readonly publicKeys?: string[];
  readonly signatures?: string;
  readonly since?: string;
  readonly until?: string;
  readonly format?: string;
  readonly jobs?: string;
  readonly quiet?: boolean;
}

const UNSIGNED = 'unsigned: chain verified, signatures not checked (give --public-keys and signatures)';

async function run(paths: string[], flags: VerifyFlags, ctx: CommandContext): Promise<void> {
  if (paths.length === 0) {
    // --public-keys takes every word after it: `verify --public-keys keys.json ./trail` leaves no path.
    const taken = flags.publicKeys !== undefined && flags.publicKeys.length > 1 ? `; --public-keys took every file after it (${flags.publicKeys.join(', ')}): put the paths before --public-keys, or end its list with --` : '';
    throw new UsageError(`verify: no paths to verify${taken}`);
  }
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format: expected text or json, got ${JSON.stringify(format)}`);
  const options: VerifyOptions = {};
  if (flags.publicKeys !== undefined) options.publicKeys = flags.publicKeys;
  if (flags.signatures !== undefined) options.signatures = flags.signatures;
  if (flags.since !== undefined) options.since = flags.since;
  if (flags.until !== undefined) options.until = flags.until;
  const jobs = jobsOption(flags.jobs);
  if (jobs !== undefined) options.jobs = jobs;
  const progress = progressReporter(ctx.io, { quiet: flags.quiet === true, doing: 'Hashing' });
  if (progress.shows) options.onProgress = (p) => progress.update(p);
  let report: VerifyReport;
  try {
    report = await verifyTrail(paths, options);
  } catch (err) {
    if (err instanceof VerifyInputError || err instanceof NoDigestFilesError) throw new UsageError(err.message, { cause: err });
    throw err;
  } finally {
    progress.done();
  }
  ctx.io.stdout.write(format === 'json' ? reportJson('verify', report) : verifyText(report, paint(ctx.io.color)));
  ctx.exit(report.ok ? EXIT_OK : EXIT_DIFFERENT);
}

function count<T extends string>(items: readonly { status: T }[], status: T): number {
  return items.filter((i) => i.status === status).length;
}

/** The report for people: a summary, coverage, then every failure. All file names escaped. */
export function verifyText(report: VerifyReport, p: Paint): string {
  const lines: string[] = [];
  const { logFiles, digests } = report;
  const bad = (n: number, s: string) => (n > 0 ? p.red(s) : s);
  const [ok, missing, altered, unlisted] = (['ok', 'missing', 'altered', 'unlisted'] as const).map((s) => count(logFiles, s)) as [number, number, number, number];
  lines.push(
    `log files: ${logFiles.length} judged: ${ok} ok, ${bad(missing, `${missing} missing`)}, ${bad(altered, `${altered} altered`)}, ${bad(unlisted, `${unlisted} unlisted`)}`,
  );
  const d = (['ok', 'unsigned', 'chain-start', 'broken-chain', 'bad-signature'] as const).map((s) => count(digests, s)) as [number, number, number, number, number];
  lines.push(
    `digests: ${digests.length} judged: ${d[0]} ok (signed), ${d[1]} unsigned, ${d[2]} chain-start, ${bad(d[3], `${d[3]} broken-chain`)}, ${bad(d[4], `${d[4]} bad-signature`)}`,
  );
  const holes = report.coverage.reduce((n, row) => n + row.holes.length, 0);
  lines.push(`chain holes: ${holes === 0 ? 'none' : p.yellow(String(holes))}`);
  for (const row of report.coverage) {
    const who = safeText(`${row.account} ${row.region} ${row.trail}`);
    const proved = row.proved.length === 0 ? p.yellow('nothing') : row.proved.map((i) => `[${i.start}, ${i.end}]`).join(', ');
    lines.push(`coverage proved for ${who}: ${proved}`);
    for (const h of row.holes) lines.push(`  ${p.yellow('hole')} [${h.start}, ${h.end}]: ${safeText(h.reason)}`);
  }
  lines.push(`signatures: ${signatureLine(report)}`);
  lines.push(report.ok ? p.green('result: verified') : p.red('result: FAILED'));

  const failures: string[] = [];
  for (const l of logFiles) {
    if (l.status === 'ok') continue;
    const where = l.status === 'missing' ? safeText(l.key) : safeText(l.file);
    const by = l.digest === undefined ? '' : ` (listed in ${safeText(l.digest)})`;
    failures.push(`  ${p.red(l.status.padEnd(13))} ${where}${by}`);
  }
  for (const g of digests) {
    if (g.status !== 'broken-chain' && g.status !== 'bad-signature') continue;
    failures.push(`  ${p.red(g.status.padEnd(13))} ${safeText(g.file)}: ${safeText(g.message ?? '')}`);
  }
  for (const pr of report.problems) failures.push(`  ${p.red('problem'.padEnd(13))} ${safeText(pr.message)}`);
  if (failures.length > 0) lines.push('', 'failures:', ...failures);
  if (newerThanDigests(report) > 0) {
    lines.push('', p.dim('note: log files delivered after the newest digest are not listed yet (digests arrive hourly); --until excludes them.'));
  }
  const notes = digests.filter((g) => g.status === 'chain-start' || (g.status === 'unsigned' && report.signed === 'some'));
  if (notes.length > 0) {
    lines.push('', 'notes:');
    for (const g of notes) lines.push(`  ${g.status.padEnd(13)} ${safeText(g.file)}: ${safeText(g.message ?? '')}`);
  }
  return lines.join('\n') + '\n';
}

/** Unlisted log files delivered after every judged digest's end (not yet digested, or digests not downloaded). */
function newerThanDigests(report: VerifyReport): number {
  const ends = report.coverage.flatMap((row) => [...row.proved, ...row.holes].map((i) => Date.parse(i.end)));
  if (ends.length === 0) return 0;
  const newest = ends.reduce((a, b) => Math.max(a, b), -Infinity); // not Math.max(...ends): years of digests
  return report.logFiles.filter((l) => l.status === 'unlisted' && (parseKey(l.key)?.time ?? -Infinity) >= newest).length;
}

function signatureLine(report: VerifyReport): string {
  const total = report.digests.length;
  switch (report.signed) {
    case 'all':
      return `all ${total} digest signatures verified`;
    case 'some':
      return `some of ${total} digest signatures verified; the others are unsigned (see notes)`;
    case 'none':
      return report.digests.some((g) => g.status === 'broken-chain') ? 'unsigned: signatures not checked (give --public-keys and signatures)' : UNSIGNED;
  }
}

/** Registers `verify`. */
export const registerVerify: RegisterCommand = (program: Command, ctx) => {
  program
    .command('verify')
    .description(
      'check CloudTrail log file integrity with the digest files delivered beside the logs: hashes, the digest chain, ' +
        'signatures (when given) and the delivery times proved complete',
    )
    .argument('[paths...]', 'directories (walked) or files in the AWSLogs/<account>/CloudTrail[-Digest]/... layout')
    .option('--public-keys <files...>', 'PEM public keys or `aws cloudtrail list-public-keys` JSON')
    .option('--signatures <file>', 'JSON object: digest S3 key (from AWSLogs/) -> hex signature (S3 metadata)')
    .option('--since <time>', 'judge only what was delivered at or after this time (ISO 8601, UTC if no zone)')
    .option('--until <time>', 'judge only what was delivered at or before this time')
    .option('-f, --format <format>', 'text or json', 'text')
    .option('-j, --jobs <n>', 'threads reading and hashing log files, the main one included (default: one per core)')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nSignatures are S3 object metadata: save them as <digest>.sig (hex) or <digest>.head.json\n' +
        '(`aws s3api head-object` output), or pass --signatures. Put paths before --public-keys, or end the list with --.\n' +
        'Exit status: 0 verified, 1 something missing/altered/unlisted/broken/badly signed, 2 error.',
    )
    .action((paths: string[], flags: VerifyFlags) => run(paths, flags, ctx));
};
