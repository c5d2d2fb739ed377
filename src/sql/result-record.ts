/**
 * Turns one query-result row (column name → text or NULL) back into a
 * CloudTrail record with the standard field names, so the rest of the
 * pipeline cannot tell it from a record out of a log file.
 */
import type { JsonObject } from '../model/index.js';
import { columnByName, type ResultColumn } from './columns.js';
import { QueryResultError } from './errors.js';
import { MAX_STRUCT_DEPTH, parseStructText, StructTextError, type StructValue } from './struct-text.js';

/** Where a row came from, for error messages. */
export interface RowPlace {
  readonly file: string;
  readonly line: number;
}

/** How the engine wrote nested values. */
export interface RowDialect {
  /**
   * CloudTrail Lake: requestParameters/responseElements are maps whose
   * nested objects are JSON text; such values are parsed back.
   */
  readonly mapValuesAreJson?: boolean;
  /** CloudTrail Lake: result values are strings, so an empty string stands for NULL. */
  readonly emptyIsNull?: boolean;
}

/** CloudTrail's names for the userIdentity members Athena and Lake write in lower case. */
const IDENTITY_NAMES: ReadonlyMap<string, string> = new Map(
  [
    'type', 'principalId', 'arn', 'accountId', 'invokedBy', 'accessKeyId', 'userName', 'onBehalfOf', 'userId',
    'identityStoreArn', 'sessionContext', 'attributes', 'mfaAuthenticated', 'creationDate', 'sessionIssuer',
    'ec2RoleDelivery', 'webIdFederationData', 'federatedProvider', 'sourceIdentity', 'identityProvider',
    'credentialId', 'assumedRoot', 'inScopeOf', 'issuerType', 'credentialsIssuedTo',
  ].map((n) => [n.toLowerCase(), n]),
);

/** Sets an own enumerable property, even for a key like `__proto__`. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The record for one row. `columns` are the header names; unknown columns are
 * ignored; NULL text fields are left out; NULL requestParameters and
 * responseElements become null, as in CloudTrail.
 */
export function rowToRecord(
  columns: readonly string[],
  values: readonly (string | null)[],
  place: RowPlace,
  dialect: RowDialect = {},
): JsonObject {
  const rec: Record<string, unknown> = {};
  columns.forEach((name, i) => {
    const col = columnByName(name);
    if (col === undefined) return;
    const raw = values[i] ?? null;
    const text = dialect.emptyIsNull && raw === '' ? null : raw;
    const value = readValue(col, text, place, dialect);
    if (value !== undefined) setOwn(rec, col.field, value);
  });
  return rec;
}

function readValue(col: ResultColumn, text: string | null, place: RowPlace, dialect: RowDialect): unknown {
  if (col.kind === 'json') {
    if (text === null || text.trim() === '' || text.trim() === 'null') return null;
    const parsed = parseJson(text, col, place);
    return dialect.mapValuesAreJson ? unpackMapValues(parsed) : parsed;
  }
  if (text === null) return undefined;
  if (col.kind === 'identity') return readIdentity(text, col, place);
  if (col.field === 'eventTime') return isoEventTime(text);
  return text;
}

function parseJson(text: string, col: ResultColumn, place: RowPlace): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new QueryResultError(place.file, place.line, `column ${col.field}: not JSON (${(err as Error).message})`, { cause: err });
  }
}

/** Lake map values holding JSON objects/arrays as text: parsed when they are valid JSON. */
function unpackMapValues(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    let value: unknown = val;
    if (typeof val === 'string' && /^\s*[[{]/.test(val)) {
      try {
        value = JSON.parse(val) as unknown;
      } catch {
        value = val;
      }
    }
    setOwn(out, k, value);
  }
  return out;
}

function readIdentity(text: string, col: ResultColumn, place: RowPlace): unknown {
  const t = text.trim();
  if (t === '' || t === 'null') return undefined;
  let raw: unknown;
  if (/^\{\s*("|\})/.test(t)) {
    raw = parseJson(t, col, place);
  } else {
    try {
      raw = parseStructText(t);
    } catch (err) {
      if (!(err instanceof StructTextError)) throw err;
      throw new QueryResultError(place.file, place.line, `column ${col.field}: ${err.message}`, { cause: err });
    }
  }
  return renameMembers(raw as StructValue | JsonObject, () => new QueryResultError(place.file, place.line, `column ${col.field}: nested deeper than ${MAX_STRUCT_DEPTH} levels`));
}

/**
 * Lower-case struct members → CloudTrail's names; NULL members left out.
 * JSON text may nest as deep as struct text may not (JSON.parse does not
 * recurse), so the same depth bound keeps this walk off the stack's end.
 */
function renameMembers(v: unknown, tooDeep: () => Error, depth = 1): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  if (depth > MAX_STRUCT_DEPTH) throw tooDeep();
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === null || val === undefined) continue;
    const name = IDENTITY_NAMES.get(k.toLowerCase()) ?? k;
    // Lake writes timestamps as `2024-03-05 10:02:11.000`; CloudTrail as ISO.
    setOwn(out, name, name === 'creationDate' && typeof val === 'string' ? isoEventTime(val) : renameMembers(val, tooDeep, depth + 1));
  }
  return out;
}

/** Lake writes `2024-03-01 12:00:05.000`; CloudTrail writes `2024-03-01T12:00:05Z`. */
export function isoEventTime(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|UTC| UTC)?$/.exec(text.trim());
  if (!m) return text;
  const frac = m[3] !== undefined && /[1-9]/.test(m[3]) ? m[3] : '';
  return `${m[1]}T${m[2]}${frac}Z`;
}
