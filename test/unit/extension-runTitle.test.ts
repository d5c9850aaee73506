import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTitle, startedText } from '../../src/extension/runTitle';

test('a run is called by its space, strategy and start time: the time alone today, the day otherwise, the year when it is another', () => {
  const now = new Date(2026, 11, 1, 15, 0);
  const at = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo, d, h, mi).toISOString();
  assert.equal(startedText(at(2026, 11, 1, 9, 5), now), '09:05');
  assert.equal(startedText(at(2026, 10, 30, 23, 59), now), 'Nov 30 23:59');
  assert.equal(startedText(at(2025, 0, 2, 7, 0), now), 'Jan 2 2025 07:00');
  // A hand-edited run.json with no date in it shows what it holds.
  assert.equal(startedText('yesterday', now), 'yesterday');
  const info = { spaceName: 'nas-bench-201', createdAt: at(2026, 11, 1, 11, 41), settings: { strategy: 'evolution' } } as Parameters<typeof runTitle>[0];
  assert.equal(runTitle(info, now), 'nas-bench-201 · evolution · 11:41');
});
