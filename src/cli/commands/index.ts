/** Every command of the CLI, in the order `--help` lists them. Add new ones here. */
import type { RegisterCommand } from '../command.js';

export const COMMANDS: readonly RegisterCommand[] = [];
