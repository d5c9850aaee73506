// Cheap metrics and predictions end to end: `nas search --cheap` logs the cheap scores apart from
// the evaluations and counts them in the summary; `nas predict` ranks candidates the run never evaluated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const nas = path.join(root, 'bin', 'nas.js');
const space = path.join(root, 'examples', 'nas-bench-201.nasspace.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-predict-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [nas, ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { key: string; metrics: Record<string, number> | null });

test('nas search --cheap scores many more candidates than it evaluates, apart from candidates.jsonl; nas predict ranks unevaluated ones', () => {
  const out = path.join(tmp, 'run');
  // The shipped table's size columns stand in for zero-cost scores.
  const r = run(['search', space, '--estimator', 'table:nas-bench-201', '--cheap', 'table:nas-bench-201', '--strategy', 'predictor-guided', '--option', 'warmPool=200', '--budget', '15', '--objective', 'max:c10_valid', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { evaluated: number; cheapScored: number };
  assert.equal(summary.evaluated, 15);
  assert.ok(summary.cheapScored > 100, `${summary.cheapScored} scored`);
  assert.equal(lines(path.join(out, 'candidates.jsonl')).length, 15);
  assert.equal(lines(path.join(out, 'cheap.jsonl')).length, summary.cheapScored);
  const info = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { settings: { cheap?: string[] } };
  assert.deepEqual(info.settings.cheap, ['table:nas-bench-201']);

  const p = run(['predict', out, '--sample', '40', '--json']);
  assert.equal(p.code, 0, p.stderr);
  const prediction = JSON.parse(p.stdout) as { metric: string; trainedOn: number; candidates: { key: string; mean: number; std: number }[] };
  assert.equal(prediction.metric, 'c10_valid');
  assert.equal(prediction.trainedOn, 15);
  assert.equal(prediction.candidates.length, 40);
  const evaluated = new Set(lines(path.join(out, 'candidates.jsonl')).map((l) => l.key));
  assert.ok(prediction.candidates.every((c) => !evaluated.has(c.key) && c.std >= 0));
  assert.ok(prediction.candidates.every((c, i, all) => i === 0 || all[i - 1].mean >= c.mean), 'best predicted first');
  assert.match(run(['predict', out, '--family', 'forest']).stderr, /unknown predictor family 'forest': expected trees, gp/);

  // The same predictor as a search's estimator, trained from the run folder.
  const guided = path.join(tmp, 'by-predictor');
  const s = run(['search', space, '--estimator', 'predictor:mlp', '--train', `from=${out}`, '--budget', '6', '--objective', 'max:c10_valid_pred', '--out', guided, '--json']);
  assert.equal(s.code, 0, s.stderr);
  const scored = lines(path.join(guided, 'candidates.jsonl'));
  assert.equal(scored.length, 6);
  assert.ok(scored.every((l) => Number.isFinite(l.metrics?.c10_valid_pred) && l.metrics!.c10_valid_pred_sd >= 0), JSON.stringify(scored[0]));
  const recorded = JSON.parse(fs.readFileSync(path.join(guided, 'run.json'), 'utf8')) as { settings: { estimatorOptions?: Record<string, unknown> }; catalog: { name: string; direction: string; cost: string }[] };
  assert.equal(recorded.settings.estimatorOptions?.from, out);
  assert.deepEqual(recorded.catalog.filter((m) => m.name.startsWith('c10_valid')).map((m) => [m.name, m.direction, m.cost]), [['c10_valid_pred', 'max', 'cheap'], ['c10_valid_pred_sd', 'min', 'cheap']]);
  assert.match(run(['search', space, '--estimator', 'predictor:mlp', '--budget', '1', '--objective', 'max:c10_valid_pred']).stderr, /needs the run folder to train on: its setting from \(--train from=<run folder>\)/);
});
