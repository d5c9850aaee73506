// Loading real .nasspace.ts files: the examples, and every kind of bad input, each reported with
// its file, line and column and a message that says what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpaceError } from '../../src/core/space/errors';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { Rng } from '../../src/core/rng';

const root = path.resolve(__dirname, '..', '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-space-'));

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

async function loadError(file: string, timeoutMs?: number): Promise<SpaceError> {
  try {
    await loadSpaceFile(file, { timeoutMs });
  } catch (e) {
    assert.ok(e instanceof SpaceError, `expected a SpaceError, got ${e}`);
    return e;
  }
  assert.fail('the space loaded without error');
}

const header = `import { defineSpace, choice, int, conv, stage, invertedResidual, cell, cellStack, maxPool, dartsCell, dartsStack } from 'nas-workbench';\n`;

test('the examples load with their exact sizes', async () => {
  const sizes: Record<string, bigint> = { 'vgg16-kernels': 43046721n, 'nas-bench-201': 15625n, mobilenetv2: 14797448064n, darts: 1_076_746_950_455_072_400n, 'darts-fashion': 1_076_746_950_455_072_400n };
  for (const [name, size] of Object.entries(sizes)) {
    const { space, hash } = await loadSpaceFile(path.join(root, 'examples', `${name}.nasspace.ts`));
    assert.equal(space.size, size, name);
    assert.match(hash, /^[0-9a-f]{64}$/);
    const rng = new Rng(1);
    const a = space.sample(rng);
    const m = space.mutate(a, rng)!;
    assert.equal(space.check(m), null);
    const g = space.decode(m);
    assert.deepEqual(g.nodes[g.nodes.length - 1].shape, [10]);
  }
});

test('the hash follows the contents, not the folder', async () => {
  const original = path.join(root, 'examples', 'mobilenetv2.nasspace.ts');
  const moved = write('moved.nasspace.ts', fs.readFileSync(original, 'utf8'));
  const [a, b] = [await loadSpaceFile(original), await loadSpaceFile(moved)];
  assert.notEqual(a.hash, (await loadSpaceFile(write('edited.nasspace.ts', fs.readFileSync(original, 'utf8') + '\n// edited\n'))).hash);
  assert.notEqual(a.file, b.file);
  // Same contents under another name and folder: only the relative path differs.
  const sameName = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nas-moved-')), 'mobilenetv2.nasspace.ts');
  fs.copyFileSync(original, sameName);
  assert.equal((await loadSpaceFile(sameName)).hash, a.hash);
});

test('NAS-Bench-201 keys are the benchmark strings', async () => {
  const { space } = await loadSpaceFile(path.join(root, 'examples', 'nas-bench-201.nasspace.ts'));
  const key = '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|avg_pool_3x3~2|';
  assert.equal(space.key(space.fromKey(key)), key);
  assert.equal(space.neighbours(space.fromKey(key)).length, 24);
});

test('an imported helper file is bundled, and its errors point into it', async () => {
  write('helper.ts', `import { choice } from 'nas-workbench';\nexport const k = () => choice(3, 3);\n`);
  const file = write('uses-helper.nasspace.ts', `${header}import { k } from './helper';\nexport default defineSpace({ name: 'h', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: 4, kernel: k() })] });\n`);
  const e = await loadError(file);
  assert.match(e.message, /option 3 twice/);
  assert.deepEqual([path.basename(e.loc!.file), e.loc!.line, e.loc!.column], ['helper.ts', 2, 24]);
});

const bad: { name: string; body: string; message: RegExp; line: number; column: number; timeoutMs?: number }[] = [
  { name: 'syntax error', body: `export default defineSpace({ name: 'x',, });\n`, message: /Expected identifier but found ","/, line: 2, column: 40 },
  { name: 'a type the API rejects', body: `export default defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 },\n  layers: [conv({ filters: 'wide' as any, kernel: 3 })] });\n`, message: /conv\(\): 'filters' must be a number or a choice of numbers, got "wide"/, line: 3, column: 12 },
  { name: 'an empty choice', body: `export default defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 },\n  layers: [conv({ filters: 4, kernel: choice() })] });\n`, message: /choice\(\) needs at least one option/, line: 3, column: 39 },
  { name: 'a duplicate option', body: `export default defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 },\n  layers: [conv({ filters: 4, kernel: choice(3, 5, 3) })] });\n`, message: /choice\(\) has the option 3 twice/, line: 3, column: 39 },
  { name: 'a pooling layer that shrinks a map below 1x1', body: `export default defineSpace({ name: 'x', input: { shape: [4, 4, 1], classes: 2 }, layers: [\n  conv({ filters: 4, kernel: 3, stride: 2 }),\n  conv({ filters: 4, kernel: 3, stride: choice(1, 2) }),\n  maxPool({ size: 2 }),\n] });\n`, message: /layers.2: a 2x2 pooling layer receives a 1x1 feature map; it would shrink it below 1x1, in the members with layers.1.stride = 2 \(of 1, 2\); drop that value or the layer$/, line: 5, column: 3 },
  { name: 'a depth range with min > max', body: `export default defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 },\n  layers: [stage({ depth: int(3, 1), block: invertedResidual({ filters: 4, kernel: 3, expand: 1 }) })] });\n`, message: /int\(\): min 3 is greater than max 1/, line: 3, column: 27 },
  { name: 'an unknown cell op', body: `const c = cell({ nodes: 4, ops: ['none', 'conv_9x9'] as any });\nexport default defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 }, layers: [cellStack({ cell: c, repeat: 1 })] });\n`, message: /unknown cell op "conv_9x9"/, line: 2, column: 11 },
  { name: 'a DARTS node asking for more inputs than it has predecessors', body: `const c = dartsCell({ nodes: 4, inputsPerNode: 3, ops: ['skip_connect'] });\n`, message: /'inputsPerNode' 3 is more than it has predecessors/, line: 2, column: 11 },
  { name: 'an unknown DARTS op', body: `const c = dartsCell({ nodes: 4, ops: ['sep_conv_7x7'] as any });\n`, message: /dartsCell\(\): unknown operation "sep_conv_7x7"/, line: 2, column: 11 },
  { name: 'a DARTS cell whose output concatenates nothing', body: `const c = dartsCell({ nodes: 4, ops: ['skip_connect'], outputNodes: [] });\n`, message: /the output concatenates nothing/, line: 2, column: 11 },
  { name: 'a DARTS plan naming a cell that does not exist', body: `const n = dartsCell({ nodes: 2, ops: ['skip_connect'] });\nconst s = dartsStack({ cells: { n }, plan: ['n', 'r'], channels: 4 });\n`, message: /plan\[1\] names the cell "r", which does not exist \(cells: n\)/, line: 3, column: 11 },
  { name: 'a DARTS reduction where the resolution cannot halve', body: `const r = dartsCell({ nodes: 2, ops: ['skip_connect'], reduction: true });\nexport default defineSpace({ name: 'x', input: { shape: [6, 6, 1], classes: 2 }, layers: [\n  dartsStack({ cells: { r }, plan: ['r', 'r'], channels: 4 }),\n] });\n`, message: /plan\[1\] places the reduction cell 'r' where it receives a 3x3 feature map, whose resolution cannot halve/, line: 4, column: 3 },
  { name: 'a file that throws', body: `const broken: any = undefined;\nconst n = broken.size;\nexport default defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 }, layers: [] });\n`, message: /the space file threw an error: Cannot read properties of undefined/, line: 3, column: 18 },
  { name: 'a file that loops forever', body: `let i = 0;\nwhile (true) { i++; }\n`, message: /did not finish within 0.5 s \(an endless loop\?\) and was stopped/, line: 1, column: 1, timeoutMs: 500 },
  { name: 'a file without a default export', body: `export const space = defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: 4, kernel: 3 })] });\n`, message: /has no default export/, line: 1, column: 1 },
  { name: 'a default export that is not a space', body: `\nexport default { name: 'x' };\n`, message: /must be the result of defineSpace/, line: 3, column: 1 },
  { name: 'search settings of the wrong type', body: `export default defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: 4, kernel: 3 })],\n  search: { objectives: 'max:c10_valid' as any } });\n`, message: /search.objectives must be a list of strings/, line: 2, column: 16 },
  { name: 'an unknown search strategy', body: `export default defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: 4, kernel: 3 })],\n  search: { strategy: 'annealing' } });\n`, message: /search.strategy must be one of random, grid, .*, got "annealing"/, line: 2, column: 16 },
  { name: 'an unknown train setting', body: `export default defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: 4, kernel: 3 })],\n  train: { epoch: 3 } as any });\n`, message: /unknown setting 'epoch'/, line: 2, column: 16 },
  { name: 'an unknown learning-rate schedule', body: `export default defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: 4, kernel: 3 })],\n  train: { schedule: 'step' as any } });\n`, message: /train.schedule must be cosine or constant, got "step"/, line: 2, column: 16 },
  { name: 'an import of anything but the API', body: `import * as fs from 'fs';\nexport default fs;\n`, message: /may import only 'nas-workbench' and its own relative files, not 'fs'/, line: 2, column: 21 },
];

for (const c of bad) {
  test(`bad input: ${c.name}`, async () => {
    const file = write(`${c.name.replace(/\W+/g, '-')}.nasspace.ts`, header + c.body);
    const started = Date.now();
    const e = await loadError(file, c.timeoutMs);
    assert.match(e.message, c.message);
    assert.equal(e.loc?.file, file);
    assert.deepEqual([e.loc?.line, e.loc?.column], [c.line, c.column], e.format());
    assert.ok(Date.now() - started < 10_000, 'never hangs');
  });
}

test('a constraint that loops forever is stopped too', async () => {
  const file = write('slow-constraint.nasspace.ts', `${header}export default defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: 4, kernel: choice(1, 3) })],\n  constraint: () => { for (;;) {} } });\n`);
  const { space } = await loadSpaceFile(file, { timeoutMs: 300 });
  assert.throws(() => space.sample(new Rng(0)), /the space constraint did not finish within 0.3 s/);
});

test('a missing file is a clear error', async () => {
  const e = await loadError(path.join(tmp, 'nope.nasspace.ts'));
  assert.match(e.format(), /nope\.nasspace\.ts:1:1: cannot read the space file: no such file/);
});
