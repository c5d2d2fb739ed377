import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringMemo } from '../../src/model/memo.js';
import { canonicalName, NameError } from '../../src/model/name.js';
import { canonicalValue, memoizedRoute53Values } from '../../src/model/rdata.js';

describe('StringMemo', () => {
  it('computes each key once, undefined results included, and forgets everything when full', () => {
    const memo = new StringMemo<string | undefined>(3);
    let calls = 0;
    const f = (k: string) => () => (calls++, k === 'none' ? undefined : k.toUpperCase());
    expect(memo.get('a', f('a'))).toBe('A');
    expect(memo.get('a', f('a'))).toBe('A');
    expect(memo.get('none', f('none'))).toBeUndefined();
    expect(memo.get('none', f('none'))).toBeUndefined();
    expect(calls).toBe(2);
    memo.get('b', f('b'));
    memo.get('c', f('c')); // full: cleared before c is kept
    memo.get('a', f('a'));
    expect(calls).toBe(5);
  });

  it('leaves canonicalName and canonicalValue answering as if computed afresh', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('www.example.com', 'WWW.Example.com.', 'a..b', '', '*.x.org', 'ex\\\\ample.com'), { minLength: 1, maxLength: 8 }), (names) => {
        for (const n of names) {
          const first = (() => { try { return canonicalName(n); } catch (e) { return e; } })();
          const again = (() => { try { return canonicalName(n); } catch (e) { return e; } })();
          if (first instanceof NameError) expect((again as Error).message).toBe(first.message);
          else expect(again).toBe(first);
        }
      }),
    );
    expect(canonicalValue('A', '010.0.0.1')).toEqual({ ok: true, value: '10.0.0.1' });
    expect(canonicalValue('A', '010.0.0.1')).toBe(canonicalValue('A', ' 010.0.0.1 '));
    expect(Object.isFrozen(canonicalValue('MX', '10 mail.example.com'))).toBe(true);
  });

  it('keeps the memoized values of each type and context apart', () => {
    // The same text, met first as one type, then as others: each answer is its own type's.
    expect(canonicalValue('CNAME', 'Mail.Example.com')).toEqual({ ok: true, value: 'mail.example.com.' });
    expect(canonicalValue('TXT', 'Mail.Example.com')).toEqual({ ok: true, value: '"Mail.Example.com"' });
    expect(canonicalValue('A', 'Mail.Example.com').ok).toBe(false);
    // A zone file's relative name is completed with its origin; Route 53's names are absolute.
    expect(canonicalValue('CNAME', 'mail', { dialect: 'zonefile', origin: 'example.org.' }).value).toBe('mail.example.org.');
    expect(canonicalValue('CNAME', 'mail', { dialect: 'zonefile', origin: 'example.net.' }).value).toBe('mail.example.net.');
    expect(canonicalValue('CNAME', 'mail').value).toBe('mail.');
    // Types Route 53 does not have are canonicalized (as opaque text) without a memo of their own.
    expect(canonicalValue('NOSUCHTYPE', ' x y ')).toBe(canonicalValue('NOSUCHTYPE', 'x y'));
  });
});

describe('the memos of logged values', () => {
  it('hold at most 50,000 values in all, whatever the mix of types', () => {
    const types = ['A', 'AAAA', 'TXT', 'CNAME', 'MX'];
    for (let i = 0; i < 60_000; i++) {
      const type = types[i % types.length]!;
      const v = type === 'A' ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` : type === 'AAAA' ? `2001:db8::${i.toString(16)}` : type === 'MX' ? `10 mx${i}.example.com` : `v${i}.example.com`;
      canonicalValue(type, v);
      expect(memoizedRoute53Values()).toBeLessThanOrEqual(50_000);
    }
    // And they still answer: a value met again after the memos were emptied.
    expect(canonicalValue('A', '010.0.0.7')).toEqual({ ok: true, value: '10.0.0.7' });
  });
});
