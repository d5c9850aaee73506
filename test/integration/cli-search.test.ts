// The `nas` command end to end as a user runs it: search on the NAS-Bench-201 table, flags and
// errors, and a run killed with SIGKILL mid-run then resumed to the same result as a run that was
// never interrupted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const nas = path.join(root, 'bin', 'nas.js');
const table = path.resolve(root, '..', 'shared', 'data', 'nb201.json');
const space = path.join(root, 'examples', 'nas-bench-201.nasspace.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-cli-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [nas, ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function keys(runDir: string): string[] {
  return fs.readFileSync(path.join(runDir, 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { key: string }).key);
}

const searchArgs = (out: string, strategy: string) => ['search', space, '--estimator', `table:${table}`, '--strategy', strategy, '--budget', '120', '--seed', '4', '--objective', 'max:c10_valid', '--objective', 'min:edgegpu_lat', '--out', out];

test('nas search --json reports best and Pareto front, and never repeats a key', () => {
  const r = run([...searchArgs(path.join(tmp, 'json'), 'evolution'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { runDir: string; evaluated: number; best: { key: string; metrics: Record<string, number> }; pareto: { key: string }[] };
  assert.equal(out.evaluated, 120);
  assert.match(out.best.key, /^\|.*~0\|\+\|/);
  assert.ok(out.best.metrics.c10_valid > 90);
  assert.ok(out.pareto.length >= 2);
  const ks = keys(out.runDir);
  assert.equal(new Set(ks).size, 120);
  const info = JSON.parse(fs.readFileSync(path.join(out.runDir, 'run.json'), 'utf8')) as { spaceHash: string; settings: { seed: number }; ended?: { stoppedBy: string; evaluated: number } };
  assert.equal(info.settings.seed, 4);
  assert.deepEqual([info.ended?.stoppedBy, info.ended?.evaluated], ['budget', 120]);
  assert.match(info.spaceHash, /^[0-9a-f]{64}$/);
});

test('bad flags, missing files and unknown metrics are one-line errors with a non-zero exit', () => {
  const cases: [string[], RegExp][] = [
    [['search', space, '--bogus'], /^nas: Unknown option '--bogus'/],
    [['search', path.join(tmp, 'missing.nasspace.ts'), '--estimator', `table:${table}`, '--objective', 'max:c10_valid'], /missing\.nasspace\.ts:1:1: cannot read the space file/],
    [['search', space, '--estimator', 'table:/nonexistent.json', '--objective', 'max:c10_valid'], /cannot read the table \(file not found\)/],
    [['search', space, '--estimator', `table:${table}`, '--objective', 'max:nope'], /unknown metric 'nope'; estimator table provides: .*c10_valid/],
    [['search', space, '--estimator', `table:${table}`, '--objective', 'maximize c10'], /bad objective 'maximize c10'/],
    [['search', space, '--estimator', `table:${table}`, '--objective', 'max:c10_valid', '--strategy', 'annealing'], /unknown strategy 'annealing'/],
    [['search', space, '--estimator', `table:${table}`, '--objective', 'max:c10_valid', '--budget', 'ten'], /--budget must be an integer/],
    [['search', space, '--estimator', 'oracle', '--objective', 'max:c10_valid'], /^nas: unknown estimator 'oracle': expected table:<file.json> or proxy$/],
    [['search', space, '--estimator', `table:${table}`, '--objective', 'max:c10_valid', '--train', 'epochs=2'], /^nas: estimator table has no setting 'epochs' \(it has none\)$/],
    [['space'], /missing the space file/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    assert.notEqual(r.code, 0, args.join(' '));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line for ${args.join(' ')}: ${r.stderr}`);
    assert.match(lines[0], message);
  }
});

test('a request that fails its checks leaves no run folder behind', () => {
  const out = path.join(tmp, 'never');
  const r = run(['search', space, '--estimator', `table:${table}`, '--objective', 'max:nosuch', '--out', out]);
  assert.equal(r.code, 1);
  assert.equal(fs.existsSync(out), false);
});

test('params and flops come from the decoded graph for any estimator, and gate candidates before evaluation', () => {
  const out = path.join(tmp, 'gated');
  const r = run(['search', space, '--estimator', `table:${path.relative(tmp, table)}`, '--budget', '60', '--objective', 'max:c10_valid', '--constraint', 'params<=400000', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const lines = fs.readFileSync(path.join(out, 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { status: string; metrics: Record<string, number>; feasible: boolean });
  const rejected = lines.filter((l) => l.status === 'rejected');
  const ok = lines.filter((l) => l.status === 'ok');
  assert.ok(rejected.length > 0 && ok.length > 0);
  for (const l of rejected) assert.ok(l.metrics.params > 400000);
  for (const l of ok) assert.ok(l.metrics.params <= 400000 && l.feasible && l.metrics.flops > 0 && l.metrics.activation_kb > 0 && l.metrics.c10_valid > 0);
  // The relative table path was stored absolute, so the run resumes from any folder.
  assert.match(fs.readFileSync(path.join(out, 'run.json'), 'utf8'), new RegExp(`"estimator": "table:${table.replace(/[/.]/g, '\\$&')}"`));
  // The metric catalog: the table's columns (direction from the objective, else by name), then the analytic costs.
  const catalog = (JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { catalog: { name: string; direction: string; cost: string }[] }).catalog;
  const entry = (name: string) => catalog.find((m) => m.name === name);
  assert.deepEqual([entry('c10_valid')?.direction, entry('edgegpu_lat')?.direction, entry('c10_valid')?.cost], ['max', 'min', 'cheap']);
  assert.deepEqual(catalog.slice(-6).map((m) => [m.name, m.direction, m.cost]), ['params', 'flops', 'activation_kb', 'weights_f32_kb', 'weights_int8_kb', 'train_mem_mb'].map((name) => [name, 'min', 'free']));
});

test('every command answers --help', () => {
  for (const c of ['space', 'search', 'resume', 'estimators', 'init']) {
    const r = run([c, '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`^Usage: nas ${c}`));
  }
  assert.match(run(['--help']).stdout, /Commands:/);
});

for (const strategy of ['evolution', 'nsga2', 'mo-predictor']) {
  test(`${strategy}: a run killed with SIGKILL resumes to exactly the uninterrupted run`, async () => {
    const reference = path.join(tmp, `ref-${strategy}`);
    assert.equal(run(searchArgs(reference, strategy)).code, 0);

    const killed = path.join(tmp, `killed-${strategy}`);
    const child = spawn(process.execPath, ['--require', path.join(root, 'test', 'fixtures', 'slow-appends.js'), nas, ...searchArgs(killed, strategy)], { cwd: tmp, stdio: 'ignore' });
    const log = path.join(killed, 'candidates.jsonl');
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (fs.existsSync(log) && fs.readFileSync(log, 'utf8').split('\n').length > 40) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      child.on('exit', () => (clearInterval(poll), reject(new Error('the search finished before it could be killed'))));
    });
    await new Promise((r) => child.on('exit', r));
    const before = keys(killed).length;
    const ended = () => (JSON.parse(fs.readFileSync(path.join(killed, 'run.json'), 'utf8')) as { ended?: unknown }).ended;
    assert.equal(ended(), undefined, 'a killed run has no end record');
    assert.ok(before > 0 && before < 120, `killed after ${before}`);
    // A torn last line, as a kill during a write leaves it.
    fs.appendFileSync(log, '{"index":');

    const r = run(['resume', killed]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /skipped a torn last line/);
    assert.deepEqual(keys(killed), keys(reference));
    assert.ok(ended());
  });
}

test('resume refuses a run written by a different space file', () => {
  const copy = path.join(tmp, 'copy.nasspace.ts');
  fs.copyFileSync(space, copy);
  const dir = path.join(tmp, 'changed');
  assert.equal(run(['search', copy, '--estimator', `table:${table}`, '--budget', '5', '--objective', 'max:c10_valid', '--out', dir]).code, 0);
  fs.appendFileSync(copy, '\n// edited\n');
  const r = run(['resume', dir]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /different space file/);
});

test('a proxy run records every training setting, defaults included, so a resume trains the same way', () => {
  const tiny = path.join(tmp, 'tiny.nasspace.ts');
  fs.writeFileSync(tiny, [
    "import { choice, conv, defineSpace, globalAvgPool } from 'nas-workbench';",
    "export default defineSpace({ name: 'tiny', input: { shape: [28, 28, 1], classes: 10 },",
    '  layers: [conv({ filters: choice(2, 3), kernel: 3, stride: 4 }), globalAvgPool()] });',
    '',
  ].join('\n'));
  const out = path.join(tmp, 'tiny-run');
  const r = run(['search', tiny, '--estimator', 'proxy', '--strategy', 'random', '--budget', '1', '--objective', 'max:val_acc',
    '--train', 'subset=100', '--train', 'validationSubset=50', '--train', 'latency=0', '--train', 'bnRecalibration=50', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const options = (JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { settings: { estimatorOptions: Record<string, unknown> } }).settings.estimatorOptions;
  assert.equal(options.subset, 100);
  assert.equal(options.schedule, 'cosine');
  assert.equal(options.repeats, 1);
  assert.equal(options.learningRate, 0.002);
  assert.equal(options.dataset, 'builtin');
});
