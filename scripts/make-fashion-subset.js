#!/usr/bin/env node
// Regenerates data/fashion-mnist-subset/ from the full Fashion-MNIST installed by the Debian
// package `dataset-fashion-mnist` (or any folder with the four original IDX files):
//   node scripts/make-fashion-subset.js [sourceDir] [outDir]
// The subset is stratified (equal count per class) and deterministic: a fixed-seed shuffle of
// each class's indices, so running this again gives byte-identical files.
// Train and validation come from the original training set (disjoint), test from the original
// test set. Files are gzipped IDX, readable by any MNIST tool and by our IDX loader.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { Buffer } = require('node:buffer');

const SOURCE = process.argv[2] || '/usr/share/datasets/fashion-mnist';
const OUT = process.argv[3] || path.join(__dirname, '..', 'data', 'fashion-mnist-subset');
const CLASSES = 10;
const PER_CLASS = { train: 600, validation: 100, test: 100 };
const SEED = 20240601;

// mulberry32: a tiny seeded PRNG, inlined so this script needs no build step.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function readIdx(file) {
  let buf = fs.readFileSync(file);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = zlib.gunzipSync(buf);
  const rank = buf[3];
  const dims = [];
  for (let i = 0; i < rank; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  return { dims, data: buf.subarray(4 + 4 * rank) };
}

function findFile(dir, stem) {
  for (const name of [`${stem}.gz`, stem]) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`${stem}(.gz) not found in ${dir}; install the Debian package dataset-fashion-mnist or pass a folder`);
}

function writeIdx(file, magicType, dims, data) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = magicType;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  fs.writeFileSync(file, zlib.gzipSync(Buffer.concat([header, data]), { level: 9 }));
}

/** Picks `counts[part]` indices per class, disjoint across parts, interleaved by a shuffle. */
function pick(labels, parts, random) {
  const byClass = Array.from({ length: CLASSES }, () => []);
  labels.forEach((l, i) => byClass[l].push(i));
  const chosen = Object.fromEntries(parts.map((p) => [p, []]));
  for (const indices of byClass) {
    shuffle(indices, random);
    let at = 0;
    for (const p of parts) {
      if (at + PER_CLASS[p] > indices.length) throw new Error(`not enough images of one class for ${p}`);
      chosen[p].push(...indices.slice(at, at + PER_CLASS[p]));
      at += PER_CLASS[p];
    }
  }
  for (const p of parts) shuffle(chosen[p], random);
  return chosen;
}

function writePart(outName, images, labels, indices) {
  const [, h, w] = images.dims;
  const size = h * w;
  const img = Buffer.alloc(indices.length * size);
  const lab = Buffer.alloc(indices.length);
  indices.forEach((src, k) => {
    images.data.copy(img, k * size, src * size, (src + 1) * size);
    lab[k] = labels.data[src];
  });
  writeIdx(path.join(OUT, `${outName}-images-idx3-ubyte.gz`), 0x08, [indices.length, h, w], img);
  writeIdx(path.join(OUT, `${outName}-labels-idx1-ubyte.gz`), 0x08, [indices.length], lab);
}

function main() {
  const random = mulberry32(SEED);
  fs.mkdirSync(OUT, { recursive: true });
  const trainImages = readIdx(findFile(SOURCE, 'train-images-idx3-ubyte'));
  const trainLabels = readIdx(findFile(SOURCE, 'train-labels-idx1-ubyte'));
  const testImages = readIdx(findFile(SOURCE, 't10k-images-idx3-ubyte'));
  const testLabels = readIdx(findFile(SOURCE, 't10k-labels-idx1-ubyte'));
  const fromTrain = pick(trainLabels.data, ['train', 'validation'], random);
  const fromTest = pick(testLabels.data, ['test'], random);
  writePart('train', trainImages, trainLabels, fromTrain.train);
  writePart('validation', trainImages, trainLabels, fromTrain.validation);
  writePart('test', testImages, testLabels, fromTest.test);
  for (const f of fs.readdirSync(OUT).filter((n) => n.endsWith('.gz')).sort()) {
    console.log(`${f}\t${fs.statSync(path.join(OUT, f)).size} bytes`);
  }
}

main();
