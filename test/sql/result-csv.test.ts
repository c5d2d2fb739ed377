import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueryResultError } from '../../src/sql/errors.js';
import { formatCsv, parseCsv } from '../../src/sql/result-csv.js';

const field = fc.option(fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '{', '=', 'é', '\u2028') }), { nil: null });

describe('parseCsv', () => {
  it('reads quoted values, doubled quotes, NULL as an empty field and values across lines', () => {
    const rows = parseCsv('"a","b","c"\r\n"x ""y""",,"1\n2"\n"",,\n', 'q.csv');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x "y"', null, '1\n2'] },
      { line: 4, fields: ['', null, null] },
    ]);
  });

  it('round-trips any table Athena could write (every value quoted, NULL empty)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((w) => fc.array(fc.array(field, { minLength: w, maxLength: w }), { maxLength: 6 })), (rows) => {
        expect(parseCsv(formatCsv(rows), 'x.csv').map((r) => r.fields)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('names the file and the line of a malformed row', () => {
    const bad = (text: string) => {
      try {
        parseCsv(text, 'results.csv');
      } catch (err) {
        expect(err).toBeInstanceOf(QueryResultError);
        return (err as Error).message;
      }
      throw new Error('no error');
    };
    expect(bad('"a","b"\n"1","2"x\n')).toBe('results.csv:2: field 2: "x" after the closing quote (expected a comma or the end of the row)');
    expect(bad('"a"\n"b\n\nc')).toBe('results.csv:2: field 1: quoted value never closed');
    expect(bad('"a","b"\n1,x"y\n')).toBe('results.csv:2: field 2: a quote inside an unquoted value');
  });
});
