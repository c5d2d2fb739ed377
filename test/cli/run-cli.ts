/**
 * Runs the real CLI (bin/zone-replay.js over dist/, as a user would after
 * `npm ci`) in a child process, with no TTY.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/zone-replay.js', import.meta.url));

/** True when the build exists (npm test builds before vitest). */
export const BUILT = existsSync(new URL('../../dist/cli/main.js', import.meta.url));

/** What a CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `zone-replay args...` in the repository root. */
export function runCli(args: readonly string[], options: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const limits = { maxBuffer: 64 * 1024 * 1024, ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}) };
    const child = execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env }, ...limits }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? 99 : 0;
      resolve({ code, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}
