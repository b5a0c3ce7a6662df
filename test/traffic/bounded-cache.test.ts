/**
 * The traffic layer's bounded cache (traffic/lru.ts): least recently used entries go first, a key
 * asked again and again is answered without reordering the map (pools of a generated file share a
 * hash key: time-sliced-split asks for the same key pool after pool), and `compute` is given the key
 * so that a hot caller passes a plain function instead of a closure.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoundedCache } from '../../server/src/traffic/lru';

describe('BoundedCache', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('evicts the least recently used entry and computes each missing value once, with its key', () => {
    const cache = new BoundedCache<string>(2);
    const computed: string[] = [];
    const compute = (key: string) => {
      computed.push(key);
      return key.toUpperCase();
    };
    expect(cache.get('a', compute)).toBe('A');
    expect(cache.get('b', compute)).toBe('B');
    expect(cache.get('a', compute)).toBe('A');
    expect(cache.get('c', compute)).toBe('C');
    // 'b' was the least recently used.
    expect(cache.get('a', compute)).toBe('A');
    expect(cache.get('b', compute)).toBe('B');
    expect(computed).toEqual(['a', 'b', 'c', 'b']);
    expect(cache.computed).toBe(4);
    cache.clear();
    expect(cache.get('b', compute)).toBe('B');
    expect(computed).toEqual(['a', 'b', 'c', 'b', 'b']);
  });

  it('answers the most recently used key again without moving it', () => {
    const cache = new BoundedCache<number>(4);
    cache.get('x', () => 1);
    cache.get('y', () => 2);
    const deletes = vi.spyOn(Map.prototype, 'delete');
    for (let i = 0; i < 100; i++) expect(cache.get('y', () => 0)).toBe(2);
    expect(deletes).not.toHaveBeenCalled();
    // Another key is moved to the newest end once, then answered in place.
    for (let i = 0; i < 100; i++) expect(cache.get('x', () => 0)).toBe(1);
    expect(deletes).toHaveBeenCalledTimes(1);
  });
});
