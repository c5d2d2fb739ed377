/** BIND zone files: reader and writer. */
export { ZoneFileError, type ZoneFileProblem } from './errors.js';
export { parseZoneFile, type ParseZoneFileOptions, type ZoneFileResult } from './parser.js';
export { printZoneFile, ALIAS_PLACEHOLDER_TTL, type PrintZoneFileOptions } from './printer.js';
export { HIDDEN_MARKER } from './lexer.js';
