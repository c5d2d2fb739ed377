/**
 * Characters beyond C0 that a terminal or an editor may act on rather than
 * show: DEL, C1 controls (0x9b is a CSI to some terminals), line and
 * paragraph separators, bidi overrides and isolates. One list, as a regular
 * expression character-class body, for every output that escapes text from
 * the logs (terminal text, JSON, zone-file comments, the SVG chart).
 */
export const ACTING_BEYOND_C0 = '\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
