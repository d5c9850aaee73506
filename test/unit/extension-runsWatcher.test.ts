// The run folder watcher: which paths it looks at (each run's folder and run.json, never the
// candidate logs), and that deleting or renaming a run folder on disk reaches the registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { isWatchedRunPath, watchRunFolders } from '../../src/extension/runsWatcher';

test('the watcher looks at run folders and run.json only', () => {
  const root = path.join(os.tmpdir(), 'ws');
  const watched = ['', '.nas', '.nas/runs', '.nas/runs/20250101-120000-ab12cd', '.nas/runs/20250101-120000-ab12cd/run.json'];
  const not = ['src', 'a.nasspace.ts', '.nas/devices', '.nas/runs/r/candidates.jsonl', '.nas/runs/r/weights', '.nas/runs/r/space', 'x/.nas/runs/r'];
  for (const p of watched) assert.ok(isWatchedRunPath(root, path.join(root, p)), p);
  for (const p of not) assert.ok(!isWatchedRunPath(root, path.join(root, p)), p);
});

test('deleting and renaming a run folder on disk are reported', { timeout: 20_000 }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-watch-'));
  const run = path.join(root, '.nas', 'runs', 'r1');
  fs.mkdirSync(run, { recursive: true });
  fs.writeFileSync(path.join(run, 'run.json'), '{}');
  let wake: () => void = () => undefined;
  const next = () => new Promise<void>((resolve) => (wake = resolve));
  const log = { warn: (m: string) => assert.fail(m) } as unknown as vscode.LogOutputChannel;
  let ready = next();
  const watcher = await watchRunFolders([root], () => wake(), log);
  try {
    // chokidar reports nothing before its first scan is over: a new folder shows it is watching.
    for (;;) {
      const probe = path.join(root, '.nas', 'runs', `probe-${Date.now()}`);
      fs.mkdirSync(probe);
      const woke = await Promise.race([ready.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 500))]);
      fs.rmSync(probe, { recursive: true });
      if (woke) break;
    }
    await new Promise((r) => setTimeout(r, 300));
    ready = next();
    fs.renameSync(run, path.join(root, '.nas', 'runs', 'renamed'));
    await ready;
    ready = next();
    fs.rmSync(path.join(root, '.nas', 'runs', 'renamed'), { recursive: true });
    await ready;
  } finally {
    watcher.dispose();
  }
});
