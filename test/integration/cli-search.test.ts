// The `nas` command end to end as a user runs it: search on the shipped NAS-Bench-201 table, flags and
// errors, and a run killed with SIGKILL mid-run then resumed to the same result as a run that was
// never interrupted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const root = path.resolve(__dirname, '..', '..', '..');
const nas = path.join(root, 'bin', 'nas.js');
const table = path.join(root, 'data', 'nas-bench-201.json.gz');
const space = path.join(root, 'examples', 'nas-bench-201.nasspace.ts');
const slowAppends = path.join(root, 'test', 'fixtures', 'slow-appends.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-cli-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [nas, ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function keys(runDir: string): string[] {
  return fs.readFileSync(path.join(runDir, 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { key: string }).key);
}

const searchArgs = (out: string, strategy: string) => ['search', space, '--estimator', 'table:nas-bench-201', '--strategy', strategy, '--budget', '120', '--seed', '4', '--objective', 'max:c10_valid', '--objective', 'min:edgegpu_lat', '--out', out];

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
  const info = JSON.parse(fs.readFileSync(path.join(out.runDir, 'run.json'), 'utf8')) as { spaceHash: string; settings: { seed: number; estimator: string; skipDegenerate?: boolean }; ended?: { stoppedBy: string; evaluated: number } };
  assert.equal(info.settings.seed, 4);
  assert.equal(info.settings.estimator, 'table:nas-bench-201', 'the shipped table is recorded by name, so a resume finds it in whichever install runs it');
  // New runs search distinct networks only, and say so.
  assert.equal(info.settings.skipDegenerate, true);
  const records = fs.readFileSync(path.join(out.runDir, 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { degenerate?: boolean });
  assert.ok(records.every((c) => c.degenerate === undefined));
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
    [['search', space, '--estimator', 'oracle', '--objective', 'max:c10_valid'], /^nas: unknown estimator 'oracle': expected table:<file.json>, proxy, zc\[:<proxies>\] or predictor:<family>$/],
    [['search', space, '--estimator', `table:${table}`, '--objective', 'max:c10_valid', '--train', 'epochs=2'], /^nas: estimator table has no setting 'epochs' \(settings: epoch\)$/],
    [['search', space, '--estimator', `table:${table}`, '--objective', 'max:c10_valid', '--parallel', '0'], /--parallel must be an integer of at least 1, got '0'/],
    [['search', space, '--estimator', `table:${table}`, '--objective', 'max:c10_valid', '--budget', '-5'], /^nas: --budget must be an integer of at least 1, got '-5'$/],
    [['search', space, '--estimator', `table:${table}`, '--objective', 'max:c10_valid', '--seed', '-1'], /^nas: --seed must be an integer of at least 0, got '-1'$/],
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

test('a bare objective takes its direction from the catalog and is recorded with it; a table column needs one', () => {
  const out = path.join(tmp, 'bare-objective');
  const r = run(['search', space, '--estimator', 'table:nas-bench-201', '--objective', 'params', '--objective', 'max:c10_valid', '--budget', '2', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { settings: { objectives: string[] } }).settings.objectives, ['min:params', 'max:c10_valid']);
  const column = run(['search', space, '--estimator', 'table:nas-bench-201', '--objective', 'c10_valid', '--budget', '2', '--out', path.join(tmp, 'bare-column')]);
  assert.notEqual(column.code, 0);
  assert.match(column.stderr, /^nas: bad objective 'c10_valid': say which way is better, max:c10_valid or min:c10_valid$/m);
});

test('the summary counts in the singular when it is one', () => {
  const one = run(['search', space, '--estimator', 'table:nas-bench-201', '--budget', '1', '--out', path.join(tmp, 'one')]);
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stdout, /^Evaluated 1 candidate \(budget reached\); run folder one$/m);
});

test('every command answers --help', () => {
  for (const c of ['space', 'search', 'resume', 'estimators', 'init']) {
    const r = run([c, '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`^Usage: nas ${c}`));
  }
  assert.match(run(['--help']).stdout, /Commands:/);
});

/** Starts `nas search` into `out` and SIGKILLs it once more than `lines` candidates are logged. */
async function searchThenKill(out: string, strategy: string, lines: number, extra: readonly string[] = []): Promise<void> {
  const child = spawn(process.execPath, ['--require', slowAppends, nas, ...searchArgs(out, strategy), ...extra], { cwd: tmp, stdio: 'ignore' });
  const log = path.join(out, 'candidates.jsonl');
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (fs.existsSync(log) && fs.readFileSync(log, 'utf8').split('\n').length > lines) {
        clearInterval(poll);
        child.kill('SIGKILL');
        resolve();
      }
    }, 5);
    child.on('exit', () => (clearInterval(poll), reject(new Error('the search finished before it could be killed'))));
  });
  await new Promise((r) => child.on('exit', r));
}

for (const [strategy, parallel] of [['evolution', 1], ['nsga2', 1], ['mo-predictor', 1], ['evolution', 3], ['nsga2', 3], ['mo-predictor', 3]] as const) {
  const at = parallel > 1 ? `, ${parallel} at once` : '';
  test(`${strategy}: a run killed with SIGKILL resumes to exactly the uninterrupted run${at}`, async () => {
    const extra = parallel > 1 ? ['--parallel', String(parallel)] : [];
    const reference = path.join(tmp, `ref-${strategy}-${parallel}`);
    assert.equal(run([...searchArgs(reference, strategy), ...extra]).code, 0);

    const killed = path.join(tmp, `killed-${strategy}-${parallel}`);
    await searchThenKill(killed, strategy, 40, extra);
    const log = path.join(killed, 'candidates.jsonl');
    const before = keys(killed).length;
    const ended = () => (JSON.parse(fs.readFileSync(path.join(killed, 'run.json'), 'utf8')) as { ended?: unknown }).ended;
    assert.equal(ended(), undefined, 'a killed run has no end record');
    assert.ok(before > 0 && before < 120, `killed after ${before}`);
    // What was in flight at the kill: re-issued by the resume, so neither lost nor repeated.
    const last = JSON.parse(fs.readFileSync(log, 'utf8').split('\n').slice(0, -1).at(-1)!) as { inFlight?: { key: string }[] };
    assert.equal(last.inFlight?.length ?? 0, parallel - 1);
    assert.ok(fs.existsSync(path.join(killed, 'writer.lock')), 'the killed search left its lock behind');
    // A torn last line, as a kill during a write leaves it.
    fs.appendFileSync(log, '{"index":');

    const r = run(['resume', killed]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /skipped a torn last line/);
    assert.equal(/3 evaluations at once/.test(r.stderr), parallel === 3);
    assert.match(r.stderr, /took over the lock of process \d+ .*which no longer runs/);
    assert.deepEqual(keys(killed), keys(reference));
    assert.ok(ended());
    assert.equal(fs.existsSync(path.join(killed, 'writer.lock')), false, 'a finished resume releases the lock');
  });
}

test('two nas resume racing on one killed run: one writes, the other is refused naming it, and no candidate is written twice', async () => {
  const reference = path.join(tmp, 'race-ref');
  assert.equal(run(searchArgs(reference, 'evolution')).code, 0);
  const dir = path.join(tmp, 'race');
  await searchThenKill(dir, 'evolution', 10);
  // Both start at once and both find the killed search's stale lock. Whichever takes it stops at
  // its first write until the gate opens, so the other certainly meets a live writer.
  const gate = path.join(tmp, 'race-gate');
  const env = { ...process.env, NAS_TEST_WRITE_GATE: gate, NAS_TEST_APPEND_DELAY_MS: '0' };
  const resumes = [0, 1].map(() => {
    const child = spawn(process.execPath, ['--require', slowAppends, nas, 'resume', dir], { cwd: tmp, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return { child, exit: new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr }))) };
  });
  let winner;
  try {
    const first = await Promise.race(resumes.map((r) => r.exit));
    assert.equal(first.code, 1, first.stderr);
    winner = resumes.find((r) => r.child.exitCode === null);
    assert.ok(winner, 'the other resume is still writing');
    assert.match(first.stderr.trim(), new RegExp(`^resuming run race \\(interrupted, \\d+ of 120 evaluated\\)\nnas: .*race: this run is being written by process ${winner.child.pid} on ${os.hostname()} since \\d{4}-\\d\\d-\\d\\dT[^;]+; wait for it to end or stop it$`));
  } finally {
    fs.writeFileSync(gate, ''); // never leave a writer waiting, even when an assertion failed
  }
  const second = await winner.exit;
  assert.equal(second.code, 0, second.stderr);
  const ks = keys(dir);
  assert.equal(new Set(ks).size, ks.length, 'no key written twice');
  assert.deepEqual(ks, keys(reference));
});

test('nas search --out into a run another process is writing is refused, naming it', async () => {
  const dir = path.join(tmp, 'busy');
  const gate = path.join(tmp, 'busy-gate');
  const child = spawn(process.execPath, ['--require', slowAppends, nas, ...searchArgs(dir, 'evolution')], { cwd: tmp, env: { ...process.env, NAS_TEST_WRITE_GATE: gate }, stdio: 'ignore' });
  const lock = path.join(dir, 'writer.lock');
  try {
    while (!fs.existsSync(lock)) {
      assert.equal(child.exitCode, null, 'the first search ended before taking its lock');
      await new Promise((r) => setTimeout(r, 10));
    }
    const r = run(searchArgs(dir, 'evolution'));
    assert.equal(r.code, 1);
    assert.match(r.stderr.trim(), new RegExp(`^nas: .*busy: a run folder with this id already exists, being written by process ${child.pid} on `));
  } finally {
    fs.writeFileSync(gate, '');
  }
  assert.equal(await new Promise((resolve) => child.on('exit', resolve)), 0);
});

test('an --out folder that cannot be created fails at once with the system\'s reason', () => {
  const file = path.join(tmp, 'a-file');
  fs.writeFileSync(file, '');
  const r = run([...searchArgs(path.join(file, 'run'), 'random')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr.trim(), /^nas: .*a-file\/run: cannot create the run folder \(ENOTDIR: not a directory, mkdir '.*a-file\/run'\)$/);
  if (process.platform === 'linux') {
    // Node's own recursive mkdir retries this one forever.
    const proc = spawnSync(process.execPath, [nas, ...searchArgs('/proc/nas-test/run', 'random')], { encoding: 'utf8', cwd: tmp, timeout: 60_000 });
    assert.equal(proc.status, 1, `exit ${proc.status} ${proc.signal ?? ''}`);
    assert.match(proc.stderr.trim(), /^nas: \/proc\/nas-test\/run: cannot create the run folder \(ENOENT: no such file or directory, mkdir '\/proc\/nas-test'\)$/);
  }
});

test('a run recorded before skipDegenerate resumes over every member, as it began; its records flag degenerate cells', () => {
  const reference = path.join(tmp, 'keep-ref');
  assert.equal(run([...searchArgs(reference, 'evolution'), '--keep-degenerate']).code, 0);
  const info = JSON.parse(fs.readFileSync(path.join(reference, 'run.json'), 'utf8')) as { settings: Record<string, unknown>; ended?: unknown };
  assert.equal(info.settings.skipDegenerate, false);
  const records = fs.readFileSync(path.join(reference, 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean);
  assert.ok(records.some((l) => (JSON.parse(l) as { degenerate?: boolean }).degenerate === true));
  // The same run as an older version wrote it: no skipDegenerate, stopped after 50 candidates.
  const old = path.join(tmp, 'keep-old');
  fs.mkdirSync(old);
  delete info.settings.skipDegenerate;
  delete info.ended;
  fs.writeFileSync(path.join(old, 'run.json'), JSON.stringify(info));
  fs.writeFileSync(path.join(old, 'candidates.jsonl'), records.slice(0, 50).map((l) => `${l}\n`).join(''));
  const r = run(['resume', old]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(keys(old), keys(reference));
});

// Without --space a resume reads the run's own copy of its space (cli-export.test.ts).
test('resume refuses a space file given with --space that differs from the one the run was written with', () => {
  const copy = path.join(tmp, 'copy.nasspace.ts');
  fs.copyFileSync(space, copy);
  const dir = path.join(tmp, 'changed');
  assert.equal(run(['search', copy, '--estimator', `table:${table}`, '--budget', '5', '--objective', 'max:c10_valid', '--out', dir]).code, 0);
  fs.appendFileSync(copy, '\n// edited\n');
  const r = run(['resume', dir, '--space', copy]);
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

/** The shipped table with synthetic learning curves (c10_valid@1, @3, @9, saturating at a per-architecture rate), written once. */
const curveTable = (() => {
  let file: string | undefined;
  return () => {
    if (file) return file;
    const plain = JSON.parse(zlib.gunzipSync(fs.readFileSync(table)).toString('utf8')) as Record<string, Record<string, number | null>>;
    const curves: Record<string, Record<string, number | null>> = {};
    let i = 0;
    for (const [key, m] of Object.entries(plain)) {
      const rate = 0.3 + ((i++ * 7919) % 100) / 140;
      const acc = m.c10_valid;
      curves[key] = { ...m, ...Object.fromEntries([1, 3, 9].map((e) => [`c10_valid@${e}`, acc === null || acc === undefined ? null : acc * (1 - Math.exp(-rate * e))])) };
    }
    file = path.join(tmp, 'nb201-curves.json');
    fs.writeFileSync(file, JSON.stringify(curves));
    return file;
  };
})();

/** Each record's key and fidelity level: what a multi-fidelity run evaluates once each. */
function evaluations(runDir: string): string[] {
  return fs.readFileSync(path.join(runDir, 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { key: string; fidelity?: { value: number } }).map((r) => `${r.key}@${r.fidelity?.value}`);
}

for (const [strategy, option, parallel] of [['halving', 'async=0', 1], ['hyperband', 'eta=3', 1], ['halving', 'async=1', 3]] as const) {
  test(`${strategy} ${option}: a multi-fidelity run killed mid-rung with SIGKILL resumes to exactly the uninterrupted run${parallel > 1 ? `, ${parallel} at once` : ''}`, async () => {
    const extra = ['--estimator', `table:${curveTable()}`, '--train', 'epoch=9', '--option', option, '--parallel', String(parallel)];
    const reference = path.join(tmp, `ref-${strategy}-${option}`);
    const ref = run([...searchArgs(reference, strategy), ...extra]);
    assert.equal(ref.code, 0, ref.stderr);
    const all = evaluations(reference);
    assert.equal(new Set(all).size, 120, 'each key at each level once');
    assert.ok(all.some((e) => e.endsWith('@3')) && all.some((e) => e.endsWith('@9')), 'candidates were promoted to epochs 3 and 9');

    const killed = path.join(tmp, `killed-${strategy}-${option}`);
    await searchThenKill(killed, strategy, 40, extra);
    const before = evaluations(killed);
    assert.ok(before.length > 0 && before.length < 120, `killed after ${before.length}`);
    const r = run(['resume', killed]);
    assert.equal(r.code, 0, r.stderr);
    const after = evaluations(killed);
    assert.deepEqual(after.slice(0, before.length), before, 'no finished rung result evaluated again');
    assert.deepEqual(after, all);
  });
}

test('--option proposer=<strategy> names the proposer, run.json records the name, and a run recorded with the older number resumes as that strategy', () => {
  const extra = ['--estimator', `table:${curveTable()}`, '--train', 'epoch=9', '--option', 'proposer=nsga2', '--budget', '30'];
  const named = path.join(tmp, 'proposer-named');
  const a = run([...searchArgs(named, 'halving'), ...extra]);
  assert.equal(a.code, 0, a.stderr);
  const info = JSON.parse(fs.readFileSync(path.join(named, 'run.json'), 'utf8')) as { settings: { budget: number; strategyOptions: Record<string, unknown> } };
  assert.deepEqual(info.settings.strategyOptions, { proposer: 'nsga2' });
  // As an older run recorded it: the proposer's position (2: nsga2), stopped part-way.
  const numbered = path.join(tmp, 'proposer-numbered');
  const b = run([...searchArgs(numbered, 'halving'), ...extra.slice(0, -2), '--budget', '12']);
  assert.equal(b.code, 0, b.stderr);
  const old = JSON.parse(fs.readFileSync(path.join(numbered, 'run.json'), 'utf8')) as typeof info & { ended?: unknown };
  old.settings.strategyOptions = { proposer: 2 };
  old.settings.budget = 30;
  delete old.ended;
  fs.writeFileSync(path.join(numbered, 'run.json'), JSON.stringify(old));
  const r = run(['resume', numbered]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(evaluations(numbered), evaluations(named));
  const bad = run([...searchArgs(path.join(tmp, 'proposer-bad'), 'halving'), '--option', 'proposer=annealing']);
  assert.equal(bad.code, 1, bad.stderr);
  assert.match(bad.stderr, /^nas: strategy halving: setting 'proposer' must be one of random, evolution, nsga2, mo-predictor, predictor-guided, local, grid, got "annealing"$/m);
});

test('nas resume lists the runs and how each ended; a run whose process went away reads interrupted, and resuming says so', () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-list-'));
  const inCwd = (args: string[]) => spawnSync(process.execPath, [nas, ...args], { encoding: 'utf8', cwd });
  const dir = path.join(cwd, '.nas', 'runs', 'gone');
  assert.equal(inCwd(['search', space, '--budget', '5', '--out', dir]).status, 0);
  // As a SIGKILL or a window reload leaves it: no end record, budget not reached.
  const infoFile = path.join(dir, 'run.json');
  const info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { ended?: unknown; settings: { budget: number } };
  delete info.ended;
  info.settings.budget = 8;
  fs.writeFileSync(infoFile, JSON.stringify(info));
  const listed = inCwd(['resume']);
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, /\.nas\/runs\/gone\s+nas-bench-201\s+5\/8\s+interrupted/);
  const resumed = inCwd(['resume', dir]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, /^resuming run gone \(interrupted, 5 of 8 evaluated\)$/m);
  assert.match(inCwd(['resume']).stdout, /gone\s+nas-bench-201\s+8\/8\s+finished/);
});
