// IDX files (the MNIST / Fashion-MNIST format), gzipped or not.
// Layout: 2 zero bytes, a type byte (0x08 = unsigned byte, the only one image datasets use),
// a rank byte, `rank` big-endian uint32 dimensions, then the values.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { DatasetError, type Dataset } from './dataset';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Reads a file, gunzipping it when it starts with the gzip magic bytes (whatever its name). */
export function readMaybeGzipped(file: string): Buffer {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (e) {
    throw new DatasetError(file, `cannot read: ${(e as Error).message}`);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return zlib.gunzipSync(raw);
    } catch (e) {
      throw new DatasetError(file, `corrupt gzip data: ${(e as Error).message}`);
    }
  }
  return raw;
}

export function parseIdx(buf: Uint8Array, file: string): IdxArray {
  if (buf.length < 4) throw new DatasetError(file, `too short for an IDX header (${buf.length} bytes)`);
  if (buf[0] !== 0 || buf[1] !== 0) {
    throw new DatasetError(file, `not an IDX file: magic number starts with 0x${hex(buf[0])}${hex(buf[1])}, expected 0x0000`);
  }
  if (buf[2] !== 0x08) throw new DatasetError(file, `IDX value type 0x${hex(buf[2])} is not supported (only 0x08, unsigned byte)`);
  const rank = buf[3];
  if (rank < 1 || rank > 4) throw new DatasetError(file, `IDX rank ${rank} is not supported (1 to 4)`);
  const headerBytes = 4 + 4 * rank;
  if (buf.length < headerBytes) throw new DatasetError(file, `truncated IDX header`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = buf.length - headerBytes;
  if (actual !== expected) {
    throw new DatasetError(file, `size mismatch: header says [${dims.join(' x ')}] = ${expected} values, file holds ${actual}`);
  }
  return { dims, data: buf.subarray(headerBytes) };
}

export function readIdx(file: string): IdxArray {
  return parseIdx(readMaybeGzipped(file), file);
}

export interface IdxPairOptions {
  /** Number of classes; by default the largest label + 1. */
  classes?: number;
  classNames?: string[];
}

/** Loads an images file (rank 3: N x H x W, or rank 4: N x H x W x C) and its labels file (rank 1). */
export function loadIdxPair(imagesFile: string, labelsFile: string, options: IdxPairOptions = {}): Dataset {
  const images = readIdx(imagesFile);
  const labels = readIdx(labelsFile);
  if (images.dims.length !== 3 && images.dims.length !== 4) {
    throw new DatasetError(imagesFile, `an images file must have rank 3 (N x H x W) or 4 (N x H x W x C), this one has rank ${images.dims.length}`);
  }
  if (labels.dims.length !== 1) throw new DatasetError(labelsFile, `a labels file must have rank 1, this one has rank ${labels.dims.length}`);
  const n = images.dims[0];
  if (labels.dims[0] !== n) {
    throw new DatasetError(labelsFile, `label count ${labels.dims[0]} differs from the image count ${n} of ${imagesFile}`);
  }
  const shape: [number, number, number] = [images.dims[1], images.dims[2], images.dims[3] ?? 1];
  const pixels = new Float32Array(images.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / 255;
  const labelArray = Int32Array.from(labels.data);
  const maxLabel = labelArray.reduce((a, b) => Math.max(a, b), -1);
  const classes = options.classes ?? options.classNames?.length ?? maxLabel + 1;
  if (maxLabel >= classes) throw new DatasetError(labelsFile, `label ${maxLabel} is outside 0..${classes - 1}`);
  return { images: pixels, labels: labelArray, shape, classes, ...(options.classNames ? { classNames: options.classNames } : {}) };
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
