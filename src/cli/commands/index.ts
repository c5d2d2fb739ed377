/**
 * Every command of the CLI, in the order `--help` lists them. Add new ones
 * here. Each is loaded only when needed: a run of one command imports that
 * command's module alone (start-up time is part of every run), `--help` and
 * the default command load them all.
 */
import type { RegisterCommand } from '../command.js';

/** A command's name and how to load its module. */
export interface CommandEntry {
  readonly name: string;
  load(): Promise<RegisterCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'replay', load: async () => (await import('./replay.js')).registerReplay },
  { name: 'zones', load: async () => (await import('./zones.js')).registerZones },
  { name: 'diff', load: async () => (await import('./diff.js')).registerDiff },
  { name: 'apply', load: async () => (await import('./apply.js')).registerApply },
  { name: 'export', load: async () => (await import('./export.js')).registerExport },
  { name: 'log', load: async () => (await import('./log.js')).registerLog },
  { name: 'blame', load: async () => (await import('./blame.js')).registerBlame },
  { name: 'timeline', load: async () => (await import('./timeline.js')).registerTimeline },
  { name: 'verify', load: async () => (await import('./verify.js')).registerVerify },
  { name: 'sql', load: async () => (await import('./sql.js')).registerSql },
  { name: 'simulate', load: async () => (await import('./simulate.js')).registerSimulate },
];

/** The commands a command line needs: the one it names, or all of them (help, the default command). */
export async function commandsFor(argv: readonly string[], entries: readonly CommandEntry[] = COMMANDS): Promise<RegisterCommand[]> {
  const named = entries.find((e) => e.name === argv[0]);
  return Promise.all((named !== undefined ? [named] : entries).map((e) => e.load()));
}
