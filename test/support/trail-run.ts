/**
 * Helpers the laws on rich trails share: replaying records as if read from
 * several files, drawing a permutation, and dropping where a record was read.
 */
import { collectEvents } from '../../src/events/collect.js';
import { replayEvents, type Replay } from '../../src/replay/replay.js';
import type { Json } from './cloudtrail.js';

/** The replay of `files` of records, read under `names`. */
export function run(files: readonly Json[][], names: readonly string[] = files.map((_, f) => `f${f}.json`)): Replay {
  return replayEvents(collectEvents(files.flatMap((recs, f) => recs.map((record, index) => ({ record, file: names[f]!, index })))).events);
}

/** A permutation of `list` drawn from `noise`. */
export function shuffle<T>(list: readonly T[], noise: readonly number[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (noise[i % Math.max(1, noise.length)] ?? 0) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Drops where a record was read (file, index): the one thing a split or a copy may change. */
export function unplaced(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unplaced);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !(k === 'file' || k === 'index') || !('eventId' in v)).map(([k, x]) => [k, unplaced(x)]));
}
