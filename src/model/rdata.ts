/**
 * Record values (rdata), canonical per type so that equal data compares
 * equal: `2001:DB8::0001` = `2001:db8::1`, `10 Mail.Example.COM` =
 * `10 mail.example.com.`, `"a" "b"` = `a b` (TXT).
 *
 * Like dns-packet, one table maps each type to a small codec with the same
 * shape (parse text → data, print data → text). For the types dns-packet
 * knows, the data also makes a round trip through its wire encoder, which
 * checks ranges and normalizes addresses. Types it does not know (HTTPS,
 * SVCB, and anything else) fall back to a documented textual form: words
 * separated by one space, target names canonical, SvcParam keys lower case.
 *
 * The canonical text is Route 53's presentation (octal escapes, absolute
 * names with a trailing dot). `formatValue(..., 'zonefile')` writes the same
 * data with zone-file escapes for BIND.
 */
import { createRequire } from 'node:module';
import type DnsPacket from 'dns-packet';
import { StringMemo } from './memo.js';
import { canonicalName, NameError, zoneFileName, type NameDialect } from './name.js';
import { decodeCharString, encodeCharString, TokenError, tokenize, type Token } from './presentation.js';
import { inputProblem, isInputError } from './problems.js';

// require, not import: importing a CommonJS package from ESM makes Node lex its whole source for
// export names, on every thread that loads this module (about 80 ms each for dns-packet). And only
// when a value needs it: loading it costs some 10 ms, and scan workers, which load this module
// through the normalizer, never do.
const require = createRequire(import.meta.url);
let loadedDnsPacket: typeof DnsPacket | undefined;
const dnsPacket = (): typeof DnsPacket => (loadedDnsPacket ??= require('dns-packet') as typeof DnsPacket);

/** How a value was written: its escape dialect and, for zone files, the origin for relative names. */
export interface ValueContext {
  readonly dialect: NameDialect;
  readonly origin?: string;
}

/** The canonical form of one value, or why it has none. */
export type CanonicalValue =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly value: string; readonly reason: string };

const ROUTE53: ValueContext = { dialect: 'route53' };

class ValueError extends Error {}

/** What parsing a value throws when the value is at fault; anything else is a bug of ours. */
const VALUE_ERRORS = [ValueError, TokenError] as const;

interface Codec {
  /** Reads tokens into a normalized, printable form: a list of fields. */
  parse(tokens: Token[], ctx: ValueContext): Field[];
}

/** One field of parsed rdata, printed by kind. */
type Field =
  | { kind: 'int'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'word'; value: string }
  | { kind: 'string'; value: string } // raw bytes, printed quoted
  | { kind: 'hex'; value: string }; // upper-case hex

function need(tokens: Token[], count: number, what: string): void {
  if (tokens.length !== count) {
    throw new ValueError(`expected ${count} fields (${what}), found ${tokens.length}`);
  }
}

function int(tok: Token | undefined, max: number, what: string): Field {
  if (tok === undefined || tok.quoted || !/^[0-9]+$/.test(tok.text)) {
    throw new ValueError(`${what} must be a number, found ${tok ? JSON.stringify(tok.text) : 'nothing'}`);
  }
  const value = Number(tok.text);
  if (value > max) throw new ValueError(`${what} ${value} is over ${max}`);
  return { kind: 'int', value };
}

function name(tok: Token | undefined, ctx: ValueContext, what: string): Field {
  if (tok === undefined || tok.text === '') throw new ValueError(`${what} is missing`);
  try {
    return { kind: 'name', value: canonicalName(tok.text, ctx.dialect, ctx.origin) };
  } catch (err) {
    if (!(err instanceof NameError)) throw err;
    throw new ValueError(`${what}: ${err.message}`);
  }
}

function hex(tokens: Token[], what: string): Field {
  const text = tokens.map((t) => t.text).join('');
  if (!/^[0-9a-fA-F]+$/.test(text) || text.length % 2 !== 0) {
    throw new ValueError(`${what} must be hexadecimal, found ${JSON.stringify(text)}`);
  }
  return { kind: 'hex', value: text.toUpperCase() };
}

function str(tok: Token | undefined, ctx: ValueContext, what: string): Field {
  if (tok === undefined) throw new ValueError(`${what} is missing`);
  return { kind: 'string', value: decodeCharString(tok.text, ctx.dialect) };
}

/** Round trip through dns-packet's wire codec for the types it knows. */
function wire<T>(type: string, data: T): T {
  const codec = (dnsPacket() as unknown as Record<string, { encode(d: T): Buffer; decode(b: Buffer): T } | undefined>)[type];
  if (codec === undefined) return data;
  try {
    return codec.decode(codec.encode(data));
  } catch (err) {
    // Any class: dns-packet refuses the user's data with whatever its Buffer writes throw (a CAA value
    // of 70,000 bytes is a RangeError). A bug in the object given would make valid values invalid,
    // which rdata.test.ts's known values show.
    throw new ValueError((err as Error).message);
  }
}

const address4: Codec = {
  parse(tokens) {
    need(tokens, 1, 'an IPv4 address');
    const text = tokens[0]!.text;
    if (!/^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(text) || text.split('.').some((p) => Number(p) > 255)) {
      throw new ValueError(`not an IPv4 address: ${JSON.stringify(text)}`);
    }
    // What dns-packet's wire round trip gives (leading zeros dropped), without the Buffer.
    return [{ kind: 'word', value: text.split('.').map((p) => String(Number(p))).join('.') }];
  },
};

const address6: Codec = {
  parse(tokens) {
    need(tokens, 1, 'an IPv6 address');
    const text = tokens[0]!.text;
    if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) {
      throw new ValueError(`not an IPv6 address: ${JSON.stringify(text)}`);
    }
    let value: string;
    try {
      value = wire('aaaa', text);
    } catch {
      throw new ValueError(`not an IPv6 address: ${JSON.stringify(text)}`);
    }
    return [{ kind: 'word', value }];
  },
};

const singleName: Codec = {
  parse(tokens, ctx) {
    need(tokens, 1, 'a domain name');
    return [name(tokens[0], ctx, 'target')];
  },
};

const mx: Codec = {
  parse(tokens, ctx) {
    need(tokens, 2, 'preference and mail server');
    const pref = int(tokens[0], 65535, 'preference');
    const host = name(tokens[1], ctx, 'mail server');
    wire('mx', { preference: pref.value, exchange: host.value });
    return [pref, host];
  },
};

const srv: Codec = {
  parse(tokens, ctx) {
    need(tokens, 4, 'priority, weight, port and target');
    const fields = [int(tokens[0], 65535, 'priority'), int(tokens[1], 65535, 'weight'), int(tokens[2], 65535, 'port'), name(tokens[3], ctx, 'target')];
    const [priority, weight, port, target] = fields.map((f) => f.value);
    wire('srv', { priority, weight, port, target });
    return fields;
  },
};

const txt: Codec = {
  parse(tokens, ctx) {
    if (tokens.length === 0) throw new ValueError('no character string');
    const strings = tokens.map((t, i) => str(t, ctx, `string ${i + 1}`));
    for (const s of strings) {
      if ((s.value as string).length > 255) throw new ValueError('a character string is longer than 255 bytes');
    }
    wire(
      'txt',
      strings.map((s) => Buffer.from(s.value as string, 'latin1')),
    );
    return strings;
  },
};

const caa: Codec = {
  parse(tokens, ctx) {
    need(tokens, 3, 'flags, tag and value');
    const flags = int(tokens[0], 255, 'flags');
    const tag = tokens[1]!.text.toLowerCase();
    if (!/^[a-z0-9]+$/.test(tag)) throw new ValueError(`CAA tag must be alphanumeric, found ${JSON.stringify(tag)}`);
    const value = str(tokens[2], ctx, 'value');
    wire('caa', { flags: flags.value, tag, value: Buffer.from(value.value as string, 'latin1').toString() });
    return [flags, { kind: 'word', value: tag }, value];
  },
};

const naptr: Codec = {
  parse(tokens, ctx) {
    need(tokens, 6, 'order, preference, flags, services, regexp and replacement');
    return [
      int(tokens[0], 65535, 'order'),
      int(tokens[1], 65535, 'preference'),
      str(tokens[2], ctx, 'flags'),
      str(tokens[3], ctx, 'services'),
      str(tokens[4], ctx, 'regexp'),
      name(tokens[5], ctx, 'replacement'),
    ];
  },
};

const ds: Codec = {
  parse(tokens) {
    if (tokens.length < 4) throw new ValueError('expected key tag, algorithm, digest type and digest');
    const fields = [int(tokens[0], 65535, 'key tag'), int(tokens[1], 255, 'algorithm'), int(tokens[2], 255, 'digest type'), hex(tokens.slice(3), 'digest')];
    wire('ds', { keyTag: fields[0]!.value, algorithm: fields[1]!.value, digestType: fields[2]!.value, digest: Buffer.from(fields[3]!.value as string, 'hex') });
    return fields;
  },
};

const tlsa: Codec = {
  parse(tokens) {
    if (tokens.length < 4) throw new ValueError('expected usage, selector, matching type and data');
    const fields = [int(tokens[0], 255, 'usage'), int(tokens[1], 255, 'selector'), int(tokens[2], 255, 'matching type'), hex(tokens.slice(3), 'certificate data')];
    wire('tlsa', { usage: fields[0]!.value, selector: fields[1]!.value, matchingType: fields[2]!.value, certificate: Buffer.from(fields[3]!.value as string, 'hex') });
    return fields;
  },
};

const sshfp: Codec = {
  parse(tokens) {
    if (tokens.length < 3) throw new ValueError('expected algorithm, fingerprint type and fingerprint');
    return [int(tokens[0], 255, 'algorithm'), int(tokens[1], 255, 'fingerprint type'), hex(tokens.slice(2), 'fingerprint')];
  },
};

const TIME_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** A TTL-style number; zone files allow BIND's units (`1h30m`, `1w`). */
export function parseDuration(text: string): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const parts = text.toLowerCase().match(/^([0-9]+[smhdw])+$/);
  if (!parts) return undefined;
  let total = 0;
  for (const m of text.toLowerCase().matchAll(/([0-9]+)([smhdw])/g)) total += Number(m[1]) * TIME_UNITS[m[2]!]!;
  return total;
}

function duration(tok: Token | undefined, what: string): Field {
  const value = tok === undefined ? undefined : parseDuration(tok.text);
  if (value === undefined || value > 0xffffffff) throw new ValueError(`${what} must be a number of seconds`);
  return { kind: 'int', value };
}

const soa: Codec = {
  parse(tokens, ctx) {
    need(tokens, 7, 'mname, rname, serial, refresh, retry, expire and minimum');
    const fields = [
      name(tokens[0], ctx, 'mname'),
      name(tokens[1], ctx, 'rname'),
      duration(tokens[2], 'serial'),
      duration(tokens[3], 'refresh'),
      duration(tokens[4], 'retry'),
      duration(tokens[5], 'expire'),
      duration(tokens[6], 'minimum'),
    ];
    const [mname, rname, serial, refresh, retry, expire, minimum] = fields.map((f) => f.value);
    wire('soa', { mname, rname, serial, refresh, retry, expire, minimum });
    return fields;
  },
};

/** HTTPS and SVCB (RFC 9460): dns-packet has no codec; see the module comment. */
const svcb: Codec = {
  parse(tokens, ctx) {
    if (tokens.length < 2) throw new ValueError('expected priority and target');
    const params = tokens.slice(2).map((t): Field => {
      // A control character (a line end inside `key="…"` from a logged value) has no zone-file spelling here:
      // printed raw, it ends the line and the zone file no longer reads back.
      if (/[\x00-\x1f\x7f]/.test(t.text)) throw new ValueError(`SvcParam ${JSON.stringify(t.text)} holds a control character`);
      const eq = t.text.indexOf('=');
      const key = (eq < 0 ? t.text : t.text.slice(0, eq)).toLowerCase();
      if (eq < 0) return { kind: 'word', value: key };
      let v = t.text.slice(eq + 1);
      if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
      // Quotes only where the value needs them (white space), so one spelling reads back as one word.
      return { kind: 'word', value: /\s/.test(v) ? `${key}="${v}"` : `${key}=${v}` };
    });
    return [int(tokens[0], 65535, 'priority'), name(tokens[1], ctx, 'target'), ...params];
  },
};

/** Any other type: the words as written, one space apart. */
const opaque: Codec = {
  parse(tokens, ctx) {
    if (tokens.length === 0) throw new ValueError('empty value');
    return tokens.map((t, i): Field => (t.quoted ? str(t, ctx, `field ${i + 1}`) : { kind: 'word', value: t.text }));
  },
};

/** The codec for each record type Route 53 accepts. */
const CODECS: Record<string, Codec> = {
  A: address4,
  AAAA: address6,
  CNAME: singleName,
  NS: singleName,
  PTR: singleName,
  MX: mx,
  SRV: srv,
  TXT: txt,
  SPF: txt,
  CAA: caa,
  NAPTR: naptr,
  DS: ds,
  TLSA: tlsa,
  SSHFP: sshfp,
  SOA: soa,
  HTTPS: svcb,
  SVCB: svcb,
};

/** Record types Route 53 accepts (botocore RRType). */
export const ROUTE53_TYPES: readonly string[] = Object.keys(CODECS);

/** True when the type has its own codec rather than the opaque fallback. */
export function isKnownType(type: string): boolean {
  return Object.hasOwn(CODECS, type);
}

function codecFor(type: string): Codec {
  return Object.hasOwn(CODECS, type) ? CODECS[type]! : opaque;
}

function printFields(fields: Field[], dialect: NameDialect, origin?: string): string {
  return fields
    .map((f) => {
      switch (f.kind) {
        case 'int':
          return String(f.value);
        case 'word':
        case 'hex':
          return f.value;
        case 'name':
          return dialect === 'route53' ? f.value : zoneFileName(f.value, origin);
        case 'string':
          return encodeCharString(f.value, dialect);
      }
    })
    .join(' ');
}

function parseFields(type: string, value: string, ctx: ValueContext): Field[] {
  return codecFor(type).parse(tokenize(value), ctx);
}

/**
 * The canonical form of one value of a record of `type`. A value that cannot
 * be read (empty, redacted, malformed) is kept as written, trimmed, with the
 * reason: never an exception.
 */
export function canonicalValue(type: string, value: string, ctx: ValueContext = ROUTE53): CanonicalValue {
  const trimmed = value.trim();
  if (trimmed === '') return { ok: false, value: trimmed, reason: 'empty value (redacted or not logged)' };
  // Logged values (Route 53's dialect, no origin) of the known types: one memo per type, keyed by
  // the value itself, so a lookup builds no key string and no closure.
  if (ctx.dialect === 'route53' && ctx.origin === undefined && isKnownType(type)) {
    const byType = route53Values(type);
    return byType.memo.get(trimmed, byType.canonicalize);
  }
  return CANONICAL_VALUES.get(`${ctx.dialect}\u0000${ctx.origin ?? ''}\u0000${type}\u0000${trimmed}`, () => canonicalize(type, trimmed, ctx));
}

/** The canonical form of a trimmed value, never throwing (frozen: memoized results are shared). */
function canonicalize(type: string, trimmed: string, ctx: ValueContext): CanonicalValue {
  try {
    return Object.freeze({ ok: true, value: printFields(parseFields(type, trimmed, ctx), 'route53') });
  } catch (err) {
    return Object.freeze({ ok: false, value: trimmed, reason: inputProblem(err, VALUE_ERRORS, 'the value') });
  }
}

/** canonicalValue's results in other contexts, by context, type and value. */
const CANONICAL_VALUES = new StringMemo<CanonicalValue>();

/** canonicalValue's results for logged values of a known type, by value. */
interface TypeValues {
  readonly memo: StringMemo<CanonicalValue>;
  readonly canonicalize: (trimmed: string) => CanonicalValue;
}
const ROUTE53_VALUES = new Map<string, TypeValues>();

/** Values the per-type memos hold in all, at most (as one memo would: a trail's values are its to choose). */
const ROUTE53_VALUES_MAX = 50_000;
let route53ValuesHeld = 0;

function route53Values(type: string): TypeValues {
  let byType = ROUTE53_VALUES.get(type);
  if (byType === undefined) {
    const canonicalizeNew = (trimmed: string): CanonicalValue => {
      // Full: forget every type's values (this memo's own entry goes to a map no longer used).
      if (++route53ValuesHeld > ROUTE53_VALUES_MAX) {
        ROUTE53_VALUES.clear();
        route53ValuesHeld = 1;
      }
      return canonicalize(type, trimmed, ROUTE53);
    };
    ROUTE53_VALUES.set(type, (byType = { memo: new StringMemo(ROUTE53_VALUES_MAX), canonicalize: canonicalizeNew }));
  }
  return byType;
}

/** How many logged values the per-type memos hold (for tests). */
export function memoizedRoute53Values(): number {
  let n = 0;
  for (const { memo } of ROUTE53_VALUES.values()) n += memo.size;
  return n;
}

/**
 * Writes a canonical value in zone-file syntax (decimal escapes, names
 * relative to `origin` where they lie below it). Values that could not be
 * canonicalized are written as they are.
 */
export function formatValue(type: string, canonical: string, dialect: NameDialect, origin?: string): string {
  if (dialect === 'route53') return canonical;
  try {
    return printFields(parseFields(type, canonical, ROUTE53), dialect, origin);
  } catch (err) {
    // A value kept as written because it could not be read; a bug is not written out as one.
    if (!isInputError(err, VALUE_ERRORS)) throw err;
    return canonical;
  }
}

/** The names a value points at (CNAME/NS/MX/SRV targets…), for ordering and checks. */
export function valueTargets(type: string, canonical: string): string[] {
  try {
    return parseFields(type, canonical, ROUTE53)
      .filter((f): f is { kind: 'name'; value: string } => f.kind === 'name')
      .map((f) => f.value);
  } catch (err) {
    if (!isInputError(err, VALUE_ERRORS)) throw err;
    return [];
  }
}
