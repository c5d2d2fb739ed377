/**
 * A persistent hash map with string keys: a hash array mapped trie (HAMT)
 * that shares all but the O(log32 n) nodes a write touches, with transient
 * editing (asMutable / asImmutable) so a batch of writes copies each node
 * once. It replaces immutable.js's Map on the replay's hot path: immutable.js
 * hashes a string key longer than 16 characters through a 255-entry
 * dictionary of hashes, which misses on every record key of a large zone and
 * cost about a third of a microsecond per lookup; its leaves are [key, value]
 * arrays. Here the hash is computed inline (a short loop over the key) and
 * keys and values sit side by side in each node's array.
 *
 * The hash is fixed (not seeded), so a map's iteration order is the same on
 * every run. Keys with equal 32-bit hashes share a collision node and are
 * found by a linear scan.
 */

/** Who may edit a node in place: the owner of a mutable map. */
type Owner = object;

const BITS = 5;
const MASK = 31;

/** FNV-1a over UTF-16 code units, then murmur3's finalizer to spread the low bits the trie reads first. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * An inner node: one pair of slots per bit set in `bitmap`, in bit order.
 * A pair is [key, value] for an entry, or [undefined, child] for a subtrie.
 */
class BitmapNode {
  constructor(
    public owner: Owner | undefined,
    public bitmap: number,
    public slots: unknown[],
  ) {}
}

/** Entries whose keys share all 32 bits of hash: [key, value, key, value, …]. */
class CollisionNode {
  constructor(
    public owner: Owner | undefined,
    readonly hash: number,
    public slots: unknown[],
  ) {}
}

type TrieNode = BitmapNode | CollisionNode;

/** What a write did to the map's size. */
interface Edit {
  added: boolean;
  removed: boolean;
}

/** What lookup returns for a key the map does not hold (a value may itself be undefined). */
const ABSENT: unique symbol = Symbol('absent');

function lookup(node: TrieNode | undefined, hash: number, key: string): unknown {
  let shift = 0;
  while (node !== undefined) {
    if (node instanceof CollisionNode) {
      const s = node.slots;
      for (let i = 0; i < s.length; i += 2) if (s[i] === key) return s[i + 1];
      return ABSENT;
    }
    const bit = 1 << ((hash >>> shift) & MASK);
    if ((node.bitmap & bit) === 0) return ABSENT;
    const at = 2 * bitCount(node.bitmap & (bit - 1));
    const k = node.slots[at];
    if (k === undefined) {
      node = node.slots[at + 1] as TrieNode;
      shift += BITS;
      continue;
    }
    return k === key ? node.slots[at + 1] : ABSENT;
  }
  return ABSENT;
}

/** The node, editable by `owner`: itself when owned, else a copy. */
function editable<N extends TrieNode>(node: N, owner: Owner | undefined): N {
  if (owner !== undefined && node.owner === owner) return node;
  return (node instanceof BitmapNode ? new BitmapNode(owner, node.bitmap, node.slots.slice()) : new CollisionNode(owner, node.hash, node.slots.slice())) as N;
}

/** A subtrie holding two entries whose hashes agree below `shift`. */
function pair(owner: Owner | undefined, shift: number, h1: number, k1: string, v1: unknown, h2: number, k2: string, v2: unknown): TrieNode {
  if (shift >= 32 || h1 === h2) return new CollisionNode(owner, h1, [k1, v1, k2, v2]);
  const i1 = (h1 >>> shift) & MASK;
  const i2 = (h2 >>> shift) & MASK;
  if (i1 === i2) return new BitmapNode(owner, 1 << i1, [undefined, pair(owner, shift + BITS, h1, k1, v1, h2, k2, v2)]);
  return new BitmapNode(owner, (1 << i1) | (1 << i2), i1 < i2 ? [k1, v1, k2, v2] : [k2, v2, k1, v1]);
}

function assoc(node: TrieNode | undefined, owner: Owner | undefined, shift: number, hash: number, key: string, value: unknown, edit: Edit): TrieNode {
  if (node === undefined) {
    edit.added = true;
    return new BitmapNode(owner, 1 << ((hash >>> shift) & MASK), [key, value]);
  }
  if (node instanceof CollisionNode) {
    if (node.hash !== hash) {
      // Only reached below a bitmap slot whose bits agree: split by the next bits.
      const wrap = new BitmapNode(owner, 1 << ((node.hash >>> shift) & MASK), [undefined, node]);
      return assoc(wrap, owner, shift, hash, key, value, edit);
    }
    const s = node.slots;
    for (let i = 0; i < s.length; i += 2) {
      if (s[i] !== key) continue;
      if (s[i + 1] === value) return node;
      const n = editable(node, owner);
      n.slots[i + 1] = value;
      return n;
    }
    edit.added = true;
    const n = editable(node, owner);
    n.slots.push(key, value);
    return n;
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  const at = 2 * bitCount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    edit.added = true;
    const n = editable(node, owner);
    n.slots.splice(at, 0, key, value);
    n.bitmap |= bit;
    return n;
  }
  const k = node.slots[at] as string | undefined;
  const v = node.slots[at + 1];
  if (k === undefined) {
    const child = assoc(v as TrieNode, owner, shift + BITS, hash, key, value, edit);
    if (child === v) return node;
    const n = editable(node, owner);
    n.slots[at + 1] = child;
    return n;
  }
  if (k === key) {
    if (v === value) return node;
    const n = editable(node, owner);
    n.slots[at + 1] = value;
    return n;
  }
  edit.added = true;
  const n = editable(node, owner);
  n.slots[at] = undefined;
  n.slots[at + 1] = pair(owner, shift + BITS, hashKey(k), k, v, hash, key, value);
  return n;
}

/** The node without `key`; undefined when it is left empty. A subtrie left with one entry is folded into its parent's slot. */
function dissoc(node: TrieNode, owner: Owner | undefined, shift: number, hash: number, key: string, edit: Edit): TrieNode | undefined {
  if (node instanceof CollisionNode) {
    const s = node.slots;
    for (let i = 0; i < s.length; i += 2) {
      if (s[i] !== key) continue;
      edit.removed = true;
      if (s.length === 2) return undefined;
      const n = editable(node, owner);
      n.slots.splice(i, 2);
      return n;
    }
    return node;
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  if ((node.bitmap & bit) === 0) return node;
  const at = 2 * bitCount(node.bitmap & (bit - 1));
  const k = node.slots[at];
  const v = node.slots[at + 1];
  if (k === undefined) {
    const child = dissoc(v as TrieNode, owner, shift + BITS, hash, key, edit);
    if (child === v) return node;
    if (child === undefined) return without(node, owner, bit, at);
    const lone = loneEntry(child);
    const n = editable(node, owner);
    if (lone !== undefined) {
      n.slots[at] = lone[0];
      n.slots[at + 1] = lone[1];
    } else {
      n.slots[at + 1] = child;
    }
    return n;
  }
  if (k !== key) return node;
  edit.removed = true;
  return without(node, owner, bit, at);
}

function without(node: BitmapNode, owner: Owner | undefined, bit: number, at: number): BitmapNode | undefined {
  if (node.bitmap === bit) return undefined;
  const n = editable(node, owner);
  n.slots.splice(at, 2);
  n.bitmap &= ~bit;
  return n;
}

/** The entry of a node that holds exactly one entry and no subtrie. */
function loneEntry(node: TrieNode): [string, unknown] | undefined {
  if (node instanceof CollisionNode) return node.slots.length === 2 ? [node.slots[0] as string, node.slots[1]] : undefined;
  return node.slots.length === 2 && node.slots[0] !== undefined ? [node.slots[0] as string, node.slots[1]] : undefined;
}

function* walk(node: TrieNode | undefined): Generator<[string, unknown]> {
  if (node === undefined) return;
  const s = node.slots;
  for (let i = 0; i < s.length; i += 2) {
    const k = s[i] as string | undefined;
    if (k === undefined) yield* walk(s[i + 1] as TrieNode);
    else yield [k, s[i + 1]];
  }
}

/**
 * The map. Immutable unless made by asMutable(): then set/delete/clear edit
 * it in place (and return it) until asImmutable().
 */
export class HashTrieMap<K extends string, V> implements Iterable<[K, V]> {
  private constructor(
    private root: TrieNode | undefined,
    private count: number,
    private owner: Owner | undefined,
  ) {}

  static empty<K extends string, V>(): HashTrieMap<K, V> {
    return new HashTrieMap<K, V>(undefined, 0, undefined);
  }

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    const found = lookup(this.root, hashKey(key), key);
    return found === ABSENT ? undefined : (found as V);
  }

  has(key: K): boolean {
    return lookup(this.root, hashKey(key), key) !== ABSENT;
  }

  set(key: K, value: V): HashTrieMap<K, V> {
    const edit: Edit = { added: false, removed: false };
    const root = assoc(this.root, this.owner, 0, hashKey(key), key, value, edit);
    return this.with(root, this.count + (edit.added ? 1 : 0));
  }

  delete(key: K): HashTrieMap<K, V> {
    if (this.root === undefined) return this;
    const edit: Edit = { added: false, removed: false };
    const root = dissoc(this.root, this.owner, 0, hashKey(key), key, edit);
    return edit.removed ? this.with(root, this.count - 1) : this;
  }

  clear(): HashTrieMap<K, V> {
    return this.with(undefined, 0);
  }

  /** A copy that set/delete edit in place; the original stays as it is. */
  asMutable(): HashTrieMap<K, V> {
    return new HashTrieMap<K, V>(this.root, this.count, {});
  }

  /** This map, no longer editable in place (a mutable map stops being one). */
  asImmutable(): HashTrieMap<K, V> {
    this.owner = undefined;
    return this;
  }

  *entries(): IterableIterator<[K, V]> {
    yield* walk(this.root) as Generator<[K, V]>;
  }

  *keys(): IterableIterator<K> {
    for (const [k] of walk(this.root)) yield k as K;
  }

  *values(): IterableIterator<V> {
    for (const [, v] of walk(this.root)) yield v as V;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  private with(root: TrieNode | undefined, count: number): HashTrieMap<K, V> {
    if (this.owner !== undefined) {
      this.root = root;
      this.count = count;
      return this;
    }
    return root === this.root ? this : new HashTrieMap<K, V>(root, count, undefined);
  }
}
