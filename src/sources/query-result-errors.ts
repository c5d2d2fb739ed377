/**
 * Query results read as inputs (Athena CSV, CloudTrail Lake JSON): their
 * parsers throw QueryResultError with the line; a format reports FormatError.
 */
import { QueryResultError } from '../sql/errors.js';
import { FormatError } from './json-values.js';

/** Runs a query-result parser, its QueryResultError rethrown as the FormatError a format reports. */
export function readQueryResult<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof QueryResultError) throw new FormatError(`${err.line > 0 ? `line ${err.line}: ` : ''}${err.reason}`, { cause: err });
    throw err;
  }
}
