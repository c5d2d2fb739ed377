/**
 * Small helpers shared by the remote sources (S3, live Route 53): one-line
 * descriptions of AWS SDK failures, and a concurrency limiter.
 */

/** Runs a task when fewer than the limit are running. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** A limiter allowing `n` tasks at once (n ≥ 1). */
export function limiter(n: number): Limiter {
  const max = Math.max(1, Math.floor(n));
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter, so the count never overshoots.
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next !== undefined) next();
      else running--;
    }
  };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** What went wrong, in one line, for an error thrown by an AWS SDK call. */
export function describeAwsError(err: unknown): string {
  const e = (err ?? {}) as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  const name = e.name ?? 'Error';
  const message = oneLine(e.message ?? String(err));
  const code = e.code ?? (e.cause as { code?: string } | undefined)?.code;
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return 'no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or log in with `aws sso login`)';
  }
  if (code !== undefined && NETWORK_CODES.has(code)) return `cannot reach the endpoint (${code}: ${message})`;
  switch (name) {
    case 'NoSuchBucket':
      return 'no such bucket';
    case 'NoSuchKey':
      return 'no such key';
    case 'AccessDenied':
    case 'AccessDeniedException':
      return `access denied (${message})`;
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
    case 'InvalidClientTokenId':
    case 'UnrecognizedClientException':
    case 'ExpiredToken':
    case 'ExpiredTokenException':
      return `the credentials were rejected (${name}: ${message})`;
  }
  const status = e.$metadata?.httpStatusCode;
  // The SDK could not read the answer (not XML, cut short): its hint about `$response` is for programmers.
  const hint = message.indexOf(SDK_DESERIALIZATION_HINT);
  if (hint >= 0) {
    const what = message.slice(0, hint).replace(/^@aws-sdk\s+/, '').replace(/[\s.]+$/, '');
    return `the answer${status !== undefined ? ` (HTTP ${status})` : ''} is not one the AWS API sends (${what})`;
  }
  return `${name}${status !== undefined ? ` (HTTP ${status})` : ''}: ${message}`;
}

/** What the AWS SDK appends to the message of an answer it could not deserialize. */
const SDK_DESERIALIZATION_HINT = 'Deserialization error: to see the raw response';

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 300 ? t.slice(0, 297) + '...' : t;
}
