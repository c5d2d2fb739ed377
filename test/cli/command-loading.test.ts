import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RegisterCommand } from '../../src/cli/command.js';
import { COMMANDS, commandsFor, type CommandEntry } from '../../src/cli/commands/index.js';

/** Entries that record which modules were loaded. */
function fakeEntries(loaded: string[], withDefault = true): CommandEntry[] {
  const entry = (name: string, isDefault = false): CommandEntry => ({
    name,
    ...(isDefault ? { isDefault } : {}),
    load: () => {
      loaded.push(name);
      return Promise.resolve((() => undefined) as unknown as RegisterCommand);
    },
  });
  return [entry('replay', withDefault), entry('zones'), entry('diff')];
}

describe('which command modules a command line loads', () => {
  it.each([
    [['zones', 'trail/'], ['zones']],
    [['trail/', '--at', '2018-01-16'], ['replay']],
    [['--at', '2018-01-16', 'trail/'], ['replay']],
    [['zonez', 'trail/'], ['replay']], // not a command: an input of the default command, as before
    [[], ['replay']],
    [['--help'], ['replay', 'zones', 'diff']],
    [['trail/', '-h'], ['replay', 'zones', 'diff']],
    [['-V'], ['replay', 'zones', 'diff']],
    [['help', 'zones'], ['replay', 'zones', 'diff']],
  ])('%j loads %j', async (argv, expected) => {
    const loaded: string[] = [];
    await commandsFor(argv, fakeEntries(loaded));
    expect(loaded).toEqual(expected);
  });

  it('loads every command when none is the default', async () => {
    const loaded: string[] = [];
    await commandsFor(['trail/'], fakeEntries(loaded, false));
    expect(loaded).toEqual(['replay', 'zones', 'diff']);
  });

  it('has exactly one default command: replay, which registers itself with isDefault', () => {
    expect(COMMANDS.filter((e) => e.isDefault === true).map((e) => e.name)).toEqual(['replay']);
  });
});

describe('the commands that read trails', () => {
  it('are the ones whose module adds the trail options (so the CLI may start scan workers for them)', () => {
    const dir = new URL('../../src/cli/commands/', import.meta.url);
    for (const c of COMMANDS) {
      const source = readFileSync(new URL(`${c.name}.ts`, dir), 'utf8');
      expect(c.readsTrail === true, c.name).toBe(source.includes('addTrailOptions('));
    }
  });
});
