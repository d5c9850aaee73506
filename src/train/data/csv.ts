// CSV datasets: one sample per row, a label column plus pixel columns (e.g. Kaggle's
// fashion-mnist_train.csv: `label,pixel1,...,pixel784`). Gzipped files are read too.
import { DatasetError, type Dataset } from './dataset';
import { readMaybeGzipped } from './idx';

export interface CsvOptions {
  /** Index of the label column, or its header name. Default 0. */
  labelColumn?: number | string;
  /** Whether the first row is a header; 'auto' (default) detects a row with non-numeric fields. */
  header?: boolean | 'auto';
  /** Sample shape; by default square grayscale (sqrt of the pixel count) or square RGB. */
  shape?: [number, number, number];
  /** The value that maps to 1.0. Default 255. */
  pixelMax?: number;
  classes?: number;
  classNames?: string[];
}

export function loadCsv(file: string, options: CsvOptions = {}): Dataset {
  const text = readMaybeGzipped(file).toString('utf8');
  const lines = text.split(/\r?\n/);
  const rows: { line: number; fields: string[] }[] = [];
  lines.forEach((l, i) => {
    if (l.trim() !== '') rows.push({ line: i + 1, fields: l.split(',').map((f) => f.trim()) });
  });
  if (rows.length === 0) throw new DatasetError(file, 'empty CSV file');
  const firstIsText = rows[0].fields.some((f) => f === '' || !Number.isFinite(Number(f)));
  const hasHeader = options.header === 'auto' || options.header === undefined ? firstIsText : options.header;
  const header = hasHeader ? rows.shift()!.fields : undefined;
  if (rows.length === 0) throw new DatasetError(file, 'no data rows after the header');

  const width = rows[0].fields.length;
  let labelCol: number;
  if (typeof options.labelColumn === 'string') {
    if (!header) throw new DatasetError(file, `label column "${options.labelColumn}" given by name, but the file has no header row`);
    labelCol = header.indexOf(options.labelColumn);
    if (labelCol < 0) throw new DatasetError(file, `no column named "${options.labelColumn}" in the header (${header.slice(0, 5).join(', ')}, ...)`);
  } else {
    labelCol = options.labelColumn ?? 0;
    if (!(Number.isInteger(labelCol) && labelCol >= 0 && labelCol < width)) throw new DatasetError(file, `label column ${labelCol} is outside 0..${width - 1}`);
  }
  const pixelCount = width - 1;
  const shape = options.shape ?? inferShape(pixelCount, file);
  if (shape[0] * shape[1] * shape[2] !== pixelCount) {
    throw new DatasetError(file, `${pixelCount} pixel columns do not make one image of [${shape.join(', ')}]`);
  }
  const pixelMax = options.pixelMax ?? 255;
  const expected = options.classes ?? options.classNames?.length;
  const images = new Float32Array(rows.length * pixelCount);
  const labels = new Int32Array(rows.length);
  rows.forEach(({ line, fields }, r) => {
    const where = `line ${line}`;
    if (fields.length !== width) throw new DatasetError(file, `${where}: ${fields.length} columns, expected ${width} like the first row`);
    const label = Number(fields[labelCol]);
    if (!(Number.isInteger(label) && label >= 0)) throw new DatasetError(file, `${where}: label "${fields[labelCol]}" is not a whole number >= 0`);
    if (expected !== undefined && label >= expected) throw new DatasetError(file, `${where}: label ${label} is outside the ${expected} classes 0..${expected - 1}`);
    labels[r] = label;
    let k = r * pixelCount;
    for (let c = 0; c < width; c++) {
      if (c === labelCol) continue;
      const v = fields[c] === '' ? NaN : Number(fields[c]);
      if (!(v >= 0 && v <= pixelMax)) throw new DatasetError(file, `${where}, column ${c + 1}: pixel value "${fields[c]}" is not a number in 0..${pixelMax}`);
      images[k++] = v / pixelMax;
    }
  });
  const maxLabel = labels.reduce((a, b) => Math.max(a, b), 0);
  const classes = expected ?? maxLabel + 1;
  return { images, labels, shape, classes, ...(options.classNames ? { classNames: options.classNames } : {}) };
}

function inferShape(pixels: number, file: string): [number, number, number] {
  const side = Math.round(Math.sqrt(pixels));
  if (side * side === pixels && pixels > 0) return [side, side, 1];
  const rgbSide = Math.round(Math.sqrt(pixels / 3));
  if (rgbSide * rgbSide * 3 === pixels && pixels > 0) return [rgbSide, rgbSide, 3];
  throw new DatasetError(file, `${pixels} pixel columns are neither a square grayscale nor a square RGB image; give the shape explicitly`);
}
