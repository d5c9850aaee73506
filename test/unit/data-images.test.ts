import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import * as jpeg from 'jpeg-js';
import { loadImageFolder, isImageFolder } from '../../src/train/data/imageFolder';

function rgba(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      data.set([r, g, b, 255], 4 * (y * width + x));
    }
  }
  return data;
}

function writePng(file: string, width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): void {
  const png = new PNG({ width, height });
  rgba(width, height, pixel).copy(png.data);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, PNG.sync.write(png));
}

function writeJpeg(file: string, width: number, height: number, gray: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, jpeg.encode({ data: rgba(width, height, () => [gray, gray, gray]), width, height }, 100).data);
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nas-img-'));
}

test('gray PNG and JPEG images in class folders load as one-channel images, classes in sorted order', () => {
  const dir = tempDir();
  writePng(path.join(dir, 'cat', 'a.png'), 4, 3, (x) => [x * 60, x * 60, x * 60]);
  writeJpeg(path.join(dir, 'cat', 'b.jpg'), 4, 3, 200);
  writePng(path.join(dir, 'ant', 'c.png'), 4, 3, () => [0, 0, 0]);
  fs.writeFileSync(path.join(dir, 'ant', 'notes.txt'), 'ignored');
  assert.ok(isImageFolder(dir));
  const ds = loadImageFolder(dir);
  assert.deepEqual(ds.classNames, ['ant', 'cat']);
  assert.deepEqual(ds.shape, [3, 4, 1]);
  assert.deepEqual([...ds.labels], [0, 1, 1]);
  // Sample 1 (cat/a.png): pixel (x=3, y=0) is 180/255.
  assert.ok(Math.abs(ds.images[12 + 3] - 180 / 255) < 1e-6);
  // Sample 2 (cat/b.jpg): JPEG is lossy; a flat gray block stays within a few levels.
  assert.ok(Math.abs(ds.images[24] - 200 / 255) < 3 / 255);
});

test('colour images load with three channels', () => {
  const dir = tempDir();
  writePng(path.join(dir, 'red', 'r.png'), 2, 2, () => [255, 0, 0]);
  writePng(path.join(dir, 'blue', 'b.png'), 2, 2, () => [0, 0, 255]);
  const ds = loadImageFolder(dir);
  assert.deepEqual(ds.shape, [2, 2, 3]);
  assert.deepEqual([...ds.images.slice(0, 3)], [0, 0, 1]);
  assert.deepEqual([...ds.images.slice(12, 15)], [1, 0, 0]);
  assert.deepEqual(loadImageFolder(dir, { channels: 1 }).shape, [2, 2, 1]);
});

test('an image of the wrong size is an error naming the file', () => {
  const dir = tempDir();
  writePng(path.join(dir, 'a', '1.png'), 4, 4, () => [0, 0, 0]);
  writePng(path.join(dir, 'b', '2.png'), 5, 4, () => [0, 0, 0]);
  const bad = path.join(dir, 'b', '2.png');
  assert.throws(() => loadImageFolder(dir), (e: Error) => e.message.startsWith(bad) && /5x4.*expected 4x4/.test(e.message));
  assert.throws(() => loadImageFolder(dir, { size: [5, 4] }), (e: Error) => e.message.startsWith(path.join(dir, 'a', '1.png')));
});

test('a corrupt image, an empty class or a single class is an error', () => {
  const dir = tempDir();
  writePng(path.join(dir, 'a', '1.png'), 2, 2, () => [0, 0, 0]);
  fs.mkdirSync(path.join(dir, 'b'));
  fs.writeFileSync(path.join(dir, 'b', 'x.png'), 'not a png');
  assert.throws(() => loadImageFolder(dir), (e: Error) => e.message.startsWith(path.join(dir, 'b', 'x.png')) && /cannot decode/.test(e.message));
  fs.rmSync(path.join(dir, 'b', 'x.png'));
  assert.throws(() => loadImageFolder(dir), (e: Error) => e.message.startsWith(path.join(dir, 'b')) && /no \.png/.test(e.message));
  fs.rmSync(path.join(dir, 'b'), { recursive: true });
  assert.throws(() => loadImageFolder(dir), /at least 2/);
  assert.throws(() => loadImageFolder(path.join(dir, 'missing')), /cannot read folder/);
});
