/**
 * Turns what the user named — files, directories, `-` — into a flat,
 * deterministic list of InputFile. Directories are walked recursively with
 * entries in code-unit order (so an S3-layout tree comes out region by
 * region, day by day); hidden entries (`.DS_Store`, `.git`) are left out,
 * and so are the region folders, and log files of regions, that cannot hold
 * Route 53 events (trail-folders.ts).
 * A path that cannot be listed becomes an InputFile whose read() fails, so
 * its problem is reported in input order like any other.
 */
import { createReadStream, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compareStrings } from '../model/index.js';
import { logFileRule, skippedFolder, type RegionChoice, type SkippedFolder } from './trail-folders.js';
import type { InputFile } from './types.js';

/** How directory trees are walked. */
export interface WalkOptions {
  /**
   * Which region folders (`…/AWSLogs/<account>/CloudTrail/<region>/`) inside a
   * walked tree are read: by default only those that can hold Route 53
   * events (see trail-folders.ts). A path named on the command line is always read.
   */
  readonly regions?: RegionChoice;
  /** Told of each folder left unread. */
  readonly onSkippedFolder?: (folder: SkippedFolder) => void;
}

/** The name stdin's records carry. */
export const STDIN_NAME = '<stdin>';

/**
 * Local files from this size on are read as streams, piece by piece: read
 * whole, a big file (gzipped, ten times bigger once inflated) would cost its
 * whole size in memory at once.
 */
export const STREAMED_FILE_BYTES = 16 * 2 ** 20;

/** A local file, read whole. */
export function localFile(path: string, size?: number): InputFile {
  return size === undefined ? { name: path, path, read: () => readFile(path) } : { name: path, path, size, read: () => readFile(path) };
}

/** A local file's bytes as a stream, 1 MiB a read (not 64 KiB: each read is a round through the event loop). */
export function fileStream(path: string): AsyncIterable<Buffer> {
  return createReadStream(path, { highWaterMark: 2 ** 20 });
}

/** A local file read as a stream: a pipe, a device, or a big file (see STREAMED_FILE_BYTES). */
export function streamedLocalFile(path: string, size?: number): InputFile {
  return { ...localFile(path, size), stream: () => fileStream(path) };
}

/** An input that failed before reading: read() rejects with `message`. */
export function failedInput(name: string, message: string): InputFile {
  return { name, read: () => Promise.reject(new Error(message)) };
}

/** A stream as one input, read piece by piece by ingest (or whole by read()); read it once. */
export function streamFile(stream: NodeJS.ReadableStream, name = STDIN_NAME): InputFile {
  return {
    name,
    stream: () => stream as AsyncIterable<Uint8Array | string>,
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

/**
 * Every file under the directory `root`, in code-unit order, depth first.
 * Iterative (a stack, not nested generators), so each file costs one
 * hand-over to the reader however deep the S3 key layout goes.
 */
async function* walk(root: string, options: WalkOptions): AsyncGenerator<InputFile> {
  const regions = options.regions ?? 'route53';
  const skipsLogFile = logFileRule(root, regions);
  const seen = new Set<string>();
  // Entries still to visit, the next one last; a directory is listed when it comes up.
  const stack: { path: string; dir: boolean; problem?: string }[] = [{ path: root, dir: true }];
  while (stack.length > 0) {
    const { path, dir, problem } = stack.pop()!;
    if (!dir) {
      yield problem !== undefined ? failedInput(path, problem) : localFile(path);
      continue;
    }
    const skipped = path === root ? undefined : skippedFolder(path, regions);
    if (skipped !== undefined) {
      options.onSkippedFolder?.(skipped);
      continue;
    }
    let entries: Dirent[];
    try {
      const real = realpathSync(path);
      if (seen.has(real)) continue; // a symlink loop
      seen.add(real);
      entries = readdirSync(path, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
    } catch (err) {
      yield failedInput(path, `cannot list directory: ${describeFsError(err)}`);
      continue;
    }
    entries.sort((a, b) => compareStrings(b.name, a.name)); // reversed: the stack pops the first name first
    // Log files of other regions found outside their region folder: one report per region here.
    const regionsLeft = new Set<string>();
    // The listing's own types: no stat per file (thousands of stats cost more than the
    // walk itself). Sizes stay unknown until a file is read. Only symlinks are stat'ed.
    for (const e of entries) {
      const child = join(path, e.name);
      if (e.isDirectory()) stack.push({ path: child, dir: true });
      else if (e.isFile()) {
        const region = skipsLogFile(e.name);
        if (region === undefined) stack.push({ path: child, dir: false });
        else regionsLeft.add(region);
      }
      else if (e.isSymbolicLink()) {
        try {
          const st = statSync(child);
          if (st.isDirectory() || st.isFile()) stack.push({ path: child, dir: st.isDirectory() });
        } catch (err) {
          stack.push({ path: child, dir: false, problem: describeFsError(err) });
        }
      }
      // Sockets, FIFOs and devices inside a tree are not logs: left out.
    }
    for (const region of [...regionsLeft].sort(compareStrings)) options.onSkippedFolder?.({ path, region });
  }
}

/** The files one command-line path names (itself, or every file under it), as they are found. */
export async function* pathFiles(path: string, options: WalkOptions = {}): AsyncGenerator<InputFile> {
  let s;
  try {
    s = await stat(path);
  } catch (err) {
    yield failedInput(path, describeFsError(err));
    return;
  }
  if (s.isDirectory()) {
    yield* walk(path, options);
    return;
  }
  // A FIFO or /dev/stdin named explicitly is read like stdin; a big file too.
  if (!s.isFile()) yield streamedLocalFile(path);
  else yield s.size >= STREAMED_FILE_BYTES ? streamedLocalFile(path, s.size) : localFile(path, s.size);
}

/** The files one command-line path names: itself, or every file under it. */
export async function expandPath(path: string, options: WalkOptions = {}): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for await (const f of pathFiles(path, options)) out.push(f);
  return out;
}

/**
 * Every input's files in order, produced as directories are listed, so a
 * reader can start on the first files while a big tree is still being
 * walked. `-` is `stdin` (read once: a second `-` is a problem).
 */
export async function* inputFiles(inputs: readonly (string | InputFile)[], stdin: NodeJS.ReadableStream, options: WalkOptions = {}): AsyncGenerator<InputFile> {
  let stdinUsed = false;
  for (const input of inputs) {
    if (typeof input !== 'string') yield input;
    else if (input === '-') {
      yield stdinUsed ? failedInput(STDIN_NAME, 'standard input named more than once') : streamFile(stdin);
      stdinUsed = true;
    } else yield* pathFiles(input, options);
  }
}

/** Expands every input in order (see inputFiles). */
export async function expandInputs(inputs: readonly (string | InputFile)[], stdin: NodeJS.ReadableStream, options: WalkOptions = {}): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for await (const f of inputFiles(inputs, stdin, options)) files.push(f);
  return files;
}
