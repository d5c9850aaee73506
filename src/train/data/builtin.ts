// The Fashion-MNIST subset shipped in the package (data/fashion-mnist-subset/), located
// relative to the installed package so it works from src/, out/ and the dist/ bundles alike.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, type Dataset } from './dataset';
import { FASHION_MNIST_CLASS_NAMES, loadIdxFolderPart, type IdxPart } from './mnistFolder';

const PACKAGE_NAME = 'nas-workbench';
export const BUILTIN_SUBSET_DIR = path.join('data', 'fashion-mnist-subset');

/** The nearest folder at or above `start` whose package.json is named nas-workbench. */
export function findPackageRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir;
      } catch {
        // A broken package.json further down (e.g. in a test fixture) is not ours: keep climbing.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new DatasetError(start, `no package.json named ${PACKAGE_NAME} in this folder or above it; pass the dataset path explicitly`);
    dir = parent;
  }
}

export function builtinDatasetDir(packageRoot?: string): string {
  return path.join(packageRoot ?? findPackageRoot(), BUILTIN_SUBSET_DIR);
}

/** One part of the built-in subset: train 6,000, validation 1,000, test 1,000 samples. */
export function loadBuiltinFashionMnist(part: IdxPart, dir: string = builtinDatasetDir()): Dataset {
  return loadIdxFolderPart(dir, part, FASHION_MNIST_CLASS_NAMES);
}
