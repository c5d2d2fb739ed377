/**
 * Records into events on the reading thread, once per distinct record text.
 * Two trails that both log global events (an organization trail and an
 * account's own) deliver every Route 53 event twice, byte for byte; a copy's
 * event is the first one's with the copy's own file and position, so it is
 * neither parsed nor normalized again. (Normalizing on the scanning threads
 * instead cost more: each thread's JIT warms up on its own, and identical
 * copies landed on different threads.) Texts are known by their SHA-1, so
 * they are not kept: long-lived strings made every young-generation GC copy
 * them.
 */
import { hash } from 'node:crypto';
import { NO_EVENT_ID, normalizeRecord } from '../events/normalize.js';
import type { NormalizedRecord } from './ingest.js';

interface FirstCopy {
  readonly event: NormalizedRecord;
  readonly file: string;
  readonly index: number;
}

/** A record text as a key: its SHA-1. */
export type TextKey = string;

/** The events of record texts, normalized as files arrive (in any order). */
export class TextEvents {
  private readonly byKey = new Map<TextKey, FirstCopy>();

  /** Normalizes the texts not seen before (each was checked to parse as one record); their keys, in order. */
  add(file: string, texts: readonly { readonly text: string; readonly index: number }[]): { key: TextKey; index: number }[] {
    return texts.map(({ text, index }) => {
      // One-shot hash (Node ≥ 20.12): half the cost of a Hash object per text.
      const key = hash('sha1', text, 'base64');
      if (!this.byKey.has(key)) this.byKey.set(key, { event: normalizeRecord(JSON.parse(text), { file, index }), file, index });
      return { key, index };
    });
  }

  /** The event of one copy of a text given to add(): what normalizeRecord gives for it. */
  eventOf(key: TextKey, file: string, index: number): NormalizedRecord {
    const first = this.byKey.get(key);
    if (first === undefined) throw new Error(`no record text was added under ${key}`);
    const e = first.event;
    if (first.file === file && first.index === index) return e;
    if (!('provenance' in e)) return { ...e, file, index };
    // Without an eventID, a record is identified by its origin.
    const eventId = e.problems?.includes(NO_EVENT_ID) === true ? `${file}#${index}` : e.provenance.eventId;
    return { ...e, provenance: { ...e.provenance, eventId, file, index } };
  }
}
