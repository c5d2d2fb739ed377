/**
 * Splits a zone file (RFC 1035 §5.1, BIND's dialect) into entries: one
 * entry per record or directive, with parentheses joining lines, comments
 * collected, quoted strings kept whole. Escapes are left as written so that
 * names and values are decoded once, by the model, in the zone-file dialect.
 *
 * A line starting with `;@AWS ` is a record that zone-replay's printer hid
 * from BIND (see printer.ts); the lexer reads the rest of that line as an
 * entry of its own, marked `hidden`.
 */
import { ZoneFileError } from './errors.js';

/** The marker that starts a record hidden from BIND in a comment. */
export const HIDDEN_MARKER = ';@AWS ';

/** One word or quoted string of an entry, escapes undecoded. */
export interface RawToken {
  /** As written; for a quoted string, the text between the quotes. */
  readonly text: string;
  readonly quoted: boolean;
}

/** One record or directive. */
export interface Entry {
  /** Line (1-based) where the entry starts. */
  readonly line: number;
  readonly tokens: RawToken[];
  /** True when the entry starts with blanks: its owner is the previous one. */
  readonly ownerOmitted: boolean;
  /** Comments on the entry's lines, without the leading `;`. */
  readonly comments: string[];
  /** True for a record hidden from BIND behind the `;@AWS ` marker. */
  readonly hidden: boolean;
}

const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '(', ')', '"']);

/** Lexes a whole zone file. Throws ZoneFileError on unbalanced parentheses or quotes. */
export function lexZoneFile(input: string, file: string): Entry[] {
  const text = input.startsWith('\ufeff') ? input.slice(1) : input;
  const entries: Entry[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let depth = 0;
  let openedAt = 0;
  let current: Entry | undefined;

  const finish = (): void => {
    if (current !== undefined && current.tokens.length > 0) entries.push(current);
    current = undefined;
  };
  const startLine = (): void => {
    let hidden = false;
    if (text.startsWith(HIDDEN_MARKER, i)) {
      hidden = true;
      i += HIDDEN_MARKER.length;
    }
    const ch = text[i];
    current = { line, tokens: [], ownerOmitted: ch === ' ' || ch === '\t', comments: [], hidden };
  };

  startLine();
  while (i < n) {
    const ch = text[i]!;
    if (ch === '\n') {
      i++;
      line++;
      if (depth === 0) {
        finish();
        startLine();
      }
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    const entry = current!;
    if (ch === ';') {
      let j = i + 1;
      while (j < n && text[j] !== '\n') j++;
      entry.comments.push(text.slice(i + 1, j).replace(/\r$/, ''));
      i = j;
      continue;
    }
    if (ch === '(') {
      if (depth === 0) openedAt = line;
      depth++;
      i++;
      continue;
    }
    if (ch === ')') {
      if (depth === 0) throw new ZoneFileError(file, line, '")" without a matching "("');
      depth--;
      i++;
      continue;
    }
    if (ch === '"') {
      const end = quotedEnd(text, i + 1);
      if (end < 0) throw new ZoneFileError(file, line, 'unterminated quoted string');
      entry.tokens.push({ text: text.slice(i + 1, end), quoted: true });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < n && !WORD_END.has(text[j]!)) {
      if (text[j] === '\\' && j + 1 < n && text[j + 1] !== '\n') {
        j += 2;
      } else if (text[j] === '=' && text[j + 1] === '"') {
        // `alpn="h2,h3"` (SVCB parameters) is one word.
        const end = quotedEnd(text, j + 2);
        if (end < 0) throw new ZoneFileError(file, line, 'unterminated quoted string');
        j = end + 1;
      } else {
        j++;
      }
    }
    entry.tokens.push({ text: text.slice(i, j), quoted: false });
    i = j;
  }
  if (depth > 0) throw new ZoneFileError(file, openedAt, '"(" is never closed');
  finish();
  return entries;
}

/** Index of the quote closing a string whose text starts at `from`, or -1 (strings stay on one line). */
function quotedEnd(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      if (text[j + 1] === '\n') return -1;
      j++;
    } else if (c === '"') return j;
    else if (c === '\n') return -1;
  }
  return -1;
}
