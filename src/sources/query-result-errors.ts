/**
 * Query results read as inputs (Athena CSV, CloudTrail Lake JSON): their
 * parsers throw QueryResultError with the line; a format reports FormatError.
 */
import { QueryResultError } from '../sql/errors.js';
import { FormatError } from './json-values.js';

/**
 * The records a query-result reader yields, its QueryResultError rethrown as
 * the FormatError a format reports (after the records before it).
 */
export function* readQueryResult<T>(records: Iterable<T>): Generator<T> {
  try {
    yield* records;
  } catch (err) {
    if (err instanceof QueryResultError) throw new FormatError(`${err.line > 0 ? `line ${err.line}: ` : ''}${err.reason}`, { cause: err });
    throw err;
  }
}
