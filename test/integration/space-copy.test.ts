// A run's copy of its space file and helpers (runtime/spaceCopy.ts) compiles to the same space
// with the same hash, also when a helper lives outside the space file's folder; the copy is
// what a run's candidates are read with after the original is deleted or edited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSpaceFile, spaceCopyFile } from '../../src/core/run/runFolder';
import { loadRunSpace, saveSpaceCopy } from '../../src/runtime/spaceCopy';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import type { RunInfo } from '../../src/core/run/types';

test('the copy of a space whose helper is in a sibling folder hashes the same, and is read after the original is gone', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-space-copy-'));
  fs.mkdirSync(path.join(tmp, 'spaces'));
  fs.mkdirSync(path.join(tmp, 'helpers'));
  fs.writeFileSync(path.join(tmp, 'helpers', 'widths.ts'), 'export const widths = [8, 16] as const;\n');
  const file = path.join(tmp, 'spaces', 'w.nasspace.ts');
  fs.writeFileSync(file, "import { choice, conv, defineSpace, globalAvgPool } from 'nas-workbench';\nimport { widths } from '../helpers/widths';\nexport default defineSpace({ name: 'w', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: choice(...widths), kernel: 3 }), globalAvgPool()] });\n");
  const original = await loadSpaceFile(file);
  original.release();
  const runDir = path.join(tmp, 'run');
  fs.mkdirSync(runDir);
  assert.equal(spaceCopyFile(runDir), undefined, 'no copy yet');
  saveSpaceCopy(runDir, original);
  const copy = spaceCopyFile(runDir)!;
  assert.equal(path.relative(runDir, copy), path.join('space', 'files', 'spaces', 'w.nasspace.ts'));
  assert.ok(fs.existsSync(path.join(runDir, 'space', 'files', 'helpers', 'widths.ts')));

  fs.rmSync(path.join(tmp, 'spaces'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'helpers', 'widths.ts'), 'export const widths = [4] as const;\n');
  const info = { runId: 'r', spaceFile: file, spaceHash: original.hash } as RunInfo;
  assert.equal(runSpaceFile(runDir, info), copy);
  const fromCopy = await loadRunSpace(runDir, info);
  fromCopy.release();
  assert.equal(fromCopy.hash, original.hash);
  assert.equal(fromCopy.space.size.toString(), '2');

  // A run without a copy reads the recorded file, and refuses it once it changed.
  fs.rmSync(path.join(runDir, 'space'), { recursive: true });
  fs.mkdirSync(path.join(tmp, 'spaces'));
  fs.writeFileSync(file, "import { choice, conv, defineSpace, globalAvgPool } from 'nas-workbench';\nexport default defineSpace({ name: 'w', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: choice(8, 16), kernel: 3 }), globalAvgPool()] });\n");
  assert.equal(runSpaceFile(runDir, info), file);
  await assert.rejects(loadRunSpace(runDir, info), /w\.nasspace\.ts has changed since run r and the run keeps no copy of it/);
});
