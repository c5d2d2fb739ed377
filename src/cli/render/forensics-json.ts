/**
 * JSON output of the forensics commands. JSON.stringify escapes C0 controls
 * but leaves DEL, C1 controls (0x9b is a CSI to some terminals) and bidi
 * overrides raw; they are written as `\uXXXX` escapes, which any JSON reader
 * decodes to the same value, so the JSON is also safe on a terminal.
 */
import { VERSION } from '../version.js';
import { FORENSICS_REPORT_VERSION } from '../../forensics/event-info.js';

const UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `value` as indented JSON with a trailing newline, terminal-safe. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '\n';
}

/**
 * A forensics report: `{ "zoneReplay": { "version", "reportVersion", "report" }, ...body }`.
 * `report` is `log`, `blame` or `timeline`.
 */
export function forensicsJson(report: 'log' | 'blame' | 'timeline', body: Record<string, unknown>): string {
  return safeJson({ zoneReplay: { version: VERSION, reportVersion: FORENSICS_REPORT_VERSION, report }, ...body });
}
