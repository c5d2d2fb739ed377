/**
 * What a command may touch: its output streams and a few facts about the
 * terminal. Commands return an exit code; only bin/zone-replay.js exits.
 */

/** A place to write text. */
export interface TextSink {
  write(text: string): unknown;
}

/** The process as a command sees it (tests pass their own). */
export interface CliIO {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Standard input, for the `-` path. */
  readonly stdin: NodeJS.ReadableStream;
  /** stdout is a terminal: colour allowed unless NO_COLOR is set. */
  readonly color: boolean;
  /** stderr is a terminal: progress lines allowed. */
  readonly progress: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Exit codes, like diff(1). */
export const EXIT_OK = 0;
/** Differences found, verification failed: a result, not an error. */
export const EXIT_DIFFERENT = 1;
/** Usage or input error. */
export const EXIT_ERROR = 2;

/** A mistake of the user's (bad flag, unreadable input): printed as a message, exit 2, no stack. */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** The real process's IO. */
export function processIO(): CliIO {
  const env = process.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    color: Boolean(process.stdout.isTTY) && !noColor && env.TERM !== 'dumb',
    progress: Boolean(process.stderr.isTTY),
    env,
    cwd: process.cwd(),
  };
}
