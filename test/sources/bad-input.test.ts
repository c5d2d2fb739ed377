/**
 * Broken inputs the laws of bad-input.property.test.ts found, kept as
 * examples: each was a crash (a stack overflow, a TypeError) and is now a
 * message naming the file and what is wrong.
 */
import { describe, expect, it } from 'vitest';
import { athenaRecords } from '../../src/sources/athena-csv.js';
import { formatCsv } from '../../src/sql/result-csv.js';
import { MAX_STRUCT_DEPTH, parseStructText } from '../../src/sql/struct-text.js';

/** An Athena result of one row whose userIdentity is `identity`. */
const athenaRow = (identity: string) =>
  formatCsv([
    ['eventtime', 'eventsource', 'eventname', 'useridentity'],
    ['2024-03-01T10:00:00Z', 'route53.amazonaws.com', 'ChangeResourceRecordSets', identity],
  ]);

describe('Athena struct text and query results', () => {
  it('refuses an Athena userIdentity of struct text nested thousands deep, naming the line (it overflowed the stack)', () => {
    const nested = (n: number) => '{a='.repeat(n) + '1' + '}'.repeat(n);
    expect(parseStructText(nested(MAX_STRUCT_DEPTH))).toBeTruthy();
    expect(() => parseStructText(nested(MAX_STRUCT_DEPTH + 1))).toThrow(`nested deeper than ${MAX_STRUCT_DEPTH} levels`);
    expect(() => [...athenaRecords(athenaRow(nested(50_000)), 'q.csv')]).toThrow(/^q\.csv:2: column userIdentity: struct text, character \d+: nested deeper than 64 levels$/);
  });

  it('refuses a userIdentity of JSON nested thousands deep (renaming its members overflowed the stack)', () => {
    const nested = (n: number) => '{"sessionContext":'.repeat(n) + '{}' + '}'.repeat(n);
    expect(() => [...athenaRecords(athenaRow(nested(MAX_STRUCT_DEPTH - 1)), 'q.csv')]).not.toThrow();
    expect(() => [...athenaRecords(athenaRow(nested(50_000)), 'q.csv')]).toThrow(/^q\.csv:2: column userIdentity: nested deeper than 64 levels$/);
  });

  it('reads struct text with a long run of closing braces in linear time (each brace scanned the run again: minutes for a 1 MB cell)', () => {
    const started = performance.now();
    expect(() => parseStructText('{a=' + '}'.repeat(200_000) + 'x')).toThrow('value never ends (missing "}")');
    expect(parseStructText('{a=x}}y, b=2}')).toEqual({ a: 'x}}y', b: '2' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
