/**
 * Text from logs (user agents, names, values, comments) is attacker
 * controlled. Before it reaches a terminal, control characters — ANSI escape
 * sequences included — are shown as visible escapes instead of acted on.
 */
import { ACTING_BEYOND_C0 } from '../model/acting-characters.js';

const CONTROL = new RegExp(`[\\u0000-\\u001f${ACTING_BEYOND_C0}]`, 'g');

/** `text` with every control character written as `\xHH` / `\uHHHH`. */
export function safeText(text: unknown): string {
  const s = typeof text === 'string' ? text : text === undefined || text === null ? '' : String(text);
  return s.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? '\\x' + code.toString(16).padStart(2, '0') : '\\u' + code.toString(16).padStart(4, '0');
  });
}

/**
 * Characters JSON.stringify leaves raw that a terminal may act on: DEL, C1
 * controls (0x9b is a CSI to some terminals), line and paragraph separators,
 * bidi overrides and isolates. (It escapes C0 controls itself.)
 */
const JSON_UNSAFE = new RegExp(`[${ACTING_BEYOND_C0}]`, 'g');

/**
 * JSON text with JSON_UNSAFE characters written as `\uXXXX` escapes. They
 * can only occur inside strings, and any JSON reader decodes the escape to
 * the same value, so the document means the same and is safe on a terminal.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** ANSI colours, applied only when the caller's IO allows colour. */
export interface Paint {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

/** A painter that colours, or one that leaves text alone. */
export function paint(enabled: boolean): Paint {
  if (!enabled) {
    const id = (s: string) => s;
    return { red: id, green: id, yellow: id, cyan: id, dim: id, bold: id };
  }
  return { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}
