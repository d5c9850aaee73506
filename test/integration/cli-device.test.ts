// Devices end to end through the `nas` command: a profile fitted from measurements made
// elsewhere, its predictions, and a search that constrains and records `latency_ms@<device>`.
// The measurements are synthetic (a made-up device whose latency is known per operator), so
// this needs nothing outside the repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const root = path.resolve(__dirname, '..', '..', '..');
const nas = path.join(root, 'bin', 'nas.js');
const space = path.join(root, 'examples', 'nas-bench-201.nasspace.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-device-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [nas, ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The made-up device: per cell edge (each runs in 15 cells) 15 ms for a 3x3 convolution, 4.5 for a 1x1, 1.5 for a pool, plus 2 ms. */
const syntheticMs = (key: string) => 2 + 15 * (key.split('nor_conv_3x3').length - 1) + 4.5 * (key.split('nor_conv_1x1').length - 1) + 1.5 * (key.split('avg_pool_3x3').length - 1);

test('nas device fit, nas latency predict and a search constrained on latency_ms@<device>', async () => {
  const { space: s } = await loadSpaceFile(space);
  const keys = [...s.enumerate()].map((a) => s.key(a));
  fs.writeFileSync(path.join(tmp, 'table.json'), JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, { acc: (i * 7919) % 1000 }]))));
  fs.writeFileSync(path.join(tmp, 'measured.csv'), `key,ms\n${keys.filter((_, i) => i % 400 === 7).map((k) => `${k},${syntheticMs(k)}`).join('\n')}\n`);

  const fit = run(['device', 'fit', 'syn', '--space', space, '--measurements', 'measured.csv', '--json']);
  assert.equal(fit.code, 0, fit.stderr);
  const error = JSON.parse(fit.stdout) as { samples: number; mape: number; spearman: number };
  assert.equal(error.samples, 40);
  assert.ok(error.mape < 0.05 && error.spearman > 0.95, fit.stdout);
  assert.ok(fs.existsSync(path.join(tmp, '.nas', 'devices', 'syn.json')));

  const predicted = run(['latency', 'predict', space, '--device', 'syn', '--sample', '5', '--json']);
  assert.equal(predicted.code, 0, predicted.stderr);
  const out = JSON.parse(predicted.stdout) as { metric: string; predictions: { key: string; ms: number; partial: boolean }[] };
  assert.equal(out.metric, 'latency_ms@syn');
  assert.equal(out.predictions.length, 5);
  for (const p of out.predictions) assert.ok(!p.partial && Math.abs(p.ms - syntheticMs(p.key)) / syntheticMs(p.key) < 0.1, JSON.stringify(p));

  const bound = 40;
  const r = run(['search', space, '--estimator', 'table:table.json', '--strategy', 'random', '--budget', '40', '--objective', 'max:acc', '--device', 'syn', '--constraint', `latency_ms@syn<=${bound}`, '--out', 'run', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const info = JSON.parse(fs.readFileSync(path.join(tmp, 'run', 'run.json'), 'utf8')) as { settings: { devices: string[] }; catalog: { name: string; cost: string; unit: string }[] };
  assert.deepEqual(info.settings.devices, ['syn']);
  assert.deepEqual(info.catalog.find((m) => m.name === 'latency_ms@syn'), { name: 'latency_ms@syn', direction: 'min', unit: 'ms', description: 'batch-1 latency on device syn, predicted from its profile', cost: 'cheap' });
  const lines = fs.readFileSync(path.join(tmp, 'run', 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { status: string; metrics: Record<string, number>; error?: string });
  const rejected = lines.filter((l) => l.status === 'rejected');
  assert.ok(rejected.length > 0 && rejected.every((l) => l.metrics['latency_ms@syn'] > bound && /breaks latency_ms@syn<=40/.test(l.error ?? '')));
  assert.ok(lines.filter((l) => l.status === 'ok').every((l) => l.metrics['latency_ms@syn'] <= bound && 'acc' in l.metrics));
});

test('device errors are one line: bad measurements, a device without a profile', () => {
  fs.writeFileSync(path.join(tmp, 'bad.csv'), 'key,ms\nnot-a-cell,3\n');
  const bad = run(['device', 'fit', 'x', '--space', space, '--measurements', 'bad.csv']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^nas: bad\.csv: line 2: "not-a-cell" is not an architecture of the space/);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  const missing = run(['latency', 'predict', space, '--device', 'nowhere', '--sample', '1']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nowhere\.json: no such device profile; make one with 'nas device profile' or 'nas device fit'/);
});

test('the device local needs no setup: operators are timed on demand on this backend and cached in .nas/devices/local.json', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-local-'));
  fs.writeFileSync(path.join(dir, 'tiny.nasspace.ts'), [
    "import { choice, conv, defineSpace, globalAvgPool } from 'nas-workbench';",
    "export default defineSpace({ name: 'tiny', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: choice(4, 8), kernel: choice(1, 3) }), globalAvgPool()], hardware: { devices: ['local'] } });",
  ].join('\n'));
  const predict = () => spawnSync(process.execPath, [nas, 'latency', 'predict', 'tiny.nasspace.ts', '--device', 'local', '--sample', '3', '--json'], { encoding: 'utf8', cwd: dir });
  const r = predict();
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { metric: string; predictions: { ms: number; partial: boolean }[] };
  assert.equal(out.metric, 'latency_ms@local');
  assert.ok(out.predictions.length === 3 && out.predictions.every((p) => !p.partial && p.ms > 0), r.stdout);
  const profile = JSON.parse(fs.readFileSync(path.join(dir, '.nas', 'devices', 'local.json'), 'utf8')) as { backend: string; table: Record<string, number>; measurements: unknown[] };
  assert.ok(['wasm', 'tensorflow', 'cpu'].includes(profile.backend), profile.backend);
  assert.ok(Object.keys(profile.table).length >= 3);
  assert.equal(profile.measurements.length, 3, 'the first candidates calibrate the correction');
  const file = path.join(dir, '.nas', 'devices', 'local.json');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(`"backend": "${profile.backend}"`, '"backend": "webgl"'));
  const wrong = predict();
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /local\.json: the profile was made on the webgl backend, but predictions here are for (\w+); profile the device again on \1/);
});
