/** Errors `verify` raises for the user's mistakes (the CLI prints them, exit 2). */

/** A bad option or input path: unreadable key file, bad signatures map, bad time. */
export class VerifyInputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VerifyInputError';
  }
}

/** The paths hold no CloudTrail digest file at all: nothing can be verified. */
export class NoDigestFilesError extends Error {
  constructor(
    readonly logFileCount: number,
    paths: readonly string[],
  ) {
    super(
      `no CloudTrail digest files found under ${paths.join(', ')} (found ${logFileCount} log file${logFileCount === 1 ? '' : 's'}); ` +
        'digests sit beside the logs in AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/ and exist only when log file validation is on',
    );
    this.name = 'NoDigestFilesError';
  }
}
