import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPackageRoot, loadBuiltinFashionMnist } from '../../src/train/data/builtin';
import { classCounts } from '../../src/train/data/dataset';
import { loadDataset } from '../../src/train/data/loadDataset';
import { systemFashionMnistAvailable } from '../../src/train/data/mnistFolder';

test('the package root is found from a nested folder (as from out/ or dist/)', () => {
  const root = findPackageRoot(__dirname);
  assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name, 'nas-workbench');
  assert.throws(() => findPackageRoot(os.tmpdir()), /no package\.json named nas-workbench/);
});

test('the built-in subset has 6,000/1,000/1,000 balanced 28x28x1 samples with class names', () => {
  const sizes = { train: 6000, validation: 1000, test: 1000 } as const;
  for (const part of ['train', 'validation', 'test'] as const) {
    const ds = loadBuiltinFashionMnist(part);
    assert.deepEqual(ds.shape, [28, 28, 1]);
    assert.equal(ds.labels.length, sizes[part]);
    assert.deepEqual(classCounts(ds), new Array(10).fill(sizes[part] / 10));
    assert.equal(ds.classNames?.[9], 'Ankle boot');
    const max = ds.images.reduce((a, b) => Math.max(a, b), 0);
    assert.ok(max <= 1 && max > 0.9);
  }
});

test('loadDataset defaults to the built-in subset and applies subset size and down-scaling', () => {
  const d = loadDataset({ trainSubset: 500, validationSubset: 200, downscale: 2, seed: 1 });
  assert.equal(d.source, 'builtin:fashion-mnist-subset');
  assert.equal(d.train.labels.length, 500);
  assert.deepEqual(classCounts(d.train), new Array(10).fill(50));
  assert.equal(d.validation.labels.length, 200);
  assert.deepEqual(d.train.shape, [14, 14, 1]);
  assert.deepEqual(d.test?.shape, [14, 14, 1]);
  const again = loadDataset({ trainSubset: 500, validationSubset: 200, downscale: 2, seed: 1 });
  assert.deepEqual([...again.train.labels], [...d.train.labels]);
});

test('loadDataset reads a CSV and an IDX folder given by path, and names what is wrong with a bad path', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-load-'));
  const rows = Array.from({ length: 20 }, (_, i) => `${i % 2},${i},${i},${i},${i}`);
  fs.writeFileSync(path.join(dir, 'd.csv'), rows.join('\n'));
  const csv = loadDataset({ source: path.join(dir, 'd.csv'), validation: 0.2, seed: 3 });
  assert.equal(csv.validation.labels.length, 4);
  assert.deepEqual(classCounts(csv.validation), [2, 2]);
  assert.equal(csv.test, undefined);
  assert.throws(() => loadDataset({ source: path.join(dir, 'nope') }), /nope: no such file or folder/);
  fs.writeFileSync(path.join(dir, 'd.txt'), '');
  assert.throws(() => loadDataset({ source: path.join(dir, 'd.txt') }), /must be a \.csv/);
  assert.throws(() => loadDataset({ source: dir }), /neither IDX files/);
  // The shipped subset's folder is itself an IDX folder with a validation part.
  const idx = loadDataset({ source: path.join(findPackageRoot(), 'data', 'fashion-mnist-subset') });
  assert.equal(idx.validation.labels.length, 1000);
  assert.equal(idx.test?.labels.length, 1000);
});

test('the full Fashion-MNIST from the Debian package, when installed', { skip: !systemFashionMnistAvailable() && 'dataset-fashion-mnist not installed' }, () => {
  const d = loadDataset({ source: 'fashion-mnist', validation: 5000, seed: 0 });
  assert.equal(d.train.labels.length, 55000);
  assert.equal(d.validation.labels.length, 5000);
  assert.equal(d.test?.labels.length, 10000);
  assert.equal(d.train.classNames?.[0], 'T-shirt/top');
});
