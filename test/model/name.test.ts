import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalName, compareNames, labelsToName, parseLabels, zoneFileName, NameError } from '../../src/model/name.js';
import { compareRecordSets, recordSortKey } from '../../src/model/record-set.js';

describe('canonical names', () => {
  it('makes every spelling of one name equal', () => {
    const spellings = ['*.Example.COM', '*.example.com.', '\\052.example.com.', '\\052.EXAMPLE.com'];
    expect(new Set(spellings.map((n) => canonicalName(n))).size).toBe(1);
    expect(canonicalName('*.Example.COM')).toBe('\\052.example.com.');
  });

  it('reads Route 53 escapes as octal and zone-file escapes as decimal', () => {
    expect(canonicalName('a\\056b.example.com')).toBe('a\\056b.example.com.'); // octal 056 = '.'
    expect(canonicalName('a\\046b', 'zonefile', 'example.com.')).toBe('a\\056b.example.com.'); // decimal 046 = '.'
    expect(canonicalName('\\052', 'zonefile', 'example.com.')).toBe('4.example.com.'); // decimal 52 = '4'
  });

  it('completes relative zone-file names and @ with the origin', () => {
    expect(canonicalName('www', 'zonefile', 'example.com.')).toBe('www.example.com.');
    expect(canonicalName('@', 'zonefile', 'example.com.')).toBe('example.com.');
    expect(canonicalName('mail.example.net.', 'zonefile', 'example.com.')).toBe('mail.example.net.');
    expect(() => canonicalName('www', 'zonefile')).toThrow(NameError);
  });

  it('stores IDNs as punycode', () => {
    expect(canonicalName('bücher.example')).toBe('xn--bcher-kva.example.');
  });

  it('rejects empty labels and over-long labels', () => {
    expect(() => canonicalName('a..b')).toThrow(/empty label/);
    expect(() => canonicalName('x'.repeat(64) + '.com')).toThrow(/63/);
  });

  it('accepts a name of up to 255 bytes in wire form and rejects a longer one, escapes counting one byte each', () => {
    // Labels of 1..63 bytes; wire length = sum(length + 1) + 1 for the root.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 63 }), { minLength: 1, maxLength: 8 }), fc.boolean(), (lengths, escaped) => {
        const text = lengths.map((n, i) => (escaped && i === 0 ? '\\052' + 'a'.repeat(n - 1) : 'a'.repeat(n))).join('.') + '.';
        const wire = lengths.reduce((w, n) => w + n + 1, 1);
        if (wire <= 255) expect(parseLabels(text, 'route53').map((l) => l.length)).toEqual(lengths);
        else expect(() => parseLabels(text, 'route53')).toThrow(/longer than 255 bytes in wire form/);
      }),
      { numRuns: 300 },
    );
    expect(() => canonicalName(Array(4).fill('x'.repeat(63)).join('.'))).toThrow(NameError); // 257 bytes
    expect(canonicalName(Array(3).fill('x'.repeat(63)).join('.') + '.' + 'x'.repeat(61))).toHaveLength(254); // 255 bytes
  });

  const label = fc.stringMatching(/^[a-zA-Z0-9_* -]{1,12}$/).filter((s) => s.trim() !== '');
  const rawLabels = fc.array(fc.string({ minLength: 1, maxLength: 10 }).map((s) => Buffer.from(s, 'utf8').toString('latin1').slice(0, 63)).filter((s) => s.length > 0), { minLength: 1, maxLength: 4 });

  it('parse(print(labels)) gives the labels back, in both dialects (lower-cased)', () => {
    fc.assert(
      fc.property(rawLabels, (labels) => {
        const name = labelsToName(labels);
        expect(parseLabels(name, 'route53')).toEqual(labels.map((l) => l.replace(/[A-Z]/g, (c) => c.toLowerCase())));
        expect(canonicalName(zoneFileName(name), 'zonefile')).toBe(name);
        expect(canonicalName(zoneFileName(name, 'example.com.'), 'zonefile', 'example.com.')).toBe(name);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 3 }), (labels) => {
        const n = canonicalName(labels.map((l) => l.trim()).join('.'));
        expect(canonicalName(n)).toBe(n);
      }),
    );
  });

  it('sort keys order sets exactly like compareRecordSets (Route 53 listing order)', () => {
    const arbSet = fc.record({ name: rawLabels.map(labelsToName), type: fc.constantFrom('A', 'AAAA', 'TXT', 'MX'), setIdentifier: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(arbSet, { maxLength: 20 }), (sets) => {
        const a = [...sets].sort(compareRecordSets).map(recordSortKey);
        const b = [...sets].map(recordSortKey).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        expect(a).toEqual(b);
      }),
    );
    expect(compareNames('example.com.', 'a.example.com.')).toBeLessThan(0);
    expect(compareNames('\\052.example.com.', 'a.example.com.')).toBeLessThan(0);
  });
});

describe('zone-file names ending in a backslash escape', () => {
  it('take a dot after an escaped backslash as the end of an absolute name, and an escaped dot as part of a label', () => {
    // `a\\.`: the label `a\` (an escaped backslash), then the final dot: absolute.
    expect(canonicalName('a\\\\.', 'zonefile', 'example.com.')).toBe('a\\134.');
    // `a\.`: the label `a.` (an escaped dot), relative: completed with the origin.
    expect(canonicalName('a\\.', 'zonefile', 'example.com.')).toBe('a\\056.example.com.');
  });
});
