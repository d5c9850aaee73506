// Keeps the run list in step with the disk: a run folder deleted, renamed or moved in the
// Explorer (or a terminal) leaves the tree and the panel at once, and a run written by `nas
// search` in a terminal appears. chokidar watches each workspace folder down to
// .nas/runs/<run>/run.json only: the candidate logs, which a search appends to all the time,
// are not watched.
import * as path from 'node:path';
import type * as vscode from 'vscode';

/** Watched paths, relative to a workspace folder: the folder's way down to each run's run.json. */
const WATCHED = /^(|\.nas|\.nas[\\/]runs|\.nas[\\/]runs[\\/][^\\/]+|\.nas[\\/]runs[\\/][^\\/]+[\\/]run\.json)$/;

export function isWatchedRunPath(root: string, p: string): boolean {
  return WATCHED.test(path.relative(root, p));
}

/** Calls `changed` (debounced) whenever a run folder or a run.json appears, changes or goes. */
export async function watchRunFolders(roots: string[], changed: () => void, log: vscode.LogOutputChannel): Promise<vscode.Disposable> {
  if (roots.length === 0) return { dispose: () => undefined };
  // Loaded on first use: chokidar is not needed to activate.
  const chokidar = await import('chokidar');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watcher = chokidar.watch(roots, { ignoreInitial: true, depth: 3, ignored: (p) => !roots.some((root) => isWatchedRunPath(root, p)) });
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(changed, 150);
  });
  watcher.on('error', (e) => log.warn(`run folder watcher: ${(e as Error).message}`));
  return {
    dispose: () => {
      clearTimeout(timer);
      void watcher.close();
    },
  };
}
