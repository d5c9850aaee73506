import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { loadIdxPair, parseIdx, readIdx } from '../../src/train/data/idx';
import { findIdxPart, loadIdxFolderPart } from '../../src/train/data/mnistFolder';

function idxBytes(dims: number[], values: number[], typeByte = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = typeByte;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(values)]);
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nas-idx-'));
}

// Three 2x2 images with distinct pixels and labels 0, 1, 2.
const pixels = [0, 255, 51, 102, 1, 2, 3, 4, 10, 20, 30, 40];
const labels = [0, 1, 2];

test('parseIdx reads dims and values', () => {
  const arr = parseIdx(idxBytes([3, 2, 2], pixels), 'x.idx');
  assert.deepEqual(arr.dims, [3, 2, 2]);
  assert.deepEqual([...arr.data], pixels);
});

test('loadIdxPair reads plain and gzipped files and scales pixels to [0, 1]', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'img'), idxBytes([3, 2, 2], pixels));
  fs.writeFileSync(path.join(dir, 'lab.gz'), zlib.gzipSync(idxBytes([3], labels)));
  const ds = loadIdxPair(path.join(dir, 'img'), path.join(dir, 'lab.gz'));
  assert.deepEqual(ds.shape, [2, 2, 1]);
  assert.equal(ds.classes, 3);
  assert.deepEqual([...ds.labels], labels);
  assert.equal(ds.images[1], 1);
  assert.ok(Math.abs(ds.images[2] - 0.2) < 1e-7);
});

test('wrong magic number is an error naming the file', () => {
  const dir = tempDir();
  const file = path.join(dir, 'bad-images');
  const bytes = idxBytes([3, 2, 2], pixels);
  bytes[0] = 0x50;
  fs.writeFileSync(file, bytes);
  assert.throws(() => readIdx(file), (e: Error) => e.message.includes(file) && /magic number/.test(e.message));
});

test('unsupported value type is an error', () => {
  assert.throws(() => parseIdx(idxBytes([3], labels, 0x0d), 'f.idx'), /f\.idx.*value type 0x0d/);
});

test('a file shorter or longer than its header says is an error naming the file', () => {
  assert.throws(() => parseIdx(idxBytes([3, 2, 2], pixels.slice(0, 11)), 'short.idx'), /short\.idx: size mismatch.*12 values, file holds 11/);
  assert.throws(() => parseIdx(idxBytes([3, 2, 2], [...pixels, 9]), 'long.idx'), /long\.idx: size mismatch/);
  assert.throws(() => parseIdx(Buffer.from([0, 0]), 'tiny.idx'), /tiny\.idx: too short/);
});

test('corrupt gzip is an error naming the file', () => {
  const dir = tempDir();
  const file = path.join(dir, 'broken.gz');
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not gzip at all')]));
  assert.throws(() => readIdx(file), (e: Error) => e.message.startsWith(file) && /corrupt gzip/.test(e.message));
});

test('missing file is an error naming it', () => {
  assert.throws(() => readIdx('/nonexistent/labels.idx'), /\/nonexistent\/labels\.idx: cannot read/);
});

test('label count different from image count is an error naming the labels file', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'img'), idxBytes([3, 2, 2], pixels));
  fs.writeFileSync(path.join(dir, 'lab'), idxBytes([2], [0, 1]));
  assert.throws(() => loadIdxPair(path.join(dir, 'img'), path.join(dir, 'lab')), (e: Error) => e.message.startsWith(path.join(dir, 'lab')) && /label count 2 differs from the image count 3/.test(e.message));
});

test('images and labels of the wrong rank are errors', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'img'), idxBytes([12], pixels));
  fs.writeFileSync(path.join(dir, 'lab'), idxBytes([3], labels));
  assert.throws(() => loadIdxPair(path.join(dir, 'img'), path.join(dir, 'lab')), /rank 3 .* or 4/);
  fs.writeFileSync(path.join(dir, 'img'), idxBytes([3, 2, 2], pixels));
  fs.writeFileSync(path.join(dir, 'lab'), idxBytes([3, 1], labels));
  assert.throws(() => loadIdxPair(path.join(dir, 'img'), path.join(dir, 'lab')), /labels file must have rank 1/);
});

test('rank-4 images keep their channels', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'img'), idxBytes([1, 2, 2, 3], Array.from({ length: 12 }, (_, i) => i)));
  fs.writeFileSync(path.join(dir, 'lab'), idxBytes([1], [0]));
  assert.deepEqual(loadIdxPair(path.join(dir, 'img'), path.join(dir, 'lab')).shape, [2, 2, 3]);
});

test('an MNIST folder is found by the standard names (t10k, .gz or not)', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'train-images-idx3-ubyte.gz'), zlib.gzipSync(idxBytes([3, 2, 2], pixels)));
  fs.writeFileSync(path.join(dir, 'train-labels-idx1-ubyte.gz'), zlib.gzipSync(idxBytes([3], labels)));
  fs.writeFileSync(path.join(dir, 't10k-images-idx3-ubyte'), idxBytes([1, 2, 2], [1, 2, 3, 4]));
  fs.writeFileSync(path.join(dir, 't10k-labels-idx1-ubyte'), idxBytes([1], [2]));
  assert.equal(loadIdxFolderPart(dir, 'train').labels.length, 3);
  assert.deepEqual([...loadIdxFolderPart(dir, 'test').labels], [2]);
  assert.equal(findIdxPart(dir, 'validation'), undefined);
  assert.throws(() => loadIdxFolderPart(dir, 'validation'), /no validation IDX files/);
  fs.rmSync(path.join(dir, 't10k-labels-idx1-ubyte'));
  assert.throws(() => findIdxPart(dir, 'test'), /t10k-images-idx3-ubyte: found without its labels file/);
});
