// Reads a tabular-estimator file from disk (apart from ./tabular.ts, which stays free of fs).

import * as fs from 'node:fs';
import { TableError, TabularEstimator, parseTable } from './tabular';

export function loadTableFile(file: string): TabularEstimator {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : err instanceof Error ? err.message : String(err);
    throw new TableError(`${file}: cannot read the table (${why})`);
  }
  return new TabularEstimator(parseTable(text, file), file);
}
