// Reads a tabular-estimator file from disk (apart from ./tabular.ts, which stays free of fs),
// plain JSON or gzipped (`.gz`), and resolves the names of the tables shipped in the package.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BUILTIN_TABLES } from './estimators/table';
import { TableError, TabularEstimator, parseTable } from './tabular';


/**
 * The file behind `table:<nameOrPath>`: a built-in table's file in the package (found by
 * `packageRoot`, asked only then), else the path resolved against `baseDir`.
 */
export function resolveTableFile(nameOrPath: string, baseDir: string, packageRoot: () => string): string {
  return Object.hasOwn(BUILTIN_TABLES, nameOrPath) ? path.join(packageRoot(), ...BUILTIN_TABLES[nameOrPath].split('/')) : path.resolve(baseDir, nameOrPath);
}

/** `epoch` > 0: read the learning-curve columns of that epoch (./tabular.ts). */
export function loadTableFile(file: string, epoch = 0): TabularEstimator {
  let text: string;
  try {
    const bytes = fs.readFileSync(file);
    text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' ? 'not a valid gzip file' : err instanceof Error ? err.message : String(err);
    throw new TableError(`${file}: cannot read the table (${why})`);
  }
  return new TabularEstimator(parseTable(text, file), file, epoch);
}
