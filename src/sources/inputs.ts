/**
 * Turns what the user named — files, directories, `-` — into a flat,
 * deterministic list of InputFile. Directories are walked recursively with
 * entries in code-unit order (so an S3-layout tree comes out region by
 * region, day by day); hidden entries (`.DS_Store`, `.git`) are left out.
 * A path that cannot be listed becomes an InputFile whose read() fails, so
 * its problem is reported in input order like any other.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InputFile } from './types.js';

/** The name stdin's records carry. */
export const STDIN_NAME = '<stdin>';

/** A local file, read whole. */
export function localFile(path: string, size?: number): InputFile {
  return size === undefined ? { name: path, path, read: () => readFile(path) } : { name: path, path, size, read: () => readFile(path) };
}

/** An input that failed before reading: read() rejects with `message`. */
export function failedInput(name: string, message: string): InputFile {
  return { name, read: () => Promise.reject(new Error(message)) };
}

/** All of a stream's bytes, as one input (read it once). */
export function streamFile(stream: NodeJS.ReadableStream, name = STDIN_NAME): InputFile {
  return {
    name,
    async read() {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      return Buffer.concat(chunks);
    },
  };
}

/** Why a file-system call failed, in words. */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return e?.message ?? String(err);
  }
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function walk(dir: string, seen: Set<string>, out: InputFile[]): Promise<void> {
  let real: string;
  let names: string[];
  try {
    real = realpathSync(dir);
    if (seen.has(real)) return; // a symlink loop
    seen.add(real);
    names = readdirSync(dir).filter((n) => !n.startsWith('.')).sort(byCodeUnits);
  } catch (err) {
    out.push(failedInput(dir, `cannot list directory: ${describeFsError(err)}`));
    return;
  }
  // Synchronous stats: a trail is thousands of small files, and one statSync costs a
  // few microseconds where a promise round trip through the thread pool costs tens.
  for (const name of names) {
    const path = join(dir, name);
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      out.push(failedInput(path, describeFsError(err)));
      continue;
    }
    if (st.isDirectory()) await walk(path, seen, out);
    else if (st.isFile()) out.push(localFile(path, st.size));
    // Sockets, FIFOs and devices inside a tree are not logs: left out.
  }
}

/** The files one command-line path names: itself, or every file under it. */
export async function expandPath(path: string): Promise<InputFile[]> {
  let s;
  try {
    s = await stat(path);
  } catch (err) {
    return [failedInput(path, describeFsError(err))];
  }
  if (s.isDirectory()) {
    const out: InputFile[] = [];
    await walk(path, new Set(), out);
    return out;
  }
  // A FIFO or /dev/stdin named explicitly is read like a file.
  return [localFile(path, s.isFile() ? s.size : undefined)];
}

/** Expands every input in order; `-` is `stdin` (read once: a second `-` is a problem). */
export async function expandInputs(
  inputs: readonly (string | InputFile)[],
  stdin: NodeJS.ReadableStream,
): Promise<InputFile[]> {
  const files: InputFile[] = [];
  let stdinUsed = false;
  for (const input of inputs) {
    if (typeof input !== 'string') files.push(input);
    else if (input === '-') {
      files.push(stdinUsed ? failedInput(STDIN_NAME, 'standard input named more than once') : streamFile(stdin));
      stdinUsed = true;
    } else files.push(...(await expandPath(input)));
  }
  return files;
}
