/**
 * Athena's text for struct and map values in CSV results:
 * `{type=IAMUser, arn=arn:aws:iam::1:user/a, invokedby=null, sessioncontext={attributes={mfaauthenticated=false}}}`.
 * Values are not quoted, so a value ends where `, key=` or a closing brace
 * that ends the whole value follows; `null` is the SQL NULL.
 */

/** A parsed struct: members in order; values are strings, nested structs or null. */
export type StructValue = string | null | StructObject;
/** A parsed struct object (own keys only, built with defineProperty). */
export interface StructObject {
  readonly [key: string]: StructValue;
}

/** Why struct text could not be read. */
export class StructTextError extends Error {
  constructor(
    readonly position: number,
    reason: string,
  ) {
    super(`struct text, character ${position + 1}: ${reason}`);
    this.name = 'StructTextError';
  }
}

/**
 * Deepest nesting read. Athena's userIdentity nests four levels; text nested
 * thousands deep is not a struct Athena wrote, and read recursively it would
 * overflow the stack.
 */
export const MAX_STRUCT_DEPTH = 64;

const KEY = /[^\s=,{}][^=,{}]*/y;
const NEXT_ENTRY = /, [^\s=,{}][^=,{}]*=/y;

/** Parses struct text. A value that is not `{…}` is returned as its text (`null` → null). */
export function parseStructText(text: string): StructValue {
  const t = text.trim();
  if (t === 'null') return null;
  if (!t.startsWith('{')) return t;
  const p = new Parser(t);
  const v = p.struct();
  if (p.pos !== t.length) throw new StructTextError(p.pos, 'text after the closing brace');
  return v;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  struct(depth = 1): StructObject {
    if (depth > MAX_STRUCT_DEPTH) throw new StructTextError(this.pos, `nested deeper than ${MAX_STRUCT_DEPTH} levels`);
    const obj: Record<string, StructValue> = {};
    this.pos++; // '{'
    if (this.s[this.pos] === '}') {
      this.pos++;
      return obj;
    }
    for (;;) {
      KEY.lastIndex = this.pos;
      const m = KEY.exec(this.s);
      if (!m) throw new StructTextError(this.pos, 'expected a member name');
      this.pos += m[0].length;
      if (this.s[this.pos] !== '=') throw new StructTextError(this.pos, `expected "=" after member ${JSON.stringify(m[0])}`);
      this.pos++;
      Object.defineProperty(obj, m[0], { value: this.value(depth), enumerable: true, writable: true, configurable: true });
      if (this.s.startsWith(', ', this.pos)) {
        this.pos += 2;
        continue;
      }
      if (this.s[this.pos] === '}') {
        this.pos++;
        return obj;
      }
      throw new StructTextError(this.pos, 'expected ", " or "}"');
    }
  }

  value(depth: number): StructValue {
    if (this.s[this.pos] === '{') return this.struct(depth + 1);
    const start = this.pos;
    for (let i = this.pos; i < this.s.length; i++) {
      const c = this.s[i];
      if (c === ',' && this.endsEntry(i)) return this.scalar(start, i);
      if (c === '}') {
        const after = this.braceRunEnd(i);
        if (after === this.s.length || this.endsEntry(after)) return this.scalar(start, i);
        // Every `}` of this run is followed by the same text: none closes the value. Asking each would be quadratic.
        i = after - 1;
      }
    }
    throw new StructTextError(start, 'value never ends (missing "}")');
  }

  private scalar(start: number, end: number): StructValue {
    this.pos = end;
    const text = this.s.slice(start, end);
    return text === 'null' ? null : text;
  }

  private endsEntry(i: number): boolean {
    NEXT_ENTRY.lastIndex = i;
    return NEXT_ENTRY.test(this.s);
  }

  /** The offset after the run of `}` that starts at `i`. */
  private braceRunEnd(i: number): number {
    let j = i;
    while (this.s[j] === '}') j++;
    return j;
  }
}

/** Struct text of a value, as Athena writes it. */
export function formatStructText(v: StructValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  return '{' + Object.keys(v).map((k) => `${k}=${formatStructText(v[k] ?? null)}`).join(', ') + '}';
}
