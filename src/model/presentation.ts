/**
 * Tokens of DNS presentation format (RFC 1035 §5.1), shared by record
 * values and zone files: words, quoted character strings, escapes.
 */
import type { NameDialect } from './name.js';

/** One word of a value: `text` is as written (escapes not yet decoded). */
export interface Token {
  readonly text: string;
  readonly quoted: boolean;
}

/** A value that cannot be tokenized. */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const EQUALS = 0x3d;

/**
 * The blanks between words: spaces, tabs and line ends. Every other
 * character, a no-break space or a vertical tab included, is part of a word
 * (and of a character string's bytes), as BIND reads presentation format.
 */
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * The offset of the quote that closes the one at `open`: escapes (a backslash
 * and the character after it) are skipped, kept as written. Throws TokenError
 * when there is none.
 */
function closingQuote(value: string, open: number): number {
  const n = value.length;
  let j = open + 1;
  while (j < n && value.charCodeAt(j) !== QUOTE) j += value.charCodeAt(j) === BACKSLASH && j + 1 < n ? 2 : 1;
  if (j >= n) throw new TokenError('unterminated quoted string');
  return j;
}

/**
 * Splits a value into words and quoted strings. Throws TokenError. A token's
 * text is a slice of the value as written (escapes are decoded later), not
 * built character by character: values are kept for the whole run, and a
 * string built by appending is a chain of pieces in memory.
 */
export function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  const n = value.length;
  let i = 0;
  while (i < n) {
    if (isBlank(value.charCodeAt(i))) {
      i++;
      continue;
    }
    if (value.charCodeAt(i) === QUOTE) {
      const j = closingQuote(value, i);
      tokens.push({ text: value.slice(i + 1, j), quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < n && !isBlank(value.charCodeAt(j))) {
      const c = value.charCodeAt(j);
      if (c === QUOTE) {
        // `key="a b"` (SvcParams) is one word; a quote elsewhere starts a new token.
        if (value.charCodeAt(j - 1) !== EQUALS) break;
        // An escaped quote inside does not end it, as in a quoted token (and as the zone-file lexer reads it).
        j = closingQuote(value, j) + 1;
        continue;
      }
      j += c === BACKSLASH && j + 1 < n ? 2 : 1;
    }
    tokens.push({ text: value.slice(i, j), quoted: false });
    i = j;
  }
  return tokens;
}

/**
 * Decodes the escapes of a character string into raw bytes (one char code
 * 0–255 each). Route 53 writes `\ooo` in octal, zone files `\DDD` in decimal.
 */
export function decodeCharString(input: string, dialect: NameDialect): string {
  // Text written by people may hold non-Latin-1 characters: keep their UTF-8 bytes.
  const text = utf8Bytes(input);
  let escape = text.indexOf('\\');
  if (escape === -1) return text;
  const parts: string[] = [];
  let run = 0;
  for (; escape !== -1; escape = text.indexOf('\\', run)) {
    parts.push(text.slice(run, escape));
    const digits = text.slice(escape + 1, escape + 4);
    if (dialect === 'route53' ? /^[0-7]{3}$/.test(digits) : /^[0-9]{3}$/.test(digits)) {
      const code = parseInt(digits, dialect === 'route53' ? 8 : 10);
      if (code > 255) throw new TokenError(`escape \\${digits} is out of range`);
      parts.push(String.fromCharCode(code));
      run = escape + 4;
    } else if (escape + 1 < text.length) {
      parts.push(text[escape + 1]!);
      run = escape + 2;
    } else {
      throw new TokenError('character string ends with a lone backslash');
    }
  }
  parts.push(text.slice(run));
  return parts.join('');
}

/** Writes raw bytes as a quoted character string in the dialect's escapes (one flat string: see tokenize). */
export function encodeCharString(bytes: string, dialect: NameDialect): string {
  const parts = ['"'];
  let run = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== QUOTE && c !== BACKSLASH) continue;
    parts.push(bytes.slice(run, i), c === QUOTE || c === BACKSLASH ? '\\' + bytes[i] : '\\' + (dialect === 'route53' ? c.toString(8).padStart(3, '0') : String(c).padStart(3, '0')));
    run = i + 1;
  }
  parts.push(bytes.slice(run), '"');
  return parts.join('');
}

/** Converts text that may hold non-Latin-1 characters into its UTF-8 bytes. */
export function utf8Bytes(text: string): string {
  return text.replace(/[^\x00-\xff]+/gu, (run) => Buffer.from(run, 'utf8').toString('latin1'));
}
