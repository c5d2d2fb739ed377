/**
 * How a command plugs into the program: each module under cli/commands
 * exports one `register` function that adds its commander Command.
 */
import type { Command } from 'commander';
import type { CliIO } from './io.js';

/** What a command's action gets besides its arguments. */
export interface CommandContext {
  readonly io: CliIO;
  /** Sets the exit code the process will end with (last call wins). */
  exit(code: number): void;
}

/** Adds one command (with its options and action) to the program. */
export type RegisterCommand = (program: Command, ctx: CommandContext) => void;
