/**
 * Text that reached an output raw, found by the law of
 * output-safety.property.test.ts, kept as examples.
 */
import { describe, expect, it } from 'vitest';
import { parseZoneFile, printZoneFile } from '../../src/formats/bind/index.js';
import { xmlText } from '../../src/forensics/chart-svg.js';
import type { RecordSet } from '../../src/model/index.js';

describe('a zone file written from sets with hostile routing text', () => {
  it('escapes line separators and bidi controls in the AWS routing comment, and reads them back (they were written raw)', () => {
    const identifier = 'a\u202eb\u2028c\u2066d\u0085e\u001bf\\u2028';
    const set: RecordSet = { name: 'www.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'], setIdentifier: identifier, weight: 1 };
    const text = printZoneFile([set], { origin: 'example.com.' });
    expect(text).toContain('identifier="a\\u202eb\\u2028c\\u2066d\\133e\\027f\\\\u2028"');
    expect(text).not.toMatch(/[\u2028\u202e\u2066\u0085\u001b]/);
    expect(parseZoneFile(text, { file: 'z' }).recordSets[0]?.setIdentifier).toBe(identifier);
  });
});

describe('the timeline chart', () => {
  it('writes a carriage return from the logs as an escape (it was written raw: XML reads it as a line feed, a terminal returns over the text)', () => {
    expect(xmlText('ua\rspoof\ttab\nline')).toBe('ua\\x0dspoof\ttab\nline');
  });
});
