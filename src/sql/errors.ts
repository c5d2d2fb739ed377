/** Errors of query building and query-result reading. */

/** A bad option for the SQL generator (date, account id, table name). */
export class QueryOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryOptionError';
  }
}

/**
 * A query-result file that cannot be read: names the file and the line
 * (1-based; 0 when the position is unknown) and says what is wrong.
 */
export class QueryResultError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${reason}`, options);
    this.name = 'QueryResultError';
  }
}
