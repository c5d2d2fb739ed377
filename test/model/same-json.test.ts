import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameJson, stableJson } from '../../src/model/record-set.js';

// JSON values whose object members may also be undefined (as optional fields are in events).
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 4 }), fc.array(tie('any'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.option(tie('any'), { nil: undefined }), { maxKeys: 4 })),
})).any;

describe('sameJson', () => {
  it('agrees with comparing stableJson texts', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameJson(a, b)).toBe(stableJson(a) === stableJson(b));
      }),
    );
  });

  it('is true for a value and its copy with keys reordered', () => {
    fc.assert(
      fc.property(value, (a) => {
        const reorder = (v: unknown): unknown =>
          Array.isArray(v) ? v.map(reorder) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v;
        expect(sameJson(a, reorder(a))).toBe(true);
      }),
    );
  });
});
