/**
 * Every command of the CLI, in the order `--help` lists them. Add new ones
 * here. Each is loaded only when needed: a run of one command imports that
 * command's module alone (start-up time is part of every run); a run of the
 * default command (`zone-replay <paths>`) imports the default's; `--help`
 * and `--version` load them all.
 */
import type { RegisterCommand } from '../command.js';

/** A command's name and how to load its module. */
export interface CommandEntry {
  readonly name: string;
  /** The command run when the first argument names none (it registers itself with isDefault). */
  readonly isDefault?: boolean;
  /** It reads CloudTrail logs (addTrailOptions): the CLI may start scan workers before loading it. */
  readonly readsTrail?: boolean;
  load(): Promise<RegisterCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'replay', readsTrail: true, isDefault: true, load: async () => (await import('./replay.js')).registerReplay },
  { name: 'zones', readsTrail: true, load: async () => (await import('./zones.js')).registerZones },
  { name: 'diff', readsTrail: true, load: async () => (await import('./diff.js')).registerDiff },
  { name: 'apply', readsTrail: true, load: async () => (await import('./apply.js')).registerApply },
  { name: 'export', load: async () => (await import('./export.js')).registerExport },
  { name: 'log', readsTrail: true, load: async () => (await import('./log.js')).registerLog },
  { name: 'blame', readsTrail: true, load: async () => (await import('./blame.js')).registerBlame },
  { name: 'timeline', readsTrail: true, load: async () => (await import('./timeline.js')).registerTimeline },
  { name: 'verify', load: async () => (await import('./verify.js')).registerVerify },
  { name: 'sql', load: async () => (await import('./sql.js')).registerSql },
  { name: 'simulate', load: async () => (await import('./simulate.js')).registerSimulate },
];

/** Arguments whose answer lists every command: help, or the version. */
export function asksForEveryCommand(argv: readonly string[]): boolean {
  return argv[0] === 'help' || argv.some((a) => a === '-h' || a === '--help' || a === '-V' || a === '--version');
}

/** The command a command line runs: the one its first argument names, else the default (if there is one). */
export function commandOf(argv: readonly string[], entries: readonly CommandEntry[] = COMMANDS): CommandEntry | undefined {
  return entries.find((e) => e.name === argv[0]) ?? entries.find((e) => e.isDefault === true);
}

/**
 * The commands a command line needs: the one it names; else the default
 * command (its first argument is an input, as in `zone-replay trail/ --at …`:
 * loading every command cost that run some 50 ms of its 250); all of them for
 * help and the version.
 */
export async function commandsFor(argv: readonly string[], entries: readonly CommandEntry[] = COMMANDS): Promise<RegisterCommand[]> {
  const run = commandOf(argv, entries);
  const chosen = run === undefined || (run.name !== argv[0] && asksForEveryCommand(argv)) ? entries : [run];
  return Promise.all(chosen.map((e) => e.load()));
}
