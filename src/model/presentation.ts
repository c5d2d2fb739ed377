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

/** Splits a value into words and quoted strings. Throws TokenError. */
export function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    const ch = value[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let text = '';
      while (j < n && value[j] !== '"') {
        if (value[j] === '\\' && j + 1 < n) {
          text += value[j]! + value[j + 1]!;
          j += 2;
        } else {
          text += value[j]!;
          j++;
        }
      }
      if (j >= n) throw new TokenError('unterminated quoted string');
      tokens.push({ text, quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    let text = '';
    while (j < n && !/\s/.test(value[j]!)) {
      if (value[j] === '"') {
        // `key="a b"` (SvcParams) is one word; a quote elsewhere starts a new token.
        if (!text.endsWith('=')) break;
        const close = value.indexOf('"', j + 1);
        if (close < 0) throw new TokenError('unterminated quoted string');
        text += value.slice(j, close + 1);
        j = close + 1;
        continue;
      }
      if (value[j] === '\\' && j + 1 < n) {
        text += value[j]! + value[j + 1]!;
        j += 2;
      } else {
        text += value[j]!;
        j++;
      }
    }
    tokens.push({ text, quoted: false });
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
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const digits = text.slice(i + 1, i + 4);
    if (dialect === 'route53' ? /^[0-7]{3}$/.test(digits) : /^[0-9]{3}$/.test(digits)) {
      const code = parseInt(digits, dialect === 'route53' ? 8 : 10);
      if (code > 255) throw new TokenError(`escape \\${digits} is out of range`);
      out += String.fromCharCode(code);
      i += 3;
    } else if (i + 1 < text.length) {
      out += text[i + 1];
      i++;
    } else {
      throw new TokenError('character string ends with a lone backslash');
    }
  }
  return out;
}

/** Writes raw bytes as a quoted character string in the dialect's escapes. */
export function encodeCharString(bytes: string, dialect: NameDialect): string {
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) out += '\\' + bytes[i];
    else if (c >= 0x20 && c <= 0x7e) out += bytes[i];
    else out += '\\' + (dialect === 'route53' ? c.toString(8).padStart(3, '0') : String(c).padStart(3, '0'));
  }
  return out + '"';
}

/** Converts text that may hold non-Latin-1 characters into its UTF-8 bytes. */
export function utf8Bytes(text: string): string {
  return text.replace(/[^\x00-\xff]+/gu, (run) => Buffer.from(run, 'utf8').toString('latin1'));
}
