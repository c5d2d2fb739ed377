/**
 * Records into events on the reading thread, once per distinct record text.
 * Two trails that both log global events (an organization trail and an
 * account's own) deliver every Route 53 event twice, byte for byte; a copy's
 * event is the first one's with the copy's own file and position, so it is
 * neither parsed nor normalized again. (Normalizing on the scanning threads
 * instead cost more: each thread's JIT warms up on its own, and identical
 * copies landed on different threads.) Texts are known by their SHA-256, so
 * they are not kept: long-lived strings made every young-generation GC copy
 * them. (SHA-1 until the fourteenth session: as fast here, with the CPU's SHA
 * instructions, and no known way to make two texts collide.)
 */
import { hash } from 'node:crypto';
import { NO_EVENT_ID, normalizeRecord } from '../events/normalize.js';
import type { NormalizedRecord } from './ingest.js';
import { parseRecordText } from './scan.js';

interface FirstCopy {
  readonly event: NormalizedRecord;
  readonly file: string;
  readonly index: number;
}

/** A record text as a key: its SHA-256. */
export type TextKey = string;

/** A text that holds Route 53's name but is another service's record: its copies are dropped too. */
const NOT_ROUTE53 = Symbol('not a Route 53 record');

/** What add() made of a file's texts. */
export interface AddedTexts {
  /** The keys of the Route 53 records, in order, up to any problem. */
  readonly keys: { key: TextKey; index: number }[];
  /** The first text that does not parse: the texts after it are not added. */
  readonly problem?: { readonly index: number; readonly message: string };
}

/** The events of record texts, normalized as files arrive (in any order). */
export class TextEvents {
  private readonly byKey = new Map<TextKey, FirstCopy | typeof NOT_ROUTE53>();

  /** Parses and normalizes the texts not seen before; the keys of the Route 53 records, in order. */
  add(file: string, texts: readonly { readonly text: string; readonly index: number }[]): AddedTexts {
    const keys: { key: TextKey; index: number }[] = [];
    for (const { text, index } of texts) {
      // One-shot hash (Node ≥ 20.12): half the cost of a Hash object per text.
      const key = hash('sha256', text, 'base64');
      let first = this.byKey.get(key);
      if (first === undefined) {
        const parsed = parseRecordText(text, index);
        if ('problem' in parsed) return { keys, problem: { index, message: parsed.problem } };
        first = parsed.record === undefined ? NOT_ROUTE53 : { event: normalizeRecord(parsed.record, { file, index }), file, index };
        this.byKey.set(key, first);
      }
      if (first !== NOT_ROUTE53) keys.push({ key, index });
    }
    return { keys };
  }

  /** The event of one copy of a Route 53 record's text given to add(): what normalizeRecord gives for it. */
  eventOf(key: TextKey, file: string, index: number): NormalizedRecord {
    const first = this.byKey.get(key);
    if (first === undefined || first === NOT_ROUTE53) throw new Error(`no Route 53 record text was added under ${key}`);
    const e = first.event;
    if (first.file === file && first.index === index) return e;
    if (!('provenance' in e)) return { ...e, file, index };
    // Without an eventID, a record is identified by its origin.
    const eventId = e.problems?.includes(NO_EVENT_ID) === true ? `${file}#${index}` : e.provenance.eventId;
    return { ...e, provenance: { ...e.provenance, eventId, file, index } };
  }
}
