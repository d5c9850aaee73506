import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { TableError, TabularEstimator, parseTable } from '../../src/core/estimate/tabular';
import { unitInText } from '../../src/core/estimate/catalog';
import { estimatorCatalog } from '../../src/core/estimate/estimators/index';
import { gzipSync } from 'node:zlib';
import { loadTableFile, resolveTableFile, tableMetaFile } from '../../src/core/estimate/tableFile';

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

const BUNDLED = path.resolve(__dirname, '../../../data/nas-bench-201.json.gz');
const NB201 = path.resolve(__dirname, '../../../../shared/data/nb201.json');

test('the shipped NAS-Bench-201 table has all 15,625 cells with accuracies and device costs', async () => {
  const est = loadTableFile(BUNDLED);
  assert.equal(est.size, 15625);
  assert.deepEqual(est.metricNames(), ['c100_test', 'c10_test', 'c10_valid', 'edgegpu_energy', 'edgegpu_lat', 'edgetpu_lat', 'eyeriss_energy', 'eyeriss_lat', 'fpga_energy', 'fpga_lat', 'in16_test', 'in16_valid', 'pixel3_lat', 'raspi4_lat']);
  const key = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
  const r = await est.evaluate({ key, encoding: [] });
  assert.equal(r.status, 'ok');
  assert.equal(r.metrics.c10_test, 93.66);
  assert.equal(r.metrics.edgegpu_lat, 6.54769);
});

test('the shipped table holds the full table\'s values unchanged', { skip: !fs.existsSync(NB201) && 'needs ../shared/data/nb201.json (the full table it is made from)' }, () => {
  const bundled = loadTableFile(BUNDLED);
  const full = JSON.parse(fs.readFileSync(NB201, 'utf8')) as Record<string, Record<string, number | null>>;
  assert.equal(bundled.size, Object.keys(full).length);
  for (const [key, record] of Object.entries(full)) {
    const kept = bundled.lookup(key);
    assert.ok(kept, key);
    for (const [name, value] of Object.entries(kept)) assert.equal(value, record[name], `${key} ${name}`);
  }
});

test('a table name shipped with the package resolves inside it; anything else is a path', () => {
  const root = () => '/pkg';
  assert.equal(resolveTableFile('nas-bench-201', '/cwd', root), path.join('/pkg', 'data', 'nas-bench-201.json.gz'));
  assert.equal(resolveTableFile('nb201.json', '/cwd', root), path.join('/cwd', 'nb201.json'));
  assert.equal(resolveTableFile('/abs/t.json', '/cwd', () => assert.fail('a path needs no package root')), '/abs/t.json');
});

test('a gzipped table loads like a plain one; a broken one is a one-line error', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-table-'));
  const good = path.join(dir, 't.json.gz');
  fs.writeFileSync(good, gzipSync(JSON.stringify({ a: { acc: 90 } })));
  assert.deepEqual((await loadTableFile(good).evaluate({ key: 'a', encoding: [] })).metrics, { acc: 90 });
  const bad = path.join(dir, 'bad.json.gz');
  fs.writeFileSync(bad, '{"a":{"acc":1}}');
  assert.throws(() => loadTableFile(bad), /bad\.json\.gz: cannot read the table \(not a valid gzip file\)$/);
});

test("a table's .meta.json beside it describes its columns: the run's catalog takes the text and the unit it names", () => {
  const f = file(JSON.stringify({ a: { acc: 90, lat: 1.5, energy: 3, score: 1 } }));
  fs.writeFileSync(tableMetaFile(f), JSON.stringify({ fields: { acc: 'test acc %, 200 epochs', lat: 'Pixel 3 latency ms', energy: 'edge GPU energy mJ', score: 'a score without a unit' } }));
  const est = loadTableFile(f);
  const catalog = estimatorCatalog('table', est.metricNames(), [], est.metricNotes());
  assert.deepEqual(catalog.map((m) => [m.name, m.unit]), [['acc', '%'], ['energy', 'mJ'], ['lat', 'ms'], ['score', '']]);
  assert.equal(catalog.find((m) => m.name === 'lat')?.description, 'Pixel 3 latency ms');
  // Without a meta file: the naming rule, and a plain description.
  const bare = loadTableFile(file(JSON.stringify({ a: { lat_ms: 1 } })));
  assert.deepEqual(estimatorCatalog('table', bare.metricNames(), [], bare.metricNotes()).map((m) => [m.unit, m.description]), [['ms', "column 'lat_ms' of the table"]]);
  assert.equal(unitInText('mean over seeds'), '');
  assert.equal(tableMetaFile('/d/nb201.json.gz'), '/d/nb201.meta.json');
});

test('a .meta.json that is there but broken is an error naming the file, not silently ignored', () => {
  const f = file(JSON.stringify({ a: { acc: 90 } }));
  fs.writeFileSync(tableMetaFile(f), '{ "fields": ');
  assert.throws(() => loadTableFile(f), (e: Error) => e instanceof TableError && e.message.startsWith(`${tableMetaFile(f)}: cannot read the table's description`));
  fs.writeFileSync(tableMetaFile(f), JSON.stringify({ fields: { acc: 3 } }));
  assert.throws(() => loadTableFile(f), /field "acc" must be a text, got 3/);
  fs.writeFileSync(tableMetaFile(f), JSON.stringify({ fields: ['acc'] }));
  assert.throws(() => loadTableFile(f), /"fields" must be an object/);
});

test('the shipped NAS-Bench-201 table comes with column texts for each of its metrics', () => {
  const est = loadTableFile(resolveTableFile('nas-bench-201', '.', () => path.resolve(__dirname, '..', '..', '..')));
  const notes = est.metricNotes();
  assert.deepEqual(est.metricNames().filter((m) => !notes[m]), []);
  assert.equal(unitInText(notes.edgegpu_lat), 'ms');
  assert.equal(unitInText(notes.c10_valid), '%');
});
