// A search that cannot work stops before its first candidate, with one line naming the file
// (and the row or image) and what is wrong, and leaves no run folder; one whose candidates keep
// failing the same way stops with that reason, exits non-zero, and resumes once the cause is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const root = path.resolve(__dirname, '..', '..', '..');
const nas = path.join(root, 'bin', 'nas.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-fail-fast-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [nas, ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A space of 4x4 (or `shape`) images: a conv whose filters are one of 2..20, then the classifier. */
function spaceFile(name: string, shape = [4, 4, 1], classes = 10): string {
  const file = path.join(tmp, `${name}.nasspace.ts`);
  fs.writeFileSync(file, [
    "import { choice, conv, defineSpace, globalAvgPool } from 'nas-workbench';",
    `export default defineSpace({ name: '${name}', input: { shape: [${shape.join(', ')}], classes: ${classes} },`,
    `  layers: [conv({ filters: choice(${Array.from({ length: 19 }, (_, i) => i + 2).join(', ')}), kernel: 3 }), globalAvgPool()] });`,
    '',
  ].join('\n'));
  return file;
}

const proxy = (space: string, dataset: string, out: string) => ['search', space, '--estimator', 'proxy', '--strategy', 'random', '--budget', '3', '--objective', 'max:val_acc', '--train', `dataset=${dataset}`, '--train', 'latency=0', '--out', out];

/** 4x4 gray CSV rows `label,16 pixels`, classes 0..9 in turn. */
function csvRows(n: number): string[] {
  return Array.from({ length: n }, (_, i) => [i % 10, ...Array.from({ length: 16 }, (_, p) => (i * 7 + p * 13) % 256)].join(','));
}

function writePng(file: string): void {
  const png = new PNG({ width: 4, height: 4 });
  png.data.fill(128);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, PNG.sync.write(png));
}

/** Exit 1, one line on stderr matching `message`, and no run folder. */
function refusedAtStart(args: string[], out: string, message: RegExp): void {
  const r = run(args);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('training on the'));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], message);
  assert.equal(fs.existsSync(out), false, 'nothing is written for a run that cannot work');
}

test('a dataset path that does not exist, an empty folder and an empty CSV are refused before the first candidate, naming the path', () => {
  const space = spaceFile('tiny');
  const missing = path.join(tmp, 'no-such-data');
  refusedAtStart(proxy(space, missing, path.join(tmp, 'r-missing')), path.join(tmp, 'r-missing'), new RegExp(`^nas: ${missing}: no such file or folder$`));
  const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
  refusedAtStart(proxy(space, empty, path.join(tmp, 'r-empty')), path.join(tmp, 'r-empty'), new RegExp(`^nas: ${empty}: folder holds neither IDX files`));
  const emptyCsv = path.join(tmp, 'empty.csv');
  fs.writeFileSync(emptyCsv, '\n');
  refusedAtStart(proxy(space, emptyCsv, path.join(tmp, 'r-empty-csv')), path.join(tmp, 'r-empty-csv'), new RegExp(`^nas: ${emptyCsv}: empty CSV file$`));
});

test('a CSV with a bad row names the file and the line; a label outside the space\'s classes names its line', () => {
  const space = spaceFile('tiny');
  const bad = path.join(tmp, 'bad-row.csv');
  const rows = csvRows(40);
  rows[6] = '3,1,2';
  fs.writeFileSync(bad, rows.join('\n'));
  refusedAtStart(proxy(space, bad, path.join(tmp, 'r-bad-row')), path.join(tmp, 'r-bad-row'), new RegExp(`^nas: ${bad}: line 7: 3 columns, expected 17 like the first row$`));
  const label = path.join(tmp, 'bad-label.csv');
  const labelled = csvRows(40);
  labelled[11] = labelled[11].replace(/^\d+,/, '12,');
  fs.writeFileSync(label, labelled.join('\n'));
  refusedAtStart(proxy(space, label, path.join(tmp, 'r-bad-label')), path.join(tmp, 'r-bad-label'), new RegExp(`^nas: ${label}: line 12: label 12 is outside the 10 classes 0\\.\\.9$`));
});

test('an image folder with a corrupt PNG names the image', () => {
  const space = spaceFile('two', [4, 4, 1], 2);
  const dir = path.join(tmp, 'images');
  for (let i = 0; i < 6; i++) writePng(path.join(dir, 'cat', `c${i}.png`));
  for (let i = 0; i < 6; i++) writePng(path.join(dir, 'dog', `d${i}.png`));
  const corrupt = path.join(dir, 'dog', 'd3.png');
  fs.writeFileSync(corrupt, fs.readFileSync(corrupt).subarray(0, 30));
  refusedAtStart(proxy(space, dir, path.join(tmp, 'r-png')), path.join(tmp, 'r-png'), new RegExp(`^nas: ${corrupt}: cannot decode image: `));
});

test('a space whose input (32x32x3) does not match the data (the built-in 28x28x1 images) is refused, naming the data and both shapes', () => {
  const space = spaceFile('rgb32', [32, 32, 3]);
  const out = path.join(tmp, 'r-shape');
  refusedAtStart(proxy(space, 'builtin', out), out, /^nas: .*fashion-mnist-subset: the space's input \[32, 32, 3\] does not match the dataset's images \[28, 28, 1\]$/);
});

test('a table whose keys do not match the space is refused, saying how many of a sample are missing and what its keys look like', () => {
  const space = spaceFile('tiny');
  const table = path.join(tmp, 'other-table.json');
  fs.writeFileSync(table, JSON.stringify({ '|nor_conv_3x3~0|': { acc: 0.5 }, '|skip_connect~0|': { acc: 0.6 } }));
  const out = path.join(tmp, 'r-table');
  refusedAtStart(['search', space, '--estimator', `table:${table}`, '--objective', 'max:acc', '--out', out], out,
    new RegExp(`^nas: ${table}: none of 19 architectures sampled from the space is in the table \\(e\\.g\\. '.+' is not\\); the table's keys look like '\\|nor_conv_3x3~0\\|': is it the table for this space\\?$`));
});

test('candidates failing the same way stop the run (exit 1, stopped by failing); fixed, it resumes to its budget', async () => {
  const space = spaceFile('tiny');
  const loaded = await loadSpaceFile(space);
  const keys = [...loaded.space.enumerate()].map((a) => loaded.space.key(a));
  loaded.release();
  // Two of the 19 architectures: enough to start (a table for this space), too few to go far.
  const table = path.join(tmp, 'partial-table.json');
  const metrics = (i: number) => ({ acc: 0.5 + i / 100 });
  fs.writeFileSync(table, JSON.stringify(Object.fromEntries(keys.slice(0, 2).map((k, i) => [k, metrics(i)]))));
  const out = path.join(tmp, 'r-failing');
  const args = ['search', space, '--estimator', `table:${table}`, '--strategy', 'random', '--budget', '15', '--objective', 'max:acc', '--out', out];
  const r = run(args);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /warning: \d+ of 19 architectures sampled from the space are not in .*partial-table\.json/);
  assert.match(r.stderr, /stopped: the last 5 candidates failed the same way: architecture '.+' is not in .*partial-table\.json/);
  assert.match(r.stdout, /\(the same failure 5 times in a row; fix its cause, then 'nas resume' continues the run\)/);
  const ended = () => (JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { ended?: { stoppedBy: string; evaluated: number } }).ended;
  assert.equal(ended()?.stoppedBy, 'failing');
  assert.ok(ended()!.evaluated < 15);
  fs.writeFileSync(table, JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, metrics(i)]))));
  const resumed = run(['resume', out]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.deepEqual(ended(), { ...ended(), stoppedBy: 'budget', evaluated: 15 });
});
