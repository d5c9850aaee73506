import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { recordLags, writeTimes } from '../e2e/streamLag';

test("each record's lag runs from its own write to the first paint that counted it", () => {
  // Records 0-2 written at 1000, 1010, 1020; the panel painted "2" at 1100 and "3" at 1300.
  assert.deepEqual(recordLags([1000, 1010, 1020], [[2, 1100], [3, 1300]]), [100, 90, 280]);
});

test('a paint that counted no new record is skipped, and one that counted several covers them all', () => {
  assert.deepEqual(recordLags([0, 0, 0, 0], [[1, 50], [1, 60], [4, 200]]), [50, 200, 200, 200]);
});

test('a record the panel never counted while the run was live is an error, not a lag of zero', () => {
  assert.throws(() => recordLags([0, 0, 0], [[2, 10]]), /never counted record 2 while the run was live \(it counted 2 of 3\)/);
});

test("write times come from the log's records, by index", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-lag-'));
  const log = path.join(dir, 'candidates.jsonl');
  fs.writeFileSync(log, [{ index: 1, startedAt: 500, durationMs: 7 }, { index: 0, startedAt: 400, durationMs: 3 }].map((r) => JSON.stringify(r)).join('\n') + '\n');
  assert.deepEqual(writeTimes(log), [403, 507]);
  fs.rmSync(dir, { recursive: true });
});
