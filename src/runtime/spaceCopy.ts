// Each run keeps a copy of the space file it was made from and of every file that file imports
// (core/run/runFolder.ts says where), laid out as they were relative to each other, so the copy
// compiles to the same space with the same hash. Export, the architecture view and resume read
// the copy: a renamed, edited or deleted original no longer breaks a run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spaceCopyDir, spaceCopyFile, SPACE_COPY_MANIFEST, type SpaceCopyManifest } from '../core/run/runFolder';
import type { RunInfo } from '../core/run/types';
import { loadSpaceFile, type LoadedSpace } from './spaceLoader';

export function saveSpaceCopy(runDir: string, loaded: Pick<LoadedSpace, 'file' | 'inputs'>): void {
  const root = commonFolder([loaded.file, ...loaded.inputs]);
  const dir = spaceCopyDir(runDir);
  const files = loaded.inputs.map((f) => path.relative(root, f));
  for (const rel of files) {
    fs.mkdirSync(path.dirname(path.join(dir, 'files', rel)), { recursive: true });
    fs.copyFileSync(path.join(root, rel), path.join(dir, 'files', rel));
  }
  // The manifest last: a copy without one is not used.
  const manifest: SpaceCopyManifest = { spaceFile: path.relative(root, loaded.file), files };
  fs.writeFileSync(path.join(dir, SPACE_COPY_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

/**
 * A run's space, to read its candidates: from its copy, else (older runs) from the recorded file,
 * refused when that changed since the run (its candidates might decode to other networks).
 */
export async function loadRunSpace(runDir: string, info: RunInfo): Promise<LoadedSpace> {
  const copy = spaceCopyFile(runDir);
  const loaded = await loadSpaceFile(copy ?? info.spaceFile);
  if (!copy && loaded.hash !== info.spaceHash) {
    loaded.release();
    throw new Error(`${info.spaceFile} has changed since run ${info.runId} and the run keeps no copy of it: its candidates may not be the networks it evaluated`);
  }
  return loaded;
}

function commonFolder(files: string[]): string {
  let root = path.dirname(files[0]);
  while (path.dirname(root) !== root && !files.every((f) => f.startsWith(root + path.sep))) root = path.dirname(root);
  return root;
}
