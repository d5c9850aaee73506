// The one in-memory dataset type every loader returns. Plain typed arrays, no TensorFlow.js:
// loaders stay fast to unit-test, and only the trainer turns a Dataset into tensors.

export interface Dataset {
  /** N*H*W*C values in [0, 1], sample-major, channels last. */
  images: Float32Array;
  /** N class indices in [0, classes). */
  labels: Int32Array;
  /** [H, W, C] of one sample. */
  shape: [number, number, number];
  classes: number;
  classNames?: string[];
}

/** An error about a dataset file or folder; the message always names the file. */
export class DatasetError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'DatasetError';
  }
}

export function sampleSize(ds: Dataset): number {
  return ds.shape[0] * ds.shape[1] * ds.shape[2];
}

/** Throws when a Dataset's arrays disagree with its shape or class count (guards hand-made ones). */
export function checkDataset(ds: Dataset, where: string): void {
  const size = sampleSize(ds);
  if (!ds.shape.every((d) => Number.isInteger(d) && d > 0)) throw new DatasetError(where, `bad sample shape [${ds.shape.join(', ')}]`);
  if (ds.images.length !== ds.labels.length * size) {
    throw new DatasetError(where, `${ds.images.length} pixel values do not make ${ds.labels.length} samples of [${ds.shape.join(', ')}]`);
  }
  for (let i = 0; i < ds.labels.length; i++) {
    const l = ds.labels[i];
    if (l < 0 || l >= ds.classes) throw new DatasetError(where, `label ${l} of sample ${i} is outside 0..${ds.classes - 1}`);
  }
  if (ds.classNames && ds.classNames.length !== ds.classes) {
    throw new DatasetError(where, `${ds.classNames.length} class names for ${ds.classes} classes`);
  }
}

/** Copies the samples at `indices` (in that order) into a new Dataset. */
export function selectSamples(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const size = sampleSize(ds);
  const images = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    images.set(ds.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = ds.labels[i];
  }
  return { images, labels, shape: [...ds.shape], classes: ds.classes, ...(ds.classNames ? { classNames: [...ds.classNames] } : {}) };
}

/** Number of samples of each class. */
export function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.classes).fill(0);
  for (const l of ds.labels) counts[l]++;
  return counts;
}

/** The samples of `a` then those of `b`, which must have the same sample shape and classes. */
export function concatDatasets(a: Dataset, b: Dataset): Dataset {
  if (a.shape.join('x') !== b.shape.join('x') || a.classes !== b.classes) {
    throw new Error(`cannot join datasets of [${a.shape.join(', ')}] x ${a.classes} classes and [${b.shape.join(', ')}] x ${b.classes} classes`);
  }
  const images = new Float32Array(a.images.length + b.images.length);
  images.set(a.images);
  images.set(b.images, a.images.length);
  const labels = new Int32Array(a.labels.length + b.labels.length);
  labels.set(a.labels);
  labels.set(b.labels, a.labels.length);
  return { ...a, images, labels };
}
