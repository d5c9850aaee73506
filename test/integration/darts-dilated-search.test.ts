// DARTS-fashion candidates with dilated convolutions on the wasm backend (the CLI's): a zero-cost
// search scores every candidate (the proxies differentiate through the dilated convolutions), and
// a one-epoch proxy training of one trains to a finite loss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../src/train/data/dataset';
import { selectBackend } from '../../src/train/backend';
import { parseProxySettings } from '../../src/train/proxySettings';
import { toTensors, trainOnce } from '../../src/train/trainCandidate';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const root = path.resolve(__dirname, '..', '..', '..');
const space = path.join(root, 'examples', 'darts-fashion.nasspace.ts');
const DILATED =
  'normal=[(dil_conv_3x3,0),(dil_conv_5x5,1),(sep_conv_3x3,0),(dil_conv_3x3,2),(skip_connect,0),(dil_conv_5x5,3),(skip_connect,1),(max_pool_3x3,4)],' +
  'reduce=[(dil_conv_5x5,0),(dil_conv_3x3,1),(max_pool_3x3,0),(dil_conv_3x3,2),(skip_connect,2),(avg_pool_3x3,3),(dil_conv_5x5,0),(skip_connect,4)]';

test('a zero-cost search on darts-fashion scores every candidate, dilated convolutions included', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nas-zc-darts-')), 'run');
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'nas.js'), 'search', space, '--estimator', 'zc:synflow+jacov+nwot', '--objective', 'max:jacov',
    '--budget', '2', '--train', 'batchSize=8', '--train', 'reference=2', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const records = fs.readFileSync(path.join(out, 'candidates.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { key: string; status: string; error?: string; metrics: Record<string, number> });
  assert.equal(records.length, 2);
  for (const c of records) {
    assert.equal(c.status, 'ok', c.error);
    for (const m of ['synflow', 'jacov', 'nwot']) assert.ok(Number.isFinite(c.metrics[m]), `${m} of ${c.key}`);
  }
  assert.ok(records.some((c) => c.key.includes('dil_conv')), 'a candidate with a dilated convolution');
});

test('a one-epoch proxy training of a DARTS-fashion candidate with dilated convolutions reaches a finite loss (wasm)', async () => {
  await selectBackend({ force: 'wasm' });
  const { space: compiled } = await loadSpaceFile(space);
  const graph = compiled.decode(compiled.fromKey(DILATED));
  const n = 32;
  const fake = (seed: number): Dataset => ({
    images: Float32Array.from({ length: n * 784 }, (_, i) => ((i * 2654435761 + seed) % 1000) / 1000),
    labels: Int32Array.from({ length: n }, (_, i) => i % 10), shape: [28, 28, 1], classes: 10,
  });
  const data = { train: toTensors(fake(1)), validation: toTensors(fake(2)) };
  const run = await trainOnce(graph, data, parseProxySettings({ epochs: 1, batchSize: 16, bnRecalibration: 0, seed: 1 }));
  try {
    assert.equal(run.failure, undefined);
    assert.equal(run.lossCurve.length, 2);
    for (const loss of [...run.lossCurve, run.valLoss]) assert.ok(Number.isFinite(loss), `loss ${loss}`);
  } finally {
    run.dispose();
    tf.dispose([data.train.x, data.train.y, data.validation.x, data.validation.y]);
  }
});
