/**
 * Reads query results saved as CSV into CloudTrail records: Athena's download
 * (`<QueryID>.csv`) over the CloudTrail table, and CloudTrail Lake's results
 * saved to S3 (`result_<n>.csv.gz`), as selected by `zone-replay sql` (or any
 * query that keeps the CloudTrail column names). Both queries name their
 * columns alike; Lake's requestParameters and responseElements are maps whose
 * nested objects are JSON text, so such members are parsed back (in Athena's
 * they are objects already, and stay as they are).
 */
import type { JsonObject } from '../model/index.js';
import { columnByName } from '../sql/columns.js';
import { QueryResultError } from '../sql/errors.js';
import { csvRows, parseCsv, type CsvRow } from '../sql/result-csv.js';
import { rowToRecord } from '../sql/result-record.js';
import type { RecordFormat } from './formats.js';
import { readQueryResult } from './query-result-errors.js';

/** How a CSV row's values are read: Lake's map members of JSON text parsed back (see above). */
const QUERY_RESULT_CSV = { mapValuesAreJson: true } as const;

/** Columns a result must have to be read as CloudTrail events. */
const REQUIRED = ['eventTime', 'eventSource', 'eventName'];

/** The header's column names, or undefined when `line` is not an Athena CloudTrail header. */
function headerColumns(line: string): string[] | undefined {
  try {
    const rows = parseCsv(line, '');
    const fields = rows[0]?.fields;
    if (fields === undefined || fields.some((f) => f === null)) return undefined;
    return fields as string[];
  } catch (err) {
    // A line that is no CSV row is no header; a bug is not taken for such a line.
    if (!(err instanceof QueryResultError)) throw err;
    return undefined;
  }
}

/**
 * The records in an Athena result CSV, in file order. Throws QueryResultError
 * naming `fileName` and the line of a malformed row.
 */
export function parseAthenaCsv(text: string, fileName: string): JsonObject[] {
  return [...athenaRecords(text, fileName)];
}

/**
 * The records in an Athena result CSV, one row at a time: those before a
 * malformed row (a download cut short ends in a quote never closed) are
 * yielded before its QueryResultError.
 */
export function* athenaRecords(text: string, fileName: string): Generator<JsonObject> {
  let columns: string[] | undefined;
  for (const row of csvRows(text, fileName)) {
    if (columns === undefined) {
      columns = headerOf(row, fileName);
      continue;
    }
    if (row.fields.length !== columns.length) {
      throw new QueryResultError(fileName, row.line, `${row.fields.length} fields, but the header has ${columns.length}`);
    }
    yield rowToRecord(columns, row.fields, { file: fileName, line: row.line }, QUERY_RESULT_CSV);
  }
}

/** The column names of the header row. Throws QueryResultError when they are not CloudTrail's. */
function headerOf(head: CsvRow, fileName: string): string[] {
  if (head.fields.some((f) => f === null)) throw new QueryResultError(fileName, head.line, 'the header row has an empty column name');
  const columns = head.fields as string[];
  const missing = REQUIRED.filter((r) => !columns.some((c) => columnByName(c)?.field === r));
  if (missing.length > 0) {
    throw new QueryResultError(fileName, head.line, `the header has no ${missing.join(', ')} column (run the query \`zone-replay sql --engine athena\` prints)`);
  }
  return columns;
}

/** Athena CSV results as a record format: detected by its header row. */
export const athenaCsvFormat: RecordFormat = {
  name: 'athena-csv',
  detect(head) {
    const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
    const nl = text.indexOf('\n');
    const columns = headerColumns((nl === -1 ? text : text.slice(0, nl)).replace(/\r$/, ''));
    if (columns === undefined) return false;
    const fields = new Set(columns.map((c) => columnByName(c)?.field));
    return REQUIRED.every((r) => fields.has(r));
  },
  extract(text, fileName) {
    return readQueryResult(athenaRecords(text, fileName));
  },
};
