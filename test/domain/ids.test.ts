/** Opaque ids (API conventions): a type prefix, sortable by creation, unique, never guessable from one another. */
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';

describe('ids', () => {
  it('carry the type prefix and 26 Crockford base32 characters (10 of time, 4 of sequence, 12 random)', () => {
    expect(newId('tkt', Date.UTC(2026, 2, 1))).toMatch(/^tkt_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it('sort in creation order, within one millisecond and across instants', () => {
    const at = Date.UTC(2026, 2, 1);
    const ids = [
      ...Array.from({ length: 3000 }, () => newId('bil', at)),
      ...Array.from({ length: 3000 }, () => newId('bil', at + 1)),
    ];
    expect([...ids].sort()).toEqual(ids);
  });

  it('are unique, and their random parts differ (the random pool is refilled, never reused)', () => {
    const ids = Array.from({ length: 20_000 }, () => newId('x', 0));
    expect(new Set(ids).size).toBe(ids.length);
    const randomParts = new Set(ids.map((id) => id.slice(-12)));
    expect(randomParts.size).toBe(ids.length);
  });
});
