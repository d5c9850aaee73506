// A deterministic, state-free shuffle: order items by a hash of (seed, key). Strategies use it to
// visit neighbours in a seed-dependent order without storing the order in the run log.

export function hashKey(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // A final avalanche so keys differing in one character land far apart.
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  h ^= h >>> 12;
  return h >>> 0;
}

export function seededOrder<T extends { key: string }>(items: T[], seed: number): T[] {
  const h = new Map(items.map((it) => [it.key, hashKey(seed, it.key)]));
  return items.sort((a, b) => h.get(a.key)! - h.get(b.key)! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
