import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { TabularEstimator, parseTable } from '../../src/core/estimate/tabular';
import { loadTableFile } from '../../src/core/estimate/tableFile';

function file(content: string): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nas-table-')), 'table.json');
  fs.writeFileSync(f, content);
  return f;
}

test('returns the record of a key, skips nulls, lists metric names', async () => {
  const est = loadTableFile(file(JSON.stringify({ a: { acc: 90, lat: 1.5, tpu: null }, b: { acc: 80, tpu: 2 } })));
  assert.deepEqual(est.metricNames(), ['acc', 'lat', 'tpu']);
  assert.deepEqual(await est.evaluate({ key: 'a', encoding: [] }), { status: 'ok', metrics: { acc: 90, lat: 1.5 }, backend: 'table' });
  assert.deepEqual((await est.evaluate({ key: 'b', encoding: [] })).metrics, { acc: 80, tpu: 2 });
});

test('a key missing from the table is a failed candidate with a clear error, not a crash', async () => {
  const est = new TabularEstimator(parseTable('{"a":{"acc":1}}', 'nb.json'), 'nb.json');
  const r = await est.evaluate({ key: '|zzz~0|', encoding: [0] });
  assert.equal(r.status, 'failed');
  assert.equal(r.error, "architecture '|zzz~0|' is not in nb.json");
});

test('bad files are refused with one line naming the file', () => {
  const cases: [string, RegExp][] = [
    ['not json', /table\.json: not valid JSON/],
    ['[1,2]', /table\.json: expected a JSON object .* got an array/],
    ['42', /got number 42/],
    ['{}', /table\.json: the table has no entries/],
    ['{"a": 3}', /entry 'a' should be an object of numeric metrics, got number 3/],
    ['{"a": {"acc": "high"}}', /entry 'a', metric 'acc' should be a finite number or null, got the string "high"/],
  ];
  for (const [content, pattern] of cases) {
    assert.throws(() => loadTableFile(file(content)), (e: Error) => pattern.test(e.message) && !e.message.includes('\n'), content);
  }
  assert.throws(() => loadTableFile('/nonexistent/nb.json'), /\/nonexistent\/nb\.json: cannot read the table \(file not found\)/);
  assert.throws(() => loadTableFile(os.tmpdir()), /is a directory/);
});

const NB201 = path.resolve(__dirname, '../../../../shared/data/nb201.json');

test('loads NAS-Bench-201 (15,625 architectures) when the shared data is present', { skip: !fs.existsSync(NB201) && 'no shared data' }, async () => {
  const est = loadTableFile(NB201);
  assert.equal(est.size, 15625);
  assert.ok(est.metricNames().includes('c10_valid') && est.metricNames().includes('edgegpu_lat'));
  const key = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
  const r = await est.evaluate({ key, encoding: [] });
  assert.equal(r.status, 'ok');
  assert.equal(r.metrics.c10_test, 93.66);
});
