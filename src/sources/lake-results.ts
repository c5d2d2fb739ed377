/**
 * Reads CloudTrail Lake query results as `aws cloudtrail get-query-results`
 * prints them — `{"QueryStatus": "FINISHED", "QueryResultRows": [[{"eventID":
 * "…"}, {"eventTime": "…"}, …], …], "NextToken"?}` — one page, pages back to
 * back, or a JSON array of pages. Each row is a list of one-key maps with
 * string values; nested objects are JSON text (the query `zone-replay sql
 * --engine cloudtrail-lake` prints selects them with json_format).
 *
 * Lake's saved-results CSV (`result_1.csv.gz` in S3) is not read: no public
 * sample of its exact shape was found.
 */
import { field, isObject, type JsonObject } from '../model/index.js';
import { QueryResultError } from '../sql/errors.js';
import { rowToRecord } from '../sql/result-record.js';
import type { RecordFormat } from './formats.js';
import { headShape } from './head-shape.js';
import { FormatError, jsonValues, positionsIn } from './json-values.js';
import { readQueryResult } from './query-result-errors.js';

/** Query states whose rows are complete. */
const COMPLETE = new Set(['FINISHED']);

/**
 * The records in a get-query-results file, in file order. Throws
 * QueryResultError naming `fileName`, the line of the page and the row.
 */
export function parseLakeResults(text: string, fileName: string): JsonObject[] {
  return [...lakeRecords(text, fileName)];
}

/**
 * The records in a get-query-results file, page by page: those of the pages
 * before a malformed one (or before text that is not JSON) are yielded before
 * its QueryResultError.
 */
export function* lakeRecords(text: string, fileName: string): Generator<JsonObject> {
  let page = 0;
  const at = positionsIn(text);
  const values = jsonValues(text);
  for (;;) {
    let next;
    try {
      next = values.next();
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      throw new QueryResultError(fileName, 0, err.message, { cause: err });
    }
    if (next.done === true) return;
    const { value, offset } = next.value;
    const line = at(offset).line;
    for (const p of Array.isArray(value) ? (value as unknown[]) : [value]) {
      page++;
      const out: JsonObject[] = [];
      readPage(p, `page ${page}`, { file: fileName, line }, out);
      yield* out;
    }
  }
}

function readPage(p: unknown, where: string, place: { file: string; line: number }, out: JsonObject[]): void {
  const fail = (reason: string) => new QueryResultError(place.file, place.line, `${where}: ${reason}`);
  if (!isObject(p)) throw fail('not a JSON object');
  const status = field(p, 'QueryStatus');
  if (typeof status === 'string' && !COMPLETE.has(status)) {
    throw fail(`QueryStatus is ${status}: the results are incomplete (wait for FINISHED, then run get-query-results again)`);
  }
  const rows = field(p, 'QueryResultRows');
  if (!Array.isArray(rows)) throw fail('has no "QueryResultRows" list');
  rows.forEach((row: unknown, r) => {
    if (!Array.isArray(row)) throw fail(`row ${r + 1} is not a list of columns`);
    const columns: string[] = [];
    const cells: (string | null)[] = [];
    row.forEach((cell: unknown, c) => {
      if (!isObject(cell)) throw fail(`row ${r + 1}, column ${c + 1} is not a {"name": "value"} map`);
      const keys = Object.keys(cell);
      if (keys.length !== 1) throw fail(`row ${r + 1}, column ${c + 1} has ${keys.length} keys (expected one)`);
      const v = cell[keys[0]!];
      if (v !== null && typeof v !== 'string') throw fail(`row ${r + 1}, column ${keys[0]} is not a string`);
      columns.push(keys[0]!);
      cells.push(v);
    });
    out.push(rowToRecord(columns, cells, place, { mapValuesAreJson: true, emptyIsNull: true }));
  });
}

/** CloudTrail Lake get-query-results JSON as a record format. */
export const lakeResultsFormat: RecordFormat = {
  name: 'cloudtrail-lake',
  detect(head) {
    const s = headShape(head);
    return (s.opener === '{' || s.opener === '[') && s.keys.has('QueryResultRows');
  },
  extract(text, fileName) {
    return readQueryResult(lakeRecords(text, fileName));
  },
};
