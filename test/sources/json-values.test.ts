import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonValues, positionOf, positionsIn, scanJsonValue } from '../../src/sources/json-values.js';

const acceptsWhole = (s: string) => {
  const start = s.search(/\S/);
  if (start === -1) return false;
  const r = scanJsonValue(s, start);
  return 'end' in r && !/\S/.test(s.slice(r.end));
};
const parses = (s: string) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

describe('scanJsonValue', () => {
  it('agrees with JSON.parse on valid JSON (compact and pretty)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
        const s = JSON.stringify(v, null, pretty ? 2 : undefined);
        expect(acceptsWhole(s)).toBe(true);
      }),
    );
  });

  it('agrees with JSON.parse on mutated JSON', () => {
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', '\u0001', 'x', '-', '0', ' ', '{', '['), fc.nat(3))
      .map(([s, at, ins, del]) => {
        const i = s.length === 0 ? 0 : at % s.length;
        return s.slice(0, i) + ins + s.slice(i + del);
      });
    fc.assert(
      fc.property(mutated, (s) => {
        expect(acceptsWhole(s)).toBe(parses(s));
      }),
      { numRuns: 500 },
    );
  });

  it('reports keys with their depth', () => {
    const keys: [string, number][] = [];
    scanJsonValue('{"a":{"b\\u0041":1},"c":[{"d":2}]}', 0, (k, d) => keys.push([k, d]));
    expect(keys).toEqual([
      ['a', 1],
      ['bA', 2],
      ['c', 1],
      ['d', 3],
    ]);
  });

  it('survives deep nesting without recursion', () => {
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    expect(scanJsonValue(deep, 0)).toEqual({ end: deep.length });
  });
});

describe('jsonValues', () => {
  it('splits values however they are separated, and finds them all', () => {
    const sep = fc.constantFrom('\n', '\r\n', ' ', '', '\n\n', '\t');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.jsonValue(), fc.boolean(), sep), { maxLength: 6 }), (parts) => {
        // Scalars need a separator to stay apart; objects and arrays do not.
        const text = parts
          .map(([v, pretty, s]) => JSON.stringify(v, null, pretty ? 2 : undefined) + (s === '' && (v === null || typeof v !== 'object') ? ' ' : s))
          .join('');
        const got = [...jsonValues(text)].map((x) => x.value);
        expect(got).toEqual(parts.map(([v]) => JSON.parse(JSON.stringify(v)) as unknown));
      }),
    );
  });

  it('positionsIn answers as positionOf, for offsets in any order', () => {
    const text = fc.array(fc.constantFrom('a', '\n', '{', ' ', '\r\n'), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        text.chain((t) => fc.tuple(fc.constant(t), fc.array(fc.nat(t.length), { maxLength: 12 }))),
        fc.boolean(),
        ([t, offsets], sorted) => {
          const at = positionsIn(t);
          for (const o of sorted ? [...offsets].sort((a, b) => a - b) : offsets) expect(at(o)).toEqual(positionOf(t, o));
        },
      ),
    );
  });

  it('gives 1-based line and column', () => {
    expect(positionOf('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 });
    expect(positionOf('ab', 0)).toEqual({ line: 1, column: 1 });
  });
});
