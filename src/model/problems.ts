/**
 * Where a reader catches an error to report it and go on (a record set, a
 * value, a line skipped), the user's bad input must be told from a bug of
 * ours: the first is said in the reader's words, the second is marked, so a
 * TypeError is never shown as if the input were wrong and the bad-input laws
 * (which look for the mark) can fail on it.
 */

/** An error class of ours thrown for the user's mistakes (bad input). */
export type InputErrorClass = abstract new (...args: never[]) => Error;

/** True when `err` is an instance of one of `classes`. */
export function isInputError(err: unknown, classes: readonly InputErrorClass[]): err is Error {
  return classes.some((c) => err instanceof c);
}

/**
 * What to say of an error caught while reading `what`: the message of an
 * input error (one of `classes`); for anything else, a bug of ours, the same
 * message after the words "unexpected error reading `what`".
 */
export function inputProblem(err: unknown, classes: readonly InputErrorClass[], what: string): string {
  if (isInputError(err, classes)) return err.message;
  return `unexpected error reading ${what}: ${String((err as Error | undefined)?.message ?? err)}`;
}
