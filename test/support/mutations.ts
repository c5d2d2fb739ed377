/**
 * Broken inputs for the "a user's mistake is a message, never a crash" laws:
 * structure-aware mutations of a valid document (delete, duplicate, replace,
 * swap the type of a value; add `__proto__` and other inherited names as
 * own keys; hostile strings and numbers, deep nesting) and mutations of its
 * text (cut, drop, repeat, insert), besides plain random text and bytes.
 * Each mutation is data, applied by a pure function, so fast-check shrinks
 * a failure to the fewest and smallest mutations.
 */
import fc from 'fast-check';

/** Nesting deeper than any recursive walk survives on Node's default stack (about 10,000 frames). */
export const DEEP = 50_000;

/** JSON text that no JSON value can be written as: inserted raw into a document's text. */
export const RAW_JSON = [
  '['.repeat(DEEP) + ']'.repeat(DEEP),
  '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP),
  '[{"__proto__":'.repeat(2000) + 'null' + '}]'.repeat(2000),
  '1e400',
  '-1e400',
  '-0',
  '123456789012345678901234567890',
  '1e-400',
  '"\\ud800"',
  '"\\u0000\\u001b[2J\\u202e"',
] as const;

/** Strings a log or an export may hold: terminal controls, bidi overrides, inherited names, odd Unicode, long text. */
export const arbHostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '\u001b[31mred\u001b[0m',
    '\u001b]0;title\u0007',
    'a\u0000b',
    '\r\n',
    '\u009b31m',
    'abc\u202edef',
    '\u2028\u2029',
    '\u2066x\u2069',
    '\ud800',
    '\ufeff',
    'é.example.com.',
    '\\',
    '"',
    '*',
    '.',
    '..',
    '@',
    '$ORIGIN',
    'x'.repeat(70_000),
    'a.'.repeat(200),
    '2024-03-01T10:00:00Z',
    'route53.amazonaws.com',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** JSON values a document may hold where another is expected: numbers out of range, objects that break String(), nesting. */
export const arbHostileValue: fc.Arbitrary<unknown> = fc.oneof(
  arbHostileString,
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    0.5,
    -0,
    1e308,
    -1e308,
    2 ** 53 + 2,
    4294967296,
    [],
    {},
    [[]],
    [null],
    { toString: 1 },
    { toString: null, valueOf: null },
    { value: { toString: 'x' } },
    Array.from({ length: 3000 }, (_, i) => i),
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 0, max: RAW_JSON.length - 1 }).map((i) => rawJson(RAW_JSON[i]!)),
);

/** Keys added as own keys: names objects inherit, and case variants of the keys readers look for. */
export const arbHostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'length', ''),
  fc.string({ maxLength: 10 }),
);

/** One change to a JSON document, at the node numbered `at` (modulo the node count, depth first). */
export type JsonMutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number }
  | { readonly kind: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'swap-type'; readonly at: number }
  | { readonly kind: 'add-key'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'recase'; readonly at: number };

/** Mutations of a JSON document. */
export const arbJsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: arbHostileValue }),
  fc.record({ kind: fc.constant('swap-type' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add-key' as const), at: fc.nat(), key: arbHostileKey, value: arbHostileValue }),
  fc.record({ kind: fc.constant('recase' as const), at: fc.nat() }),
);

/** One change to a text, at a position taken modulo its length (plus one). */
export type TextMutation =
  | { readonly kind: 'cut'; readonly at: number }
  | { readonly kind: 'drop'; readonly at: number; readonly length: number }
  | { readonly kind: 'repeat'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string };

const SNIPPETS = ['{', '}', '[', ']', '"', '\\', ',', ':', '\n', '\r\n', '\u0000', '\ufeff', '\u001b[2J', '"__proto__":{"polluted":1},', '{"__proto__":{"polluted":1}}', 'null', '1e400', '(', ')', ';', '$ORIGIN ..', '$INCLUDE /etc/passwd', '\\065', '\\999'];

/** Mutations of a document's text (structure-blind). */
export const arbTextMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SNIPPETS, ...RAW_JSON), arbHostileString) }),
);

/** `text` with the mutations applied in order. */
export function mutateText(text: string, mutations: readonly TextMutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = m.at % (t.length + 1);
    switch (m.kind) {
      case 'cut':
        t = t.slice(0, at);
        break;
      case 'drop':
        t = t.slice(0, at) + t.slice(at + m.length);
        break;
      case 'repeat':
        t = t.slice(0, at + m.length) + t.slice(at, at + m.length) + t.slice(at + m.length);
        break;
      case 'insert':
        t = t.slice(0, at) + m.text + t.slice(at);
        break;
    }
  }
  return t;
}

/** A placeholder for JSON text written as is by jsonText (a value JSON.stringify cannot produce). */
interface RawJson {
  readonly rawJson: string;
}

const RAW_MARK = '\u0000raw-json\u0000';
const rawJson = (text: string): RawJson => Object.freeze({ [RAW_MARK]: text }) as unknown as RawJson;

/** Sets an own enumerable property, even `__proto__` (as JSON.parse makes it). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

type Slot = { readonly parent: unknown[] | Record<string, unknown>; readonly key: string | number };

/** Every node but the root, depth first, as its parent and key. */
function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const walk = (v: unknown): void => {
    if (isRaw(v)) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        walk(x);
      });
    } else if (typeof v === 'object' && v !== null) {
      const obj = v as Record<string, unknown>;
      for (const k of Object.keys(obj)) {
        out.push({ parent: obj, key: k });
        walk(obj[k]);
      }
    }
  };
  walk(root);
  return out;
}

const isRaw = (v: unknown): boolean => typeof v === 'object' && v !== null && Object.hasOwn(v, RAW_MARK);

/** A deep copy keeping own `__proto__` keys as own keys. */
function copy(v: unknown): unknown {
  if (isRaw(v)) return v;
  if (Array.isArray(v)) return v.map(copy);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setOwn(out, k, copy((v as Record<string, unknown>)[k]));
    return out;
  }
  return v;
}

/** The value of another JSON type that a reader may meet in its place. */
function swapType(v: unknown): unknown {
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
  if (typeof v === 'object' && v !== null) return Object.values(v);
  if (typeof v === 'string') return /^-?\d+$/.test(v) ? Number(v) : v === '' ? null : [v];
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  return 0;
}

function recase(key: string): string {
  const upper = key.toUpperCase();
  return upper !== key ? upper : key.toLowerCase();
}

/** `doc` (not changed) with the mutations applied in order; a mutation that cannot apply (no node) is skipped. */
export function mutateJson(doc: unknown, mutations: readonly JsonMutation[]): unknown {
  let root = copy(doc);
  for (const m of mutations) {
    const all = slots(root);
    if (all.length === 0) {
      if (m.kind === 'replace') root = copy(m.value);
      if (m.kind === 'swap-type') root = swapType(root);
      continue;
    }
    const { parent, key } = all[m.at % all.length]!;
    const get = (): unknown => (parent as Record<string | number, unknown>)[key];
    const put = (value: unknown): void => {
      if (Array.isArray(parent)) parent[key as number] = value;
      else setOwn(parent, key as string, value);
    };
    switch (m.kind) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.splice(key as number, 0, copy(get()));
        else setOwn(parent, recase(key as string) === key ? `${key as string}2` : recase(key as string), copy(get()));
        break;
      case 'replace':
        put(copy(m.value));
        break;
      case 'swap-type':
        put(swapType(get()));
        break;
      case 'add-key': {
        const target = get();
        if (typeof target === 'object' && target !== null && !Array.isArray(target) && !isRaw(target)) setOwn(target as Record<string, unknown>, m.key, copy(m.value));
        else if (!Array.isArray(parent)) setOwn(parent, m.key, copy(m.value));
        break;
      }
      case 'recase':
        if (!Array.isArray(parent)) {
          const value = get();
          delete parent[key as string];
          setOwn(parent, recase(key as string), value);
        }
        break;
    }
  }
  return root;
}

/** JSON text of a (mutated) document, raw placeholders written as their text. */
export function jsonText(doc: unknown, indent?: number): string {
  const raws: string[] = [];
  const text = JSON.stringify(doc, (_k, v: unknown) => {
    if (!isRaw(v)) return v;
    raws.push((v as Record<string, string>)[RAW_MARK]!);
    return `${RAW_MARK}${raws.length - 1}`;
  }, indent);
  if (text === undefined) return '';
  return text.replace(/"\\u0000raw-json\\u0000(\d+)"/g, (_m, i: string) => raws[Number(i)]!);
}

/** The text of a valid document mutated as JSON, then as text (each list may be empty). */
export function arbMutatedJsonText(doc: unknown, options: { indent?: number } = {}): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(arbJsonMutation, { maxLength: 4 }), fc.array(arbTextMutation, { maxLength: 2 }))
    .map(([jm, tm]) => mutateText(jsonText(mutateJson(doc, jm), options.indent), tm));
}

/** The text mutated (for formats that are not JSON: zone files, CSV). */
export function arbMutatedText(text: string): fc.Arbitrary<string> {
  return fc.array(arbTextMutation, { minLength: 1, maxLength: 4 }).map((tm) => mutateText(text, tm));
}

/** Any text: Unicode, lone surrogates, control characters. */
export const arbAnyText: fc.Arbitrary<string> = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 50 }));
