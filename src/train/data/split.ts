// Deterministic, stratified sampling and input down-scaling of a Dataset.
import { Rng } from '../../core/rng';
import { DatasetError, selectSamples, type Dataset } from './dataset';

function indicesByClass(ds: Dataset): number[][] {
  const byClass: number[][] = Array.from({ length: ds.classes }, () => []);
  ds.labels.forEach((l, i) => byClass[l].push(i));
  return byClass;
}

/**
 * How many of `total` samples each class gets so the result keeps the class proportions of
 * `sizes`: largest-remainder rounding, ties to the lower class index, so counts sum to `total`.
 */
function proportionalCounts(sizes: number[], total: number): number[] {
  const all = sizes.reduce((a, b) => a + b, 0);
  const exact = sizes.map((s) => (all === 0 ? 0 : (s * total) / all));
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, c) => ({ c, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.c - b.c);
  for (const { c } of order) {
    if (left === 0) break;
    if (counts[c] < sizes[c]) {
      counts[c]++;
      left--;
    }
  }
  return counts;
}

/**
 * Splits into train and validation, each class split in the same proportion, the same way for
 * the same seed. `validation` is a fraction in (0, 1) or a sample count.
 */
export function stratifiedSplit(ds: Dataset, validation: number, seed: number): { train: Dataset; validation: Dataset } {
  const n = ds.labels.length;
  const valCount = validation < 1 ? Math.round(validation * n) : validation;
  if (!(valCount >= 1 && valCount < n && Number.isInteger(valCount))) {
    throw new RangeError(`validation must be a fraction in (0, 1) or a whole count below ${n}, got ${validation}`);
  }
  const rng = new Rng(seed);
  const byClass = indicesByClass(ds).map((idx) => rng.shuffle(idx));
  const valPerClass = proportionalCounts(byClass.map((c) => c.length), valCount);
  const trainIdx: number[] = [];
  const valIdx: number[] = [];
  byClass.forEach((idx, c) => {
    valIdx.push(...idx.slice(0, valPerClass[c]));
    trainIdx.push(...idx.slice(valPerClass[c]));
  });
  return { train: selectSamples(ds, rng.shuffle(trainIdx)), validation: selectSamples(ds, rng.shuffle(valIdx)) };
}

/** A stratified random subset of `size` samples (the whole set, shuffled, when size >= N). */
export function stratifiedSubset(ds: Dataset, size: number, seed: number): Dataset {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`subset size must be a positive whole number, got ${size}`);
  const rng = new Rng(seed);
  const byClass = indicesByClass(ds).map((idx) => rng.shuffle(idx));
  const counts = proportionalCounts(byClass.map((c) => c.length), Math.min(size, ds.labels.length));
  const chosen = byClass.flatMap((idx, c) => idx.slice(0, counts[c]));
  return selectSamples(ds, rng.shuffle(chosen));
}

/** Shrinks each image by an integer `factor` with average pooling (e.g. 28x28 -> 14x14 with 2). */
export function downscale(ds: Dataset, factor: number): Dataset {
  if (factor === 1) return ds;
  const [h, w, c] = ds.shape;
  if (!(Number.isInteger(factor) && factor > 1)) throw new RangeError(`down-scaling factor must be a whole number >= 1, got ${factor}`);
  if (h % factor !== 0 || w % factor !== 0) {
    throw new DatasetError('downscale', `images of ${h}x${w} cannot be shrunk by ${factor}: not a divisor of both sides`);
  }
  const oh = h / factor;
  const ow = w / factor;
  const n = ds.labels.length;
  const out = new Float32Array(n * oh * ow * c);
  const inv = 1 / (factor * factor);
  for (let s = 0; s < n; s++) {
    const src = s * h * w * c;
    const dst = s * oh * ow * c;
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        for (let ch = 0; ch < c; ch++) {
          let sum = 0;
          for (let dy = 0; dy < factor; dy++) {
            for (let dx = 0; dx < factor; dx++) sum += ds.images[src + ((y * factor + dy) * w + (x * factor + dx)) * c + ch];
          }
          out[dst + (y * ow + x) * c + ch] = sum * inv;
        }
      }
    }
  }
  return { ...ds, images: out, labels: ds.labels.slice(), shape: [oh, ow, c] };
}
