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
  return new TabularEstimator(parseTable(text, file), file, epoch, readTableNotes(file));
}

/** `nb201.json` and `nb201.json.gz` are described by `nb201.meta.json` beside them, when there is one. */
export function tableMetaFile(file: string): string {
  return file.replace(/\.json(\.gz)?$/, '') + '.meta.json';
}

/**
 * The column texts of the table's `.meta.json` ({"fields": {column: text}}), {} without one. A
 * meta file that is there but unreadable is an error, named: a typo must not silently drop units.
 */
export function readTableNotes(file: string): Record<string, string> {
  const metaFile = tableMetaFile(file);
  if (!fs.existsSync(metaFile)) return {};
  let meta: unknown;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  } catch (err) {
    throw new TableError(`${metaFile}: cannot read the table's description (${err instanceof Error ? err.message : String(err)})`);
  }
  const fields = (meta as { fields?: unknown } | null)?.fields;
  if (fields === undefined) return {};
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw new TableError(`${metaFile}: "fields" must be an object of column name -> text`);
  const notes: Record<string, string> = {};
  for (const [name, text] of Object.entries(fields)) {
    if (typeof text !== 'string') throw new TableError(`${metaFile}: field "${name}" must be a text, got ${JSON.stringify(text)}`);
    notes[name] = text;
  }
  return notes;
}
