/**
 * The CLI: builds the commander program from the command modules, runs it,
 * and turns user mistakes into one-line messages with exit status 2.
 */
import { createRequire } from 'node:module';
import type * as Commander from 'commander';
import type { CommandContext, RegisterCommand } from './command.js';
import { EXIT_ERROR, EXIT_OK, UsageError, processIO, type CliIO } from './io.js';
import { safeText } from './terminal-text.js';
import { commandsFor } from './commands/index.js';
import { VERSION } from './version.js';

// require, not import: importing a CommonJS package from ESM makes Node lex its source for export names.
const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof Commander;
type Command = Commander.Command;

/** Builds the program. Exposed for tests. */
export function buildProgram(ctx: CommandContext, commands: readonly RegisterCommand[]): Command {
  const program = new Command('zone-replay')
    .description(
      'Replay AWS CloudTrail logs of Route 53 into point-in-time hosted-zone snapshots. ' +
        'Snapshots are best effort (CloudTrail marks these events "Do not use to reconstruct hosted zone"): ' +
        'every output says what is known, inferred, missing or contradictory.',
    )
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });
  for (const register of commands) register(program, ctx);
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let code = EXIT_OK;
  const ctx: CommandContext = {
    io,
    exit(c) {
      code = c;
    },
  };
  const program = buildProgram(ctx, await commandsFor(argv));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return err.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`zone-replay: ${safeText(err.message)}\n`);
      return EXIT_ERROR;
    }
    throw err;
  }
}
