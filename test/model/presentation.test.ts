import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalValue } from '../../src/model/rdata.js';
import { decodeCharString, encodeCharString, tokenize, TokenError, type Token } from '../../src/model/presentation.js';
import { parseLabels, labelsToName } from '../../src/model/name.js';

/** The end of the character at `j`, or of the escape pair a backslash there starts. */
function unitEnd(value: string, j: number): number {
  return value[j] === '\\' && j + 1 < value.length ? j + 2 : j + 1;
}

/**
 * The character-by-character tokenizer this project had until the eleventh
 * session, as the oracle for the one that slices. It never ended on a
 * whitespace character other than the four blanks (a no-break space, say),
 * so it is only asked about texts without one.
 */
function formerTokenize(value: string): Token[] {
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
        const end = unitEnd(value, j);
        text += value.slice(j, end);
        j = end;
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
        if (!text.endsWith('=')) break;
        const close = value.indexOf('"', j + 1);
        if (close < 0) throw new TokenError('unterminated quoted string');
        text += value.slice(j, close + 1);
        j = close + 1;
        continue;
      }
      const end = unitEnd(value, j);
      text += value.slice(j, end);
      j = end;
    }
    tokens.push({ text, quoted: false });
    i = j;
  }
  return tokens;
}

/** The former decoder, the oracle for decodeCharString. */
function formerDecode(text: string, dialect: 'route53' | 'zonefile'): string {
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

/** Either the result or the error's message: two implementations must agree on both. */
function outcome<T>(f: () => T): T | { error: string } {
  try {
    return f();
  } catch (err) {
    if (!(err instanceof TokenError)) throw err;
    return { error: err.message };
  }
}

/** Texts made of the characters presentation format gives meaning to, and some it does not. */
const presentationText = fc
  .array(fc.constantFrom('a', 'Z', '0', '=', '"', '\\', ' ', '\t', '\n', '\r', ';', '.', '1', '7', '9', 'é', '\u00a0', '\u000b', '\u2028', '\ufeff'), { maxLength: 40 })
  .map((cs) => cs.join(''));
const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }).map((cs) => String.fromCharCode(...cs));
const dialect = fc.constantFrom('route53' as const, 'zonefile' as const);

describe('presentation-format tokens', () => {
  it('come out as the former tokenizer gave them, wherever it ended', () => {
    fc.assert(
      fc.property(presentationText, (text) => {
        fc.pre(!/[^\S \t\n\r]/.test(text));
        // The former one also ended `key="…"` at an escaped quote (below): not compared there.
        fc.pre(!/="[^"]*\\/.test(text));
        expect(outcome(() => tokenize(text))).toEqual(outcome(() => formerTokenize(text)));
      }),
      { numRuns: 2000 },
    );
  });

  it('end on any text, each token a piece of it and blanks only between them', () => {
    fc.assert(
      fc.property(presentationText, (text) => {
        const tokens = outcome(() => tokenize(text));
        if ('error' in tokens) return;
        expect(tokens.length).toBeLessThanOrEqual(text.length);
        for (const t of tokens) {
          expect(text.includes(t.quoted ? `"${t.text}"` : t.text)).toBe(true);
          if (!t.quoted) expect(t.text).not.toBe('');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keep a no-break space, a vertical tab or a line separator inside the word (they hung the former tokenizer)', () => {
    expect(tokenize('a\u00a0b c')).toEqual([
      { text: 'a\u00a0b', quoted: false },
      { text: 'c', quoted: false },
    ]);
    expect(tokenize('\u000b')).toEqual([{ text: '\u000b', quoted: false }]);
    expect(tokenize('"x"\u2028"y"')).toEqual([
      { text: 'x', quoted: true },
      { text: '\u2028', quoted: false },
      { text: 'y', quoted: true },
    ]);
  });

  it('read an escaped quote inside key="…" as part of it, as the zone-file lexer does', () => {
    expect(tokenize('1 . alpn="a\\"b c" port=1')).toEqual([
      { text: '1', quoted: false },
      { text: '.', quoted: false },
      { text: 'alpn="a\\"b c"', quoted: false },
      { text: 'port=1', quoted: false },
    ]);
  });

  it('make a TXT value with a no-break space between its strings canonical, not a hang', () => {
    const c = canonicalValue('TXT', '"abc"\u00a0"def"');
    // A character up to U+00FF is taken as the byte of that value (as utf8Bytes reads text).
    expect(c).toEqual({ ok: true, value: '"abc" "\\240" "def"' });
  });
});

describe('character strings', () => {
  it('decode as the former decoder did, errors included', () => {
    fc.assert(
      fc.property(presentationText, dialect, (text, d) => {
        expect(outcome(() => decodeCharString(text, d))).toEqual(outcome(() => formerDecode(text.replace(/[^\x00-\xff]+/gu, (run) => Buffer.from(run, 'utf8').toString('latin1')), d)));
      }),
      { numRuns: 2000 },
    );
  });

  it('decode back to the bytes they were encoded from, in either dialect', () => {
    fc.assert(
      fc.property(bytes, dialect, (raw, d) => {
        const written = encodeCharString(raw, d);
        expect(written.startsWith('"') && written.endsWith('"')).toBe(true);
        // Printable ASCII only between the quotes, and no bare quote: it reads back as one token.
        expect(/^"(?:[\x20-\x21\x23-\x5b\x5d-\x7e]|\\[0-9]{3}|\\["\\])*"$/.test(written)).toBe(true);
        const [token, ...rest] = tokenize(written);
        expect(rest).toEqual([]);
        expect(decodeCharString(token!.text, d)).toBe(raw);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('labels without escapes', () => {
  it('split and join as the escaped path reads them', () => {
    const label = fc.stringMatching(/^[A-Za-z0-9_*-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 5 }), fc.boolean(), (labels, dot) => {
        const text = labels.join('.') + (dot ? '.' : '');
        // The same name with its first character escaped (Route 53's octal \ooo) goes through the character-by-character path.
        const escaped = `\\${text.charCodeAt(0).toString(8).padStart(3, '0')}${text.slice(1)}`;
        expect(parseLabels(text, 'route53')).toEqual(parseLabels(escaped, 'route53'));
        expect(labelsToName(parseLabels(text, 'route53'))).toBe(labelsToName(parseLabels(escaped, 'route53')));
      }),
    );
  });

  it('still refuse empty labels', () => {
    for (const bad of ['a..b', '.a', 'a..']) expect(() => parseLabels(bad, 'route53'), bad).toThrow(/empty label/);
  });
});
