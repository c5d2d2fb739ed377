import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashTrieMap, hashKey } from '../../src/replay/hash-trie.js';

/** Groups of keys with equal 32-bit hashes (found by search among 12 million keys; the first test holds them to it). */
const COLLIDING: readonly (readonly string[])[] = [
  ['c693596.example.com. A', 'c1170850.example.com. A'],
  ['c693597.example.com. A', 'c1170851.example.com. A'],
  ['c693594.example.com. A', 'c1170852.example.com. A'],
  // Three keys in one collision node.
  ['t2004344.example.com. A', 't9958338.example.com. A', 't10283843.example.com. A'],
];

/** A small pool, so that writes overwrite and deletes hit; with the colliding keys, and enough others to share trie paths with them. */
const POOL: readonly string[] = [...COLLIDING.flat(), ...Array.from({ length: 60 }, (_, i) => `h${i}.example.com. ${i % 3 === 0 ? 'TXT' : 'A'}`)];

type Op =
  | { readonly op: 'set'; readonly key: string; readonly value: number }
  | { readonly op: 'delete'; readonly key: string }
  | { readonly op: 'mutable' }
  | { readonly op: 'immutable' }
  | { readonly op: 'clear' };

/**
 * Keys drawn mostly from the colliding groups (so that a group fills its collision node, and a key of
 * another hash meets it on its path), or from the whole pool.
 */
const keyArb = fc.oneof(fc.constantFrom(...COLLIDING.flat()), fc.constantFrom(...POOL));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ op: fc.constant('set' as const), key: keyArb, value: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('delete' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.constant({ op: 'mutable' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'immutable' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
);

/** Everything a map says about the pool, to compare with a model. */
function view(m: HashTrieMap<string, number>): { size: number; entries: [string, number][]; got: (number | undefined)[]; has: boolean[] } {
  return {
    size: m.size,
    entries: [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    got: POOL.map((k) => m.get(k)),
    has: POOL.map((k) => m.has(k)),
  };
}

function modelView(m: ReadonlyMap<string, number>): ReturnType<typeof view> {
  return {
    size: m.size,
    entries: [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    got: POOL.map((k) => m.get(k)),
    has: POOL.map((k) => m.has(k)),
  };
}

/** Applies one operation to the map and to its model; returns the map to go on with. */
function applyOp(m: HashTrieMap<string, number>, model: Map<string, number>, o: Op): HashTrieMap<string, number> {
  switch (o.op) {
    case 'set':
      model.set(o.key, o.value);
      return m.set(o.key, o.value);
    case 'delete':
      model.delete(o.key);
      return m.delete(o.key);
    case 'clear':
      model.clear();
      return m.clear();
    case 'mutable':
      return m.asMutable();
    case 'immutable':
      return m.asImmutable();
  }
}

describe('HashTrieMap', () => {
  it('is tested with keys whose hashes really collide', () => {
    for (const group of COLLIDING) {
      expect(new Set(group).size).toBe(group.length);
      for (const k of group) expect(hashKey(k)).toBe(hashKey(group[0]!));
    }
  });

  it('behaves as a Map under any sequence of writes, deletes and mode switches (colliding keys included)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        let m = HashTrieMap.empty<string, number>();
        const model = new Map<string, number>();
        for (const o of ops) {
          m = applyOp(m, model, o);
          expect(m.size).toBe(model.size);
        }
        expect(view(m)).toEqual(modelView(model));
        expect([...m.keys()].sort()).toEqual([...model.keys()].sort());
        expect([...m.values()].sort()).toEqual([...model.values()].sort());
        expect([...m].length).toBe(model.size);
      }),
      { numRuns: 300 },
    );
  });

  it('never changes a map handed out: every immutable version keeps what it held, whatever is done after it', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 150 }), (ops) => {
        let m = HashTrieMap.empty<string, number>();
        const model = new Map<string, number>();
        let mutable = false;
        const versions: { map: HashTrieMap<string, number>; expected: ReturnType<typeof view> }[] = [];
        for (const o of ops) {
          // The version before becoming mutable must survive the in-place edits that follow.
          if (o.op === 'mutable' && !mutable) versions.push({ map: m, expected: modelView(model) });
          if (o.op === 'mutable' || o.op === 'immutable') mutable = o.op === 'mutable';
          m = applyOp(m, model, o);
          if (!mutable) versions.push({ map: m, expected: modelView(model) });
        }
        for (const v of versions) expect(view(v.map)).toEqual(v.expected);
      }),
      { numRuns: 300 },
    );
  });

  it('edits a mutable map in place and returns it; an immutable map returns a new map, or itself when nothing changed', () => {
    const m = HashTrieMap.empty<string, number>().asMutable();
    expect(m.set('a', 1)).toBe(m);
    expect(m.delete('a')).toBe(m);
    const frozen = m.set('b', 2).asImmutable();
    const next = frozen.set('c', 3);
    expect(next).not.toBe(frozen);
    expect(frozen.has('c')).toBe(false);
    expect(frozen.set('b', 2)).toBe(frozen);
    expect(frozen.delete('absent')).toBe(frozen);
  });

  it('tells a key holding undefined from an absent key', () => {
    const m = HashTrieMap.empty<string, number | undefined>().set('a', undefined);
    expect(m.has('a')).toBe(true);
    expect(m.has('b')).toBe(false);
    expect(m.get('a')).toBeUndefined();
    expect(m.size).toBe(1);
  });

  it('holds a large map, and finds every key after deleting half of them', () => {
    let m = HashTrieMap.empty<string, number>().asMutable();
    for (let i = 0; i < 20_000; i++) m = m.set(`n${i}.example.com. A`, i);
    for (let i = 0; i < 20_000; i += 2) m = m.delete(`n${i}.example.com. A`);
    m = m.asImmutable();
    expect(m.size).toBe(10_000);
    for (let i = 0; i < 20_000; i++) expect(m.get(`n${i}.example.com. A`)).toBe(i % 2 === 0 ? undefined : i);
    expect(new Set(m.keys()).size).toBe(10_000);
  });
});
