/** Errors of the BIND zone-file reader. */

/** A zone file that cannot be read on: names the file and the line. */
export class ZoneFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'ZoneFileError';
  }
}

/** Something the reader skipped or repaired, with the line it concerns. */
export interface ZoneFileProblem {
  readonly line: number;
  readonly message: string;
}
