/**
 * Runs the CLI's main() in-process with a CliIO that collects what it prints
 * (no TTY, no colour, empty stdin).
 */
import { Readable } from 'node:stream';
import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/** What a run printed and returned. */
export interface MainResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `zone-replay args...` in-process. */
export async function runMain(args: readonly string[], options: { env?: Record<string, string>; cwd?: string; progress?: boolean } = {}): Promise<MainResult> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: Readable.from([]),
    color: false,
    progress: options.progress === true,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await main(args, io);
  return { code, out, err };
}
