// `nas init` makes a folder where the editor (TypeScript) knows the space API: a correct space
// type-checks and a wrong setting is a type error, with no package installed in that folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

test('nas init writes typings and a tsconfig that type-check space files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-init-'));
  const init = spawnSync(process.execPath, [path.join(root, 'bin', 'nas.js'), 'init', dir, '--example', 'nas-bench-201'], { encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  assert.ok(fs.existsSync(path.join(dir, '.nas', 'types', 'nas-workbench', 'index.d.ts')));
  assert.ok(fs.existsSync(path.join(dir, 'nas-bench-201.nasspace.ts')));

  const ok = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout);

  fs.writeFileSync(path.join(dir, 'bad.nasspace.ts'), `import { conv } from 'nas-workbench';\nexport const c = conv({ filters: 'wide', kernel: 3 });\n`);
  const bad = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /bad\.nasspace\.ts\(2,25\): error TS2322/);

  const again = spawnSync(process.execPath, [path.join(root, 'bin', 'nas.js'), 'init', dir, '--example', 'nas-bench-201'], { encoding: 'utf8' });
  assert.equal(again.status, 2);
  assert.match(again.stderr, /exists; not overwriting it/);
});

test('nas init creates a folder that does not exist yet, and refuses a file with a one-line error', () => {
  const nas = path.join(root, 'bin', 'nas.js');
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nas-init-')), 'new', 'project');
  const init = spawnSync(process.execPath, [nas, 'init', dir], { encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  assert.match(init.stdout, /^created .*new\/project$/m);
  assert.ok(fs.existsSync(path.join(dir, 'tsconfig.json')));

  const file = path.join(dir, 'tsconfig.json');
  const onFile = spawnSync(process.execPath, [nas, 'init', file], { encoding: 'utf8' });
  assert.equal(onFile.status, 2);
  assert.equal(onFile.stderr, `nas: not a folder: ${file} is a file\n`);
});
