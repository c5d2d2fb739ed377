/**
 * The law every reader at the edges keeps: a broken input gives a result or
 * the reader's own user-facing error, never a TypeError, RangeError, stack
 * overflow or hang, nor a bug of ours reported as the input's problem
 * ("unexpected error" anywhere in the result or the refusal), and text from
 * the input never reaches an object's prototype. These helpers check one
 * run of a property.
 */

/** An error class a reader throws for its user's mistakes. */
export type UserErrorClass = abstract new (...args: never[]) => Error;

/** Own property names of the prototypes an input must never touch. */
const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype] as const;
const pristine = PROTOTYPES.map((p) => new Map(Reflect.ownKeys(p).map((k) => [k, Object.getOwnPropertyDescriptor(p, k)?.value as unknown])));

/** The names added to or changed on the shared prototypes since the tests loaded (and puts them back, so one failure does not spread). */
function pollution(): string[] {
  const found: string[] = [];
  PROTOTYPES.forEach((proto, i) => {
    const before = pristine[i]!;
    for (const k of Reflect.ownKeys(proto)) {
      const value = Object.getOwnPropertyDescriptor(proto, k)?.value as unknown;
      if (!before.has(k)) {
        found.push(String(k));
        Reflect.deleteProperty(proto, k);
      } else if (value !== before.get(k)) {
        found.push(String(k));
        Object.defineProperty(proto, k, { value: before.get(k) });
      }
    }
  });
  return found;
}

/**
 * A path to an object of `value` whose prototype is a plain data object (as
 * `obj[key] = v` with key `__proto__` makes), or undefined. Walks at most
 * `budget` nodes, without recursion.
 */
export function borrowedPrototype(value: unknown, budget = 200_000): string | undefined {
  const stack: [unknown, string][] = [[value, '$']];
  const seen = new Set<object>();
  while (stack.length > 0 && budget-- > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    const proto = Object.getPrototypeOf(v) as object | null;
    if (proto !== null && Object.getPrototypeOf(proto) === Object.prototype && typeof Object.getOwnPropertyDescriptor(proto, 'constructor')?.value !== 'function') return path;
    if (v instanceof Map) {
      for (const [k, x] of v) stack.push([x, `${path}.get(${String(k)})`]);
    } else if (ArrayBuffer.isView(v)) {
      continue;
    } else {
      for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], `${path}[${JSON.stringify(k)}]`]);
    }
  }
  return undefined;
}

/**
 * The words a reader says a bug of ours in (src/model/problems.ts): where it
 * catches an error to report it and go on, anything but its own input
 * errors is marked so, never shown as the input's fault.
 */
export const UNEXPECTED = /unexpected error/;

/** A path to a string of `value` in the words of a bug of ours (UNEXPECTED), or undefined. Walks at most `budget` nodes, without recursion. */
export function unexpectedErrorIn(value: unknown, budget = 200_000): string | undefined {
  const stack: [unknown, string][] = [[value, '$']];
  const seen = new Set<object>();
  while (stack.length > 0 && budget-- > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (UNEXPECTED.test(v)) return `${path} (${JSON.stringify(v.slice(0, 200))})`;
      continue;
    }
    if (typeof v !== 'object' || v === null || seen.has(v) || ArrayBuffer.isView(v)) continue;
    seen.add(v);
    if (v instanceof Map) for (const [k, x] of v) stack.push([x, `${path}.get(${String(k)})`]);
    else if (v instanceof Set) for (const x of v) stack.push([x, `${path}.has(…)`]);
    else for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], `${path}[${JSON.stringify(k)}]`]);
  }
  return undefined;
}

/** What one run of a reader did. */
export type ReadOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Error };

/**
 * Longest a run on a small input may take: anything slower is a hang or a
 * blow-up, not work. Runs take milliseconds; the margin is for a loaded CI
 * machine (a worker's start, a collection), so the law fails on bugs only.
 */
export const RUN_LIMIT_MS = 10_000;

function judge<T>(outcome: ReadOutcome<T> | { thrown: unknown }, allowed: readonly UserErrorClass[], ms: number, what: string): ReadOutcome<T> {
  const polluted = pollution();
  if (polluted.length > 0) throw new Error(`${what}: the input reached a shared prototype (${polluted.join(', ')})`);
  if (ms > RUN_LIMIT_MS) throw new Error(`${what}: took ${Math.round(ms)} ms on a small input`);
  if ('thrown' in outcome) {
    const err = outcome.thrown;
    if (allowed.some((c) => err instanceof c)) {
      // A refusal of the user's input that carries a bug of ours (a reader's "unexpected error").
      if (UNEXPECTED.test((err as Error).message)) throw new Error(`${what}: refused with a bug of ours as the reason: ${(err as Error).message}`, { cause: err });
      return { ok: false, error: err as Error };
    }
    // Not a user-facing error: the property fails with the error itself (its stack says where).
    throw err;
  }
  if (outcome.ok) {
    const path = borrowedPrototype(outcome.value);
    if (path !== undefined) throw new Error(`${what}: ${path} has a prototype taken from the input`);
    // A problem, a skipped set's or an invalid value's reason, that is a bug of ours said as the input's.
    const bug = unexpectedErrorIn(outcome.value);
    if (bug !== undefined) throw new Error(`${what}: ${bug} reports a bug of ours as a problem of the input`);
  }
  return outcome;
}

/** Runs `read`: it must return, or throw one of `allowed`; anything else is rethrown (failing the property). */
export function returnsOrRefuses<T>(what: string, read: () => T, allowed: readonly UserErrorClass[]): ReadOutcome<T> {
  const started = performance.now();
  let outcome: ReadOutcome<T> | { thrown: unknown };
  try {
    outcome = { ok: true, value: read() };
  } catch (err) {
    outcome = { thrown: err };
  }
  return judge(outcome, allowed, performance.now() - started, what);
}

/** returnsOrRefuses for an async reader. */
export async function returnsOrRefusesAsync<T>(what: string, read: () => Promise<T>, allowed: readonly UserErrorClass[]): Promise<ReadOutcome<T>> {
  const started = performance.now();
  let outcome: ReadOutcome<T> | { thrown: unknown };
  try {
    outcome = { ok: true, value: await read() };
  } catch (err) {
    outcome = { thrown: err };
  }
  return judge(outcome, allowed, performance.now() - started, what);
}

/** A line of a JavaScript stack trace. */
export const STACK_LINE = /^\s+at /m;
