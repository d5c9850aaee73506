// `nas export` as a user runs it, after renaming the space file a proxy run was made from: the
// exported model holds the weights the candidate was scored with, and the README's Node loader
// (plain @tensorflow/tfjs, no file:// handler) loads it and classifies held-out built-in
// Fashion-MNIST images about as well as the run's val_acc says; train-now and untrained exports
// say which weights they hold.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadBuiltinFashionMnist } from '../../src/train/data/builtin';
import { inputNote, NODE_LOADER } from '../../src/train/exportReadme';

const root = path.resolve(__dirname, '..', '..', '..');
const nas = path.join(root, 'bin', 'nas.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-export-'));
const runDir = path.join(tmp, 'runs', 'r1');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [nas, ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ExportInfo {
  kind: string;
  weightsLine: string;
  valAcc?: number;
  training?: { epochs: number };
  parameters: { total: number; trainable: number; batchNormStatistics: number };
}
const exportInfo = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'export.json'), 'utf8')) as ExportInfo;

before(() => {
  fs.mkdirSync(path.join(tmp, 'sp', 'helpers'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'sp', 'helpers', 'blocks.ts'), "import { choice, conv } from 'nas-workbench';\nexport const stem = () => conv({ filters: choice(8, 12), kernel: 3, stride: 2, activation: 'relu' });\n");
  fs.writeFileSync(
    path.join(tmp, 'sp', 'small.nasspace.ts'),
    `import { batchNorm, choice, defineSpace, dense, flatten, maxPool } from 'nas-workbench';
import { stem } from './helpers/blocks';
export default defineSpace({
  name: 'small-fashion',
  input: { shape: [28, 28, 1], classes: 10 },
  layers: [stem(), batchNorm(), maxPool({ size: 2, stride: 2 }), flatten(), dense({ units: choice(32, 64), activation: 'relu' })],
});
`,
  );
  const r = run(['search', 'sp/small.nasspace.ts', '--estimator', 'proxy', '--train', 'epochs=1', '--train', 'subset=3000', '--train', 'latency=0', '--budget', '2', '--seed', '1', '--objective', 'max:val_acc', '--out', runDir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  // The space file is renamed and its helper edited after the run: export reads the run's copy.
  fs.renameSync(path.join(tmp, 'sp', 'small.nasspace.ts'), path.join(tmp, 'sp', 'renamed.nasspace.ts'));
  fs.appendFileSync(path.join(tmp, 'sp', 'helpers', 'blocks.ts'), 'export const edited = 1;\n');
});

test('the scored weights, exported after the space file was renamed, classify held-out images as well as the run says', async () => {
  const out = path.join(tmp, 'scored');
  const r = run(['export', runDir, '#0', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^exported #0 to .*scored with the weights candidate #0 of run r1 was scored with: seed 1, 1 epoch on builtin \(3000 samples\), val_acc 0\.\d{3}\n$/);
  const info = exportInfo(out);
  const recorded = JSON.parse(fs.readFileSync(path.join(runDir, 'candidates.jsonl'), 'utf8').split('\n')[0]) as { metrics: { val_acc: number; params: number } };
  assert.equal(info.kind, 'scored');
  assert.equal(info.valAcc, recorded.metrics.val_acc, 'one training per candidate: its own val_acc is the recorded one');
  // The analytic params count batch-norm moving statistics, as the built model does.
  assert.equal(info.parameters.total, recorded.metrics.params);
  assert.ok(info.parameters.batchNormStatistics > 0 && info.parameters.trainable + info.parameters.batchNormStatistics === info.parameters.total);
  const readme = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
  assert.ok(readme.includes(NODE_LOADER.trimEnd()), "the README shows the loader this test runs");
  assert.match(readme, /\*\*Weights: the weights candidate #0 of run r1 was scored with/);
  assert.match(readme, /trainable \+ \d+ batch-norm moving statistics/);

  // The README's loader, run as written, with plain tfjs (it would fail on file://).
  const loadModel = new Function('require', 'return (() => {' + NODE_LOADER + 'return loadModel; })();')(require) as (dir: string) => Promise<tf.LayersModel>;
  const model = await loadModel(out);
  const held = loadBuiltinFashionMnist('test');
  const n = held.labels.length;
  const accuracy = tf.tidy(() => {
    const predicted = (model.predict(tf.tensor4d(held.images, [n, ...held.shape])) as tf.Tensor).argMax(-1);
    return predicted.equal(tf.tensor1d(held.labels, 'int32')).sum().arraySync() as number;
  }) / n;
  model.dispose();
  assert.ok(accuracy > 0.5, `held-out accuracy ${accuracy} is well above chance (0.1)`);
  assert.ok(Math.abs(accuracy - info.valAcc!) < 0.1, `held-out accuracy ${accuracy} is close to the recorded val_acc ${info.valAcc}`);
});

test('train now and untrained exports say which weights they hold; bad requests are one-line errors', () => {
  const trained = path.join(tmp, 'trained');
  const t = run(['export', runDir, '#1', '--out', trained, '--train', 'epochs=2', '--json']);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stderr, /^training: epoch 1\/2 · batch 47\/47 · loss [\d.]+\ntraining: epoch 2\/2/);
  const result = JSON.parse(t.stdout) as { weights: string; index: number };
  assert.match(result.weights, /^weights trained now: seed 1, 2 epochs on builtin:fashion-mnist-subset \(3000 samples\), val_acc 0\.\d{3}$/);
  assert.equal(exportInfo(trained).kind, 'trained');
  assert.equal(exportInfo(trained).training?.epochs, 2, 'the run settings with --train on top');

  const untrained = path.join(tmp, 'untrained');
  const u = run(['export', runDir, '#1', '--out', untrained, '--untrained']);
  assert.equal(u.code, 0, u.stderr);
  assert.match(u.stdout, /with freshly initialised weights \(seed 1\), not trained/);
  assert.match(u.stderr, /warning: the model holds freshly initialised weights/);
  assert.equal(exportInfo(untrained).valAcc, undefined);

  const cases: [string[], RegExp][] = [
    [['export', runDir, '#7', '--out', path.join(tmp, 'x')], /^nas: no candidate #7 in .*candidates\.jsonl \(2 candidates, #0 to #1\)\n$/],
    [['export', runDir, '#0'], /^nas: missing --out DIR/],
    [['export', runDir, '#0', '--out', path.join(tmp, 'x'), '--untrained', '--train', 'epochs=1'], /^nas: --train and --untrained contradict each other/],
    [['export', runDir, '#0', '--out', path.join(tmp, 'x'), '--train', 'epoch=1'], /^nas: estimator proxy has no setting 'epoch'/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('an export trained at a down-scaled proxy input says plainly which input the model takes, why, and how to feed it', () => {
  const small = path.join(tmp, 'downscaled');
  const r = run(['export', runDir, '#0', '--out', small, '--train', 'epochs=1', '--train', 'downscale=2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: the model takes 14x14x1 images, the run's proxy input down-scaled from the architecture's 28x28x1/);
  const info = JSON.parse(fs.readFileSync(path.join(small, 'export.json'), 'utf8')) as { input: number[]; architectureInput: number[]; inputNote?: string };
  assert.deepEqual([info.input, info.architectureInput], [[14, 14, 1], [28, 28, 1]]);
  assert.equal(info.inputNote, inputNote([14, 14, 1], [28, 28, 1]));
  const readme = fs.readFileSync(path.join(small, 'README.md'), 'utf8');
  assert.ok(readme.includes(`**Input size: This model takes 14x14x1 images, not the architecture's 28x28x1: its weights were trained at the run's proxy input, down-scaled 2x (downscale=2)`), readme);
  assert.match(readme, /tf\.avgPool\(tf\.zeros\(\[1, 28, 28, 1\]\), 2, 2, 'valid'\)/, 'the snippet shrinks a full-size image as training did');
  assert.equal(inputNote([28, 28, 1], [28, 28, 1]), undefined, 'a model at the architecture\'s size needs no note');
});

test('a run resumes from its copy of the space file after the file was edited; another file given with --space must still hash the same', () => {
  const space = path.join(tmp, 'nb201.nasspace.ts');
  fs.copyFileSync(path.join(root, 'examples', 'nas-bench-201.nasspace.ts'), space);
  const tableRun = path.join(tmp, 'runs', 'table');
  const s = run(['search', space, '--estimator', 'table:nas-bench-201', '--budget', '3', '--objective', 'max:c10_valid', '--out', tableRun, '--json']);
  assert.equal(s.code, 0, s.stderr);
  fs.appendFileSync(space, '// edited after the run\n');
  const resumed = run(['resume', tableRun, '--json']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal((JSON.parse(resumed.stdout) as { evaluated: number }).evaluated, 3);
  const refused = run(['resume', tableRun, '--space', space]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /this run was written with a different space file/);
});
