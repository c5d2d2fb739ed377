/**
 * The persistent map behind a zone's record tables (see hash-trie.ts for why
 * it is ours and not immutable.js's).
 */
import { HashTrieMap } from './hash-trie.js';

export type PMap<K extends string, V> = HashTrieMap<K, V>;

/** An empty persistent map. */
export function PMap<K extends string, V>(): PMap<K, V> {
  return HashTrieMap.empty<K, V>();
}
