// A folder of PNG/JPEG images, one sub-folder per class (the sub-folder's name is the class name,
// classes in sorted name order). Decoded with pure-JS pngjs and jpeg-js, so it works everywhere.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import * as jpeg from 'jpeg-js';
import { DatasetError, type Dataset } from './dataset';

export interface ImageFolderOptions {
  /** 1 (grayscale) or 3 (RGB); by default 1 when every image is gray (R = G = B), else 3. */
  channels?: 1 | 3;
  /** Every image must be this [H, W]; by default the size of the first image. */
  size?: [number, number];
}

const IMAGE_EXT = /\.(png|jpe?g)$/i;

interface Rgba {
  file: string;
  width: number;
  height: number;
  data: Uint8Array;
}

function decode(file: string): Rgba {
  const bytes = fs.readFileSync(file);
  try {
    if (/\.png$/i.test(file)) {
      const png = PNG.sync.read(bytes);
      return { file, width: png.width, height: png.height, data: png.data };
    }
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
    return { file, width: img.width, height: img.height, data: img.data };
  } catch (e) {
    throw new DatasetError(file, `cannot decode image: ${(e as Error).message}`);
  }
}

function isGray(img: Rgba): boolean {
  for (let i = 0; i < img.data.length; i += 4) {
    if (img.data[i] !== img.data[i + 1] || img.data[i] !== img.data[i + 2]) return false;
  }
  return true;
}

export function isImageFolder(dir: string): boolean {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).some((e) => e.isDirectory() && fs.readdirSync(path.join(dir, e.name)).some((f) => IMAGE_EXT.test(f)));
  } catch {
    return false;
  }
}

export function loadImageFolder(dir: string, options: ImageFolderOptions = {}): Dataset {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new DatasetError(dir, `cannot read folder: ${(e as Error).message}`);
  }
  const classNames = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  if (classNames.length < 2) throw new DatasetError(dir, `needs one sub-folder per class (at least 2), found ${classNames.length}`);
  const decoded: { img: Rgba; label: number }[] = [];
  classNames.forEach((name, label) => {
    const classDir = path.join(dir, name);
    const files = fs.readdirSync(classDir).filter((f) => IMAGE_EXT.test(f)).sort();
    if (files.length === 0) throw new DatasetError(classDir, 'class folder holds no .png/.jpg/.jpeg image');
    for (const f of files) decoded.push({ img: decode(path.join(classDir, f)), label });
  });
  const [h, w] = options.size ?? [decoded[0].img.height, decoded[0].img.width];
  for (const { img } of decoded) {
    if (img.height !== h || img.width !== w) {
      throw new DatasetError(img.file, `image is ${img.width}x${img.height} (width x height), expected ${w}x${h}${options.size ? '' : ` like ${decoded[0].img.file}`}`);
    }
  }
  const c = options.channels ?? (decoded.every(({ img }) => isGray(img)) ? 1 : 3);
  const size = h * w * c;
  const images = new Float32Array(decoded.length * size);
  const labels = new Int32Array(decoded.length);
  decoded.forEach(({ img, label }, s) => {
    labels[s] = label;
    const base = s * size;
    for (let p = 0; p < h * w; p++) {
      const r = img.data[4 * p];
      const g = img.data[4 * p + 1];
      const b = img.data[4 * p + 2];
      if (c === 1) {
        // ITU-R BT.601 luma, the usual grayscale conversion.
        images[base + p] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
      } else {
        images[base + 3 * p] = r / 255;
        images[base + 3 * p + 1] = g / 255;
        images[base + 3 * p + 2] = b / 255;
      }
    }
  });
  return { images, labels, shape: [h, w, c], classes: classNames.length, classNames };
}
