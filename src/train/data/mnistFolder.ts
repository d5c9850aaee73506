// A folder holding MNIST-style IDX files (all of Fashion-MNIST or MNIST, or our shipped subset).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, type Dataset } from './dataset';
import { loadIdxPair } from './idx';

/** Where the Debian package `dataset-fashion-mnist` installs the full dataset. */
export const SYSTEM_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export const FASHION_MNIST_CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

export type IdxPart = 'train' | 'validation' | 'test';

const PREFIXES: Record<IdxPart, string[]> = { train: ['train'], validation: ['validation', 'val'], test: ['t10k', 'test'] };

function candidates(prefix: string, kind: 'images' | 'labels'): string[] {
  const rank = kind === 'images' ? 3 : 1;
  const stems = [`${prefix}-${kind}-idx${rank}-ubyte`, `${prefix}-${kind}.idx${rank}-ubyte`];
  return stems.flatMap((s) => [`${s}.gz`, s]);
}

/** The images and labels files of `part` in `dir`, or undefined when that part is absent. */
export function findIdxPart(dir: string, part: IdxPart): { images: string; labels: string } | undefined {
  for (const prefix of PREFIXES[part]) {
    const images = candidates(prefix, 'images').map((n) => path.join(dir, n)).find((p) => fs.existsSync(p));
    const labels = candidates(prefix, 'labels').map((n) => path.join(dir, n)).find((p) => fs.existsSync(p));
    if (images && labels) return { images, labels };
    if (images || labels) {
      throw new DatasetError(images ?? labels ?? dir, `found without its ${images ? 'labels' : 'images'} file (${candidates(prefix, images ? 'labels' : 'images').join(' or ')})`);
    }
  }
  return undefined;
}

export function isIdxFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory() && findIdxPart(dir, 'train') !== undefined;
  } catch {
    return false;
  }
}

export function loadIdxFolderPart(dir: string, part: IdxPart, classNames?: string[]): Dataset {
  const files = findIdxPart(dir, part);
  if (!files) throw new DatasetError(dir, `no ${part} IDX files (expected ${candidates(PREFIXES[part][0], 'images')[0]} and ${candidates(PREFIXES[part][0], 'labels')[0]})`);
  return loadIdxPair(files.images, files.labels, classNames ? { classNames } : {});
}

export function systemFashionMnistAvailable(): boolean {
  return isIdxFolder(SYSTEM_FASHION_MNIST_DIR);
}
