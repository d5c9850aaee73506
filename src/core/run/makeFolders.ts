// `mkdir -p` that fails at once with the system's reason. Node 20's
// `fs.mkdirSync(dir, { recursive: true })` retries forever on a path whose parent exists but
// refuses new entries with ENOENT (e.g. under /proc): a search given such an --out spun until killed.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Creates `dir` and its missing parents, one at a time; throws the first mkdir's own error. */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (err) {
      // Another process made it meanwhile: fine, as long as it is a folder.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(d).isDirectory()) throw err;
    }
  }
}
