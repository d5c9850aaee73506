import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidateRecordValidator } from '../../src/core/run/records';
import { searchRequestValidator } from '../../src/protocol/records';
import { arr, check, int, literal, obj, opt, str } from '../../src/core/validate';

const record = { index: 0, key: 'a', encoding: [0, -1, 2], status: 'ok', metrics: { acc: 0.9 }, startedAt: 1, durationMs: 2 };

test('a valid candidate record passes and unknown fields are dropped', () => {
  const r = check(candidateRecordValidator, { ...record, extra: 'x' });
  assert.equal(r.ok, true);
  assert.deepEqual(r.ok && r.value, record);
});

test('errors name the path of the bad field', () => {
  const r = check(candidateRecordValidator, { ...record, encoding: [0, 'x'] }, 'candidate');
  assert.deepEqual(r, { ok: false, error: 'candidate.encoding[1]: expected an integer, got string' });
  const s = check(candidateRecordValidator, { ...record, status: 'great' });
  assert.equal(s.ok, false);
  assert.match(!s.ok ? s.error : '', /message\.status: expected one of "ok", "failed", "rejected"/);
});

test('metrics must be numbers, NaN is refused', () => {
  assert.equal(check(candidateRecordValidator, { ...record, metrics: { acc: '0.9' } }).ok, false);
  assert.equal(check(candidateRecordValidator, { ...record, metrics: { acc: Number.NaN } }).ok, false);
});

test('optional fields may be absent but not of the wrong type', () => {
  const v = obj({ a: str, b: opt(int) });
  assert.deepEqual(check(v, { a: 'x' }), { ok: true, value: { a: 'x' } });
  assert.equal(check(v, { a: 'x', b: 'y' }).ok, false);
  assert.equal(check(v, null).ok, false);
  assert.equal(check(v, []).ok, false);
});

test('array length limits are enforced', () => {
  assert.equal(check(arr(int, 2), [1, 2, 3]).ok, false);
  assert.equal(check(arr(int, 3), [1, 2, 3]).ok, true);
});

test('a search request needs settings with objectives', () => {
  const good = { spaceFile: '/a.nasspace.ts', outDir: '/o', settings: { strategy: 'random', budget: 3, seed: 1, estimator: 'proxy', objectives: ['max:acc'], constraints: [] } };
  assert.equal(check(searchRequestValidator, good).ok, true);
  const bad = { ...good, settings: { ...good.settings, objectives: 'max:acc' } };
  assert.match((check(searchRequestValidator, bad) as { error: string }).error, /settings\.objectives: expected an array/);
});

test('literal accepts only listed values', () => {
  assert.equal(check(literal('a', 'b'), 'c').ok, false);
  assert.equal(check(literal('a', 'b'), 'b').ok, true);
});
