import { describe, expect, it } from 'vitest';
import type { StreamFill } from '@lumina/runtime';
import { storedRecordBytes, streamByteBudget } from './byte-budget.js';

const fill = (bytes: number, maxBytes = 10_000): StreamFill => ({ bytes, maxBytes, messages: 1, maxMessages: -1, backlogAgeSeconds: 0 });

describe('the stream byte budget', () => {
  it('refuses a record that would pass the limit, counting what is in flight and stored since the reading', () => {
    const budget = streamByteBudget();
    const reading = fill(6_000);
    expect(budget.reserve(reading, 2_000)).toBeNull(); // 8,000 with it
    expect(budget.reserve(reading, 2_001)).toMatch(/full.*10000 bytes/); // 10,001 with the one in flight
    budget.settle(2_000, true);
    expect(budget.reserve(reading, 2_000)).toBeNull(); // exactly 10,000
    budget.settle(2_000, false); // refused or a duplicate: took no room
    expect(budget.reserve(reading, 2_000)).toBeNull();
  });

  it('starts again from a new reading, and takes anything without a byte limit or a reading', () => {
    const budget = streamByteBudget();
    expect(budget.reserve(fill(9_000), 2_000)).not.toBeNull();
    expect(budget.reserve(fill(1_000), 2_000)).toBeNull();
    expect(budget.reserve(fill(9_000, -1), 1_000_000)).toBeNull();
    expect(budget.reserve(null, 1_000_000)).toBeNull();
  });

  it('counts a record above its payload: subject, headers and the store’s own bytes', () => {
    expect(storedRecordBytes(1_000, 'lumina.spans.otlp.express', 'default') - 1_000).toBeGreaterThanOrEqual(30 + 25 + 100);
  });
});
