/**
 * The CSV of query results (Athena's `QueryID.csv`): a header row, values in
 * double quotes with `""` for a quote, NULL as an empty unquoted field, rows
 * ended by LF or CRLF. Quoted values may span lines. Unquoted values are
 * accepted too, so hand-saved files read as well.
 */
import { QueryResultError } from './errors.js';

/** One CSV row: its fields (null = empty unquoted field) and the line it starts on. */
export interface CsvRow {
  readonly line: number;
  readonly fields: readonly (string | null)[];
}

/** Splits CSV text into rows. Throws QueryResultError naming `file` and the line. */
export function parseCsv(text: string, file: string): CsvRow[] {
  return [...csvRows(text, file)];
}

/**
 * The rows of CSV text, one at a time: the rows before a malformed one are
 * yielded before its QueryResultError (naming `file` and the line) is thrown.
 */
export function* csvRows(text: string, file: string): Generator<CsvRow> {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let pos = 0;
  let line = 1;
  while (pos < s.length) {
    const start = line;
    const fields: (string | null)[] = [];
    for (;;) {
      const n = fields.length + 1;
      if (s[pos] === '"') {
        const open = line;
        let value = '';
        pos++;
        for (;;) {
          const q = s.indexOf('"', pos);
          if (q < 0) throw new QueryResultError(file, open, `field ${n}: quoted value never closed`);
          const chunk = s.slice(pos, q);
          line += countNewlines(chunk);
          value += chunk;
          if (s[q + 1] === '"') {
            value += '"';
            pos = q + 2;
          } else {
            pos = q + 1;
            break;
          }
        }
        fields.push(value);
        const c = s[pos];
        if (c !== undefined && c !== ',' && c !== '\n' && !(c === '\r' && s[pos + 1] === '\n')) {
          throw new QueryResultError(file, line, `field ${n}: ${JSON.stringify(c)} after the closing quote (expected a comma or the end of the row)`);
        }
      } else {
        let end = pos;
        while (end < s.length && s[end] !== ',' && s[end] !== '\n' && !(s[end] === '\r' && s[end + 1] === '\n')) end++;
        const raw = s.slice(pos, end);
        if (raw.includes('"')) throw new QueryResultError(file, line, `field ${n}: a quote inside an unquoted value`);
        fields.push(raw === '' ? null : raw);
        pos = end;
      }
      if (s[pos] === ',') {
        pos++;
        continue;
      }
      if (s[pos] === '\r') pos++;
      if (s[pos] === '\n') {
        pos++;
        line++;
      }
      break;
    }
    yield { line: start, fields };
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** One row as Athena writes it: every value quoted, null as an empty field. */
export function formatCsvRow(fields: readonly (string | null)[]): string {
  return fields.map((f) => (f === null ? '' : `"${f.replace(/"/g, '""')}"`)).join(',');
}

/** Rows as a CSV file (LF line ends, final newline). */
export function formatCsv(rows: readonly (readonly (string | null)[])[]): string {
  return rows.map((r) => formatCsvRow(r) + '\n').join('');
}
