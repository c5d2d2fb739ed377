/**
 * Domain names, read and written the way Route 53 and zone files spell them.
 *
 * The canonical form is Route 53's own (what ListResourceRecordSets returns):
 * lower case, fully qualified with a trailing dot, and every byte other than
 * `a-z 0-9 - _` written as a three-digit **octal** escape (`*` → `\052`).
 * Two spellings of one name always have the same canonical form, so names
 * compare as plain strings.
 *
 * Zone files escape differently: `\DDD` there is **decimal** (RFC 1035 §5.1),
 * while Route 53's `\DDD` is octal. The dialect says which rule applies.
 */
import { StringMemo } from './memo.js';
import { domainToASCII } from 'node:url';

/** Which escape rule a piece of text follows. */
export type NameDialect = 'route53' | 'zonefile';

/** The root name. */
export const ROOT = '.';

/** A name that cannot be read: says what was wrong. */
export class NameError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`invalid domain name ${JSON.stringify(input)}: ${reason}`);
    this.name = 'NameError';
  }
}

/**
 * Splits a presentation-format name into labels of raw bytes (each byte one
 * char code 0–255). Escapes follow the dialect. Throws NameError.
 */
export function parseLabels(input: string, dialect: NameDialect): string[] {
  let text = input.trim();
  if (text === '' || text === '.') return [];
  if (/[^\x00-\x7f]/.test(text)) {
    // IDN: Route 53 stores punycode.
    const ascii = domainToASCII(text);
    if (ascii === '') throw new NameError(input, 'not a valid internationalized name');
    text = ascii;
  }
  // Most names have no escapes: their labels are the text between dots.
  if (!text.includes('\\')) return plainLabels(text, input);
  const labels: string[] = [];
  let label = '';
  let sawDot = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') {
      const digits = text.slice(i + 1, i + 4);
      if (/^[0-9]{3}$/.test(digits)) {
        const code = dialect === 'route53' ? parseOctal(digits, input) : Number(digits);
        if (code > 255) throw new NameError(input, `escape \\${digits} is out of range`);
        label += String.fromCharCode(code);
        i += 3;
      } else if (i + 1 < text.length) {
        label += text[i + 1];
        i += 1;
      } else {
        throw new NameError(input, 'ends with a lone backslash');
      }
      sawDot = false;
    } else if (ch === '.') {
      if (sawDot) throw new NameError(input, 'empty label');
      labels.push(label);
      label = '';
      sawDot = true;
    } else {
      label += ch;
      sawDot = false;
    }
  }
  if (!sawDot) labels.push(label);
  return checkedLengths(labels, input);
}

/** parseLabels for a name without escapes (nor only a dot). */
function plainLabels(text: string, input: string): string[] {
  const labels = text.split('.');
  if (labels[labels.length - 1] === '') labels.pop(); // the final dot
  if (labels.includes('')) throw new NameError(input, 'empty label');
  return checkedLengths(labels, input);
}

/** The longest name in wire form: each label's length byte and bytes, and the root's zero byte (RFC 1035 §2.3.4). */
export const MAX_NAME_WIRE_BYTES = 255;

function checkedLengths(labels: string[], input: string): string[] {
  let wire = 1;
  for (const l of labels) {
    if (l.length > 63) throw new NameError(input, `label longer than 63 bytes`);
    wire += l.length + 1;
  }
  if (wire > MAX_NAME_WIRE_BYTES) throw new NameError(input, `name longer than ${MAX_NAME_WIRE_BYTES} bytes in wire form (${wire})`);
  return labels;
}

function parseOctal(digits: string, input: string): number {
  if (!/^[0-7]{3}$/.test(digits)) throw new NameError(input, `\\${digits} is not an octal escape`);
  return parseInt(digits, 8);
}

/** Route 53's spelling of one label: lower case, octal escapes. */
function route53Label(label: string): string {
  // Labels are bytes (char codes up to 255): only A–Z lower-case into letters, digits, `-` and `_`.
  const lower = label.toLowerCase();
  if (/^[a-z0-9_-]*$/.test(lower)) return lower;
  let out = '';
  for (let i = 0; i < label.length; i++) {
    let c = label.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f) {
      out += String.fromCharCode(c);
    } else {
      out += '\\' + c.toString(8).padStart(3, '0');
    }
  }
  return out;
}

/** Joins raw labels into the canonical name. */
export function labelsToName(labels: readonly string[]): string {
  if (labels.length === 0) return ROOT;
  // The final dot joined in, not appended: one flat string, not a pair of pieces, is what names keep.
  const parts = labels.map(route53Label);
  parts.push('');
  return parts.join('.');
}

/**
 * The canonical form of a name. A relative zone-file name is completed with
 * `origin` (itself canonical); `@` stands for the origin. Throws NameError.
 */
export function canonicalName(input: string, dialect: NameDialect = 'route53', origin?: string): string {
  const text = input.trim();
  if (dialect === 'zonefile') {
    if (text === '@') {
      if (origin === undefined) throw new NameError(input, '@ used without an $ORIGIN');
      return origin;
    }
    const absolute = endsWithUnescapedDot(text);
    const labels = parseLabels(text, dialect);
    if (!absolute) {
      if (origin === undefined) throw new NameError(input, 'relative name without an $ORIGIN');
      return joinNames(labelsToName(labels), origin);
    }
    return labelsToName(labels);
  }
  // Route 53 treats every name as absolute, trailing dot or not.
  const named = ROUTE53_NAMES.get(text, route53Name);
  if (named instanceof NameError) throw named;
  return named;
}

/** True when the final dot is a label separator, not escaped: `a\.` ends in an escaped dot, `a\\.` in an escaped backslash and a dot. */
function endsWithUnescapedDot(text: string): boolean {
  if (!text.endsWith('.')) return false;
  let backslashes = 0;
  for (let i = text.length - 2; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** Canonical Route 53 names (or why a text is none), by text. */
const ROUTE53_NAMES = new StringMemo<string | NameError>();

function route53Name(text: string): string | NameError {
  try {
    return labelsToName(parseLabels(text, 'route53'));
  } catch (err) {
    // Only the text's fault is remembered as its answer; anything else is a bug, thrown as it is.
    if (err instanceof NameError) return err;
    throw err;
  }
}

/** Like canonicalName, but returns undefined instead of throwing a NameError. */
export function tryCanonicalName(input: string, dialect: NameDialect = 'route53', origin?: string): string | undefined {
  try {
    return canonicalName(input, dialect, origin);
  } catch (err) {
    // Not undefined for a bug: that would read as an invalid name, the input's fault.
    if (err instanceof NameError) return undefined;
    throw err;
  }
}

/** `relative` (canonical, taken as relative) followed by `suffix` (canonical). */
export function joinNames(relative: string, suffix: string): string {
  if (relative === ROOT) return suffix;
  if (suffix === ROOT) return relative;
  return relative + suffix;
}

/** Labels of a canonical name, still escaped, most specific first. */
export function nameLabels(name: string): string[] {
  if (name === ROOT) return [];
  return name.slice(0, -1).split('.');
}

/** True when `name` is `zone` or below it (both canonical). */
export function isWithin(name: string, zone: string): boolean {
  if (zone === ROOT) return true;
  return name === zone || name.endsWith('.' + zone);
}

/** The name one label up, or undefined for the root. */
export function parentName(name: string): string | undefined {
  if (name === ROOT) return undefined;
  const i = name.indexOf('.');
  const rest = name.slice(i + 1);
  return rest === '' ? ROOT : rest;
}

/**
 * The zone-file spelling of a canonical name: relative to `origin` when it
 * lies below it (`@` for the origin itself), decimal escapes, and `*` left
 * literal (zone files and BIND read it as the wildcard label).
 */
export function zoneFileName(name: string, origin?: string): string {
  if (origin !== undefined && name === origin) return '@';
  const labels = parseLabels(name, 'route53');
  let relativeCount = labels.length;
  let absolute = true;
  if (origin !== undefined && origin !== ROOT && isWithin(name, origin)) {
    relativeCount = labels.length - nameLabels(origin).length;
    absolute = false;
  }
  const text = labels.slice(0, relativeCount).map(zoneFileLabel).join('.');
  if (labels.length === 0) return '.';
  return absolute ? text + '.' : text;
}

function zoneFileLabel(label: string): string {
  if (label === '*') return '*';
  let out = '';
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f) {
      out += label[i];
    } else if (c >= 0x41 && c <= 0x5a) {
      out += String.fromCharCode(c + 0x20);
    } else {
      out += '\\' + String(c).padStart(3, '0');
    }
  }
  return out;
}

/**
 * Sort key for names in Route 53's ListResourceRecordSets order: labels
 * reversed (`com.example.www`), compared as ASCII.
 */
export function nameSortKey(name: string): string {
  return nameLabels(name).reverse().join('\u0001');
}

/** Compares two canonical names in DNS (Route 53 listing) order. */
export function compareNames(a: string, b: string): number {
  const ka = nameSortKey(a);
  const kb = nameSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
