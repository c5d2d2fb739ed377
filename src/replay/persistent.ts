/**
 * immutable.js's persistent Map and Set, loaded with `require`: importing a
 * CommonJS package from ESM makes Node lex its whole source for export names
 * (200 KB here: about 80 ms of every start, and the lexer's own JIT compile).
 */
import { createRequire } from 'node:module';
import type * as Immutable from 'immutable';

const immutable = createRequire(import.meta.url)('immutable') as typeof Immutable;

export const PMap = immutable.Map;
export const PSet = immutable.Set;
export type PMap<K, V> = Immutable.Map<K, V>;
export type PSet<T> = Immutable.Set<T>;
