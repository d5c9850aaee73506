import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classCounts, checkDataset, type Dataset } from '../../src/train/data/dataset';
import { downscale, stratifiedSplit, stratifiedSubset } from '../../src/train/data/split';

/** n samples of 1x1x1 whose pixel value encodes the sample index, labels cycling over `classes`, class 0 twice as frequent. */
function toy(n: number, classes: number): Dataset {
  const labels = new Int32Array(n).map((_, i) => (i % (classes + 1 === 0 ? 1 : classes + 1)) % classes);
  return { images: Float32Array.from({ length: n }, (_, i) => i / n), labels, shape: [1, 1, 1], classes };
}

test('stratifiedSplit keeps class proportions, is disjoint, complete and deterministic by seed', () => {
  const ds = toy(400, 3);
  const counts = classCounts(ds);
  const a = stratifiedSplit(ds, 0.25, 7);
  assert.equal(a.validation.labels.length, 100);
  assert.equal(a.train.labels.length, 300);
  classCounts(a.validation).forEach((c, k) => assert.ok(Math.abs(c - counts[k] / 4) <= 1, `class ${k}: ${c} vs ${counts[k] / 4}`));
  const ids = (d: Dataset) => [...d.images].map((v) => Math.round(v * 400));
  const all = new Set([...ids(a.train), ...ids(a.validation)]);
  assert.equal(all.size, 400);
  // Each sample keeps its label.
  for (const part of [a.train, a.validation]) ids(part).forEach((id, k) => assert.equal(part.labels[k], ds.labels[id]));
  const b = stratifiedSplit(ds, 0.25, 7);
  assert.deepEqual(ids(a.validation), ids(b.validation));
  const c = stratifiedSplit(ds, 0.25, 8);
  assert.notDeepEqual(ids(a.validation), ids(c.validation));
  assert.equal(stratifiedSplit(ds, 40, 1).validation.labels.length, 40);
  assert.throws(() => stratifiedSplit(ds, 400, 1), /validation must be/);
  checkDataset(a.train, 'train');
});

test('stratifiedSubset picks a balanced deterministic subset', () => {
  const labels = new Int32Array(1000).map((_, i) => i % 10);
  const ds: Dataset = { images: Float32Array.from({ length: 1000 }, (_, i) => i), labels, shape: [1, 1, 1], classes: 10 };
  const s = stratifiedSubset(ds, 100, 3);
  assert.deepEqual(classCounts(s), new Array(10).fill(10));
  assert.deepEqual([...s.images], [...stratifiedSubset(ds, 100, 3).images]);
  assert.equal(stratifiedSubset(ds, 5000, 3).labels.length, 1000);
  assert.throws(() => stratifiedSubset(ds, 0, 1), /positive whole number/);
});

test('downscale averages factor x factor blocks per channel', () => {
  // One 4x4x2 image: channel 0 = pixel index, channel 1 = 1.
  const images = new Float32Array(32);
  for (let p = 0; p < 16; p++) {
    images[2 * p] = p;
    images[2 * p + 1] = 1;
  }
  const ds: Dataset = { images, labels: Int32Array.from([0]), shape: [4, 4, 2], classes: 1 };
  const small = downscale(ds, 2);
  assert.deepEqual(small.shape, [2, 2, 2]);
  // Top-left block holds 0, 1, 4, 5 -> 2.5.
  assert.deepEqual([...small.images], [2.5, 1, 4.5, 1, 10.5, 1, 12.5, 1]);
  assert.equal(downscale(ds, 1), ds);
  assert.throws(() => downscale(ds, 3), /cannot be shrunk by 3/);
  assert.throws(() => downscale(ds, 1.5), /whole number/);
});

test('checkDataset catches inconsistent datasets', () => {
  assert.throws(() => checkDataset({ images: new Float32Array(3), labels: new Int32Array(2), shape: [1, 1, 1], classes: 2 }, 'mine'), /mine: 3 pixel values do not make 2 samples/);
  assert.throws(() => checkDataset({ images: new Float32Array(2), labels: Int32Array.from([0, 2]), shape: [1, 1, 1], classes: 2 }, 'mine'), /label 2 of sample 1/);
});
