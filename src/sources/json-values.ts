/**
 * JSON text that may hold several documents back to back (JSON Lines,
 * concatenated `aws` CLI pages), read value by value with exact error
 * positions. The fast paths are V8's JSON.parse; the hand-written scanner
 * below only splits documents that JSON.parse cannot and finds where a
 * broken document breaks (V8's messages do not always say where).
 */

/** Thrown when text is not what a format expects; the message says where and what. */
export class FormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FormatError';
  }
}

/** 1-based line and column (in UTF-16 code units) of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * positionOf for many offsets of one text: each call scans only from the
 * previous offset when offsets increase (as values are read), so a file's
 * positions cost one pass, not one pass each. Any order is answered.
 */
export function positionsIn(text: string): (offset: number) => { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  return (offset) => {
    if (offset < scanned) return positionOf(text, offset);
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    scanned = offset;
    return { line, column: offset - lineStart + 1 };
  };
}

/** "line 3, column 7" for an offset in `text`. */
export function describePosition(text: string, offset: number): string {
  const { line, column } = positionOf(text, offset);
  return `line ${line}, column ${column}`;
}

/** Where a value ends, or where and why it is not valid JSON. */
export type ScanResult = { readonly end: number } | { readonly error: string; readonly offset: number };

/** Called with every object key met and the depth of its object (1 = top level). */
export type KeyVisitor = (key: string, depth: number) => void;

/** JSON's whitespace (space, newline, carriage return, tab), as a character or byte code. */
export const isJsonBlank = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipWs(text: string, i: number): number {
  while (i < text.length && isJsonBlank(text.charCodeAt(i))) i++;
  return i;
}

function describeChar(text: string, i: number): string {
  const c = text.charCodeAt(i);
  return c >= 0x21 && c <= 0x7e ? `'${text[i]}'` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Scans a JSON string starting at the quote `text[i]`; returns the offset after it, or an error. */
function scanString(text: string, i: number): ScanResult {
  let j = i + 1;
  for (;;) {
    if (j >= text.length) return { error: 'unterminated string', offset: j };
    const c = text.charCodeAt(j);
    if (c === 0x22) return { end: j + 1 };
    if (c < 0x20) return { error: 'control character inside a string', offset: j };
    if (c === 0x5c) {
      const e = text[j + 1];
      if (e === undefined) return { error: 'unterminated string', offset: j + 1 };
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return { error: 'bad \\u escape', offset: j };
        j += 6;
      } else if ('"\\/bfnrt'.includes(e)) {
        j += 2;
      } else {
        return { error: `bad escape '\\${e}'`, offset: j };
      }
    } else {
      j++;
    }
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;

/**
 * Validates the one JSON value that starts at `start` (after whitespace) and
 * returns where it ends, or the offset and reason of the first error.
 * Iterative, so deep nesting cannot overflow the stack.
 */
export function scanJsonValue(text: string, start: number, onKey?: KeyVisitor): ScanResult {
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close';
  let expect: Expect = 'value';
  let i = start;
  for (;;) {
    i = skipWs(text, i);
    if (i >= text.length) return { error: 'unexpected end of input', offset: i };
    const c = text.charCodeAt(i);
    let valueDone = false;
    switch (expect) {
      case 'value':
      case 'value-or-close': {
        if (c === 0x5d && expect === 'value-or-close') {
          stack.pop();
          i++;
          valueDone = true;
        } else if (c === 0x7b) {
          stack.push(c);
          expect = 'key-or-close';
          i++;
        } else if (c === 0x5b) {
          stack.push(c);
          expect = 'value-or-close';
          i++;
        } else if (c === 0x22) {
          const s = scanString(text, i);
          if ('error' in s) return s;
          i = s.end;
          valueDone = true;
        } else {
          const re = c === 0x2d || (c >= 0x30 && c <= 0x39) ? NUMBER : LITERAL;
          re.lastIndex = i;
          if (!re.test(text)) return { error: `unexpected character ${describeChar(text, i)}`, offset: i };
          i = re.lastIndex;
          valueDone = true;
        }
        break;
      }
      case 'key':
      case 'key-or-close': {
        if (c === 0x7d && expect === 'key-or-close') {
          stack.pop();
          i++;
          valueDone = true;
        } else if (c === 0x22) {
          const s = scanString(text, i);
          if ('error' in s) return s;
          if (onKey) {
            const raw = text.slice(i + 1, s.end - 1);
            onKey(raw.includes('\\') ? (JSON.parse(text.slice(i, s.end)) as string) : raw, stack.length);
          }
          i = s.end;
          expect = 'colon';
        } else {
          return { error: `expected a property name in double quotes, found ${describeChar(text, i)}`, offset: i };
        }
        break;
      }
      case 'colon':
        if (c !== 0x3a) return { error: `expected ':' after a property name, found ${describeChar(text, i)}`, offset: i };
        i++;
        expect = 'value';
        break;
      case 'comma-or-close': {
        const open = stack[stack.length - 1];
        const close = open === 0x7b ? 0x7d : 0x5d;
        if (c === 0x2c) {
          expect = open === 0x7b ? 'key' : 'value';
          i++;
        } else if (c === close) {
          stack.pop();
          i++;
          valueDone = true;
        } else {
          const want = open === 0x7b ? "',' or '}'" : "',' or ']'";
          return { error: `expected ${want}, found ${describeChar(text, i)}`, offset: i };
        }
        break;
      }
    }
    if (valueDone) {
      if (stack.length === 0) return { end: i };
      expect = 'comma-or-close';
    }
  }
}

/** One parsed top-level value and the offset where it starts. */
export interface JsonValueAt {
  readonly value: unknown;
  readonly offset: number;
}

function parseError(text: string, start: number): FormatError {
  const r = scanJsonValue(text, start);
  if ('error' in r) return new FormatError(`invalid JSON at ${describePosition(text, r.offset)}: ${r.error}`);
  // The scanner accepted what JSON.parse refused: should not happen; say where the value began.
  return new FormatError(`invalid JSON in the value starting at ${describePosition(text, start)}`);
}

/**
 * Every top-level JSON value in `text`, in order: one document, JSON Lines,
 * or documents back to back separated by any whitespace. Throws FormatError
 * (with line and column) at the first one that is not valid JSON.
 */
export function* jsonValues(text: string): Generator<JsonValueAt> {
  const first = skipWs(text, 0);
  if (first >= text.length) return;
  try {
    yield { value: JSON.parse(text) as unknown, offset: first };
    return;
  } catch {
    // Several documents, or a broken one: walk value by value below.
  }
  let i = first;
  while (i < text.length) {
    // JSON Lines fast path: the rest of this line is often exactly one value.
    const nl = text.indexOf('\n', i);
    const lineEnd = nl === -1 ? text.length : nl;
    let value: unknown;
    let end: number;
    try {
      value = JSON.parse(text.slice(i, lineEnd));
      end = lineEnd;
    } catch {
      const r = scanJsonValue(text, i);
      if ('error' in r) throw parseError(text, i);
      try {
        value = JSON.parse(text.slice(i, r.end));
      } catch {
        throw parseError(text, i);
      }
      end = r.end;
    }
    yield { value, offset: i };
    i = skipWs(text, end);
  }
}

/** JSON.parse with a FormatError naming `what` and the position on failure. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const r = scanJsonValue(text, skipWs(text, 0));
    const where =
      'error' in r
        ? `${describePosition(text, r.offset)}: ${r.error}`
        : `${describePosition(text, skipWs(text, r.end))}: unexpected content after the value`;
    throw new FormatError(`${what} is not valid JSON (${where})`);
  }
}
