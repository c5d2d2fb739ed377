/**
 * --jobs, as every command that reads files on threads takes it. Its own
 * module: `verify` needs it without loading the replay's command helpers.
 */
import { UsageError } from './io.js';

/** The value of --jobs (undefined when not given); a UsageError unless it is a whole number of at least 1. */
export function jobsOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const jobs = Number(text);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1, not ${JSON.stringify(text)}`);
  return jobs;
}
