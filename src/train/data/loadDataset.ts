// One entry point from a user's dataset setting to train/validation(/test) Datasets, applying
// the proxy-training knobs (training subset size, input down-scaling) deterministically.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, type Dataset } from './dataset';
import { loadBuiltinFashionMnist, builtinDatasetDir } from './builtin';
import { loadCsv, type CsvOptions } from './csv';
import { isImageFolder, loadImageFolder } from './imageFolder';
import { FASHION_MNIST_CLASS_NAMES, findIdxPart, isIdxFolder, loadIdxFolderPart, SYSTEM_FASHION_MNIST_DIR } from './mnistFolder';
import { downscale, stratifiedSplit, stratifiedSubset } from './split';

export interface DatasetSplits {
  train: Dataset;
  validation: Dataset;
  test?: Dataset;
  /** Where the data came from, for the run record. */
  source: string;
  /** The file or folder it was read from, for messages (absent: data handed over in memory). */
  file?: string;
}

export interface LoadDatasetOptions {
  /**
   * 'builtin' (default): the shipped Fashion-MNIST subset; 'fashion-mnist': the full dataset of
   * the Debian package; otherwise a path: a folder of IDX files, a .csv file, or an image folder.
   */
  source?: string;
  /** Validation part when the source has none: fraction in (0, 1) or a count. Default 0.1. */
  validation?: number;
  /** Seed of the split and of the subset. Default 0. */
  seed?: number;
  /** Keep only this many training samples (stratified). */
  trainSubset?: number;
  /** Keep only this many validation samples (stratified). */
  validationSubset?: number;
  /** Integer factor for average-pool down-scaling of every image (e.g. 2: 28x28 -> 14x14). */
  downscale?: number;
  csv?: CsvOptions;
  /** The classes the data must have (the space's): a CSV label outside them names its line. */
  classes?: number;
  /** Overrides the package location (tests, unusual installs). */
  packageRoot?: string;
}

export function loadDataset(options: LoadDatasetOptions = {}): DatasetSplits {
  const seed = options.seed ?? 0;
  const raw = loadSource(options, seed);
  const shrink = (ds: Dataset) => downscale(ds, options.downscale ?? 1);
  let train = raw.train;
  let validation = raw.validation;
  if (options.trainSubset !== undefined && options.trainSubset < train.labels.length) train = stratifiedSubset(train, options.trainSubset, seed);
  if (options.validationSubset !== undefined && options.validationSubset < validation.labels.length) validation = stratifiedSubset(validation, options.validationSubset, seed + 1);
  return { train: shrink(train), validation: shrink(validation), ...(raw.test ? { test: shrink(raw.test) } : {}), source: raw.source, ...(raw.file ? { file: raw.file } : {}) };
}

function loadSource(options: LoadDatasetOptions, seed: number): DatasetSplits {
  const source = options.source ?? 'builtin';
  const validation = options.validation ?? 0.1;
  if (source === 'builtin') {
    const dir = builtinDatasetDir(options.packageRoot);
    return { train: loadBuiltinFashionMnist('train', dir), validation: loadBuiltinFashionMnist('validation', dir), test: loadBuiltinFashionMnist('test', dir), source: 'builtin:fashion-mnist-subset', file: dir };
  }
  const target = source === 'fashion-mnist' ? SYSTEM_FASHION_MNIST_DIR : path.resolve(source);
  if (!fs.existsSync(target)) {
    throw new DatasetError(target, source === 'fashion-mnist' ? 'not found: install the Debian package dataset-fashion-mnist' : 'no such file or folder');
  }
  if (fs.statSync(target).isFile()) {
    if (!/\.csv(\.gz)?$/i.test(target)) throw new DatasetError(target, 'a dataset file must be a .csv (or .csv.gz); for IDX files give their folder');
    const csv = options.classes !== undefined ? { classes: options.classes, ...options.csv } : options.csv;
    return { ...stratifiedSplit(loadCsv(target, csv), validation, seed), source: `csv:${target}`, file: target };
  }
  if (isIdxFolder(target)) {
    const names = target === SYSTEM_FASHION_MNIST_DIR ? FASHION_MNIST_CLASS_NAMES : undefined;
    const all = loadIdxFolderPart(target, 'train', names);
    const test = findIdxPart(target, 'test') ? loadIdxFolderPart(target, 'test', names) : undefined;
    const split = findIdxPart(target, 'validation') ? { train: all, validation: loadIdxFolderPart(target, 'validation', names) } : stratifiedSplit(all, validation, seed);
    return { ...split, ...(test ? { test } : {}), source: `idx:${target}`, file: target };
  }
  if (isImageFolder(target)) return { ...stratifiedSplit(loadImageFolder(target), validation, seed), source: `images:${target}`, file: target };
  throw new DatasetError(target, 'folder holds neither IDX files (train-images-idx3-ubyte[.gz], ...) nor one sub-folder of PNG/JPEG images per class');
}
