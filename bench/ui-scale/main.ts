// Issue 5's scale targets, on the host's and the webview's own logic (no VS Code needed):
// - the tree stays responsive with 10,000 candidates: adding one costs far less than a rebuild;
// - the panel stays smooth with 5,000 points: one ~10 Hz tick (apply a delta, recompute the
//   scatter, progress and table) fits well inside its 100 ms, and far below re-sending the
//   whole history per tick.
// Peers are measured in the same run. Data: real NAS-Bench-201 metrics.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CandidateRecord, Metrics, RunInfo } from '../../src/core/run/types';
import { CandidateIndex } from '../../src/extension/candidateIndex';
import { paretoFront } from '../../src/core/search/pareto';
import { toMinimisation } from '../../src/core/search/objectives';
import { RunModel } from '../../webview/runModel';

const root = path.resolve(__dirname, '..', '..', '..');
const table = JSON.parse(fs.readFileSync(path.resolve(root, '..', 'shared', 'data', 'nb201.json'), 'utf8')) as Record<string, Metrics>;
const settings = { strategy: 'random', budget: 15625, seed: 0, estimator: 'table:nb201.json', objectives: ['max:c10_valid', 'min:edgegpu_lat'], constraints: ['edgegpu_lat<=6'] };
const records: CandidateRecord[] = Object.entries(table).map(([key, m], index) => {
  const metrics = Object.fromEntries(Object.entries(m).filter(([, v]) => typeof v === 'number')) as Metrics;
  return { index, key, encoding: [], status: 'ok', metrics, startedAt: 0, durationMs: 0, feasible: metrics.edgegpu_lat <= 6 };
});

function time(fn: () => void, repeat = 1): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) fn();
  return Number(process.hrtime.bigint() - t) / 1e6 / repeat;
}

// ---- tree: incremental index vs a rebuild per candidate
const N_TREE = 10_000;
const index = new CandidateIndex(settings);
const addAll = time(() => index.addAll(records.slice(0, N_TREE - 100)));
const lastAdds = time(() => index.addAll(records.slice(N_TREE - 100, N_TREE))) / 100;
const objectives = [{ metric: 'c10_valid', direction: 'max' as const }, { metric: 'edgegpu_lat', direction: 'min' as const }];
const rebuild = time(() => {
  const all = records.slice(0, N_TREE);
  [...all].sort((a, b) => b.metrics.c10_valid - a.metrics.c10_valid);
  paretoFront(all.filter((r) => r.feasible).map((r) => toMinimisation(r.metrics, objectives)));
}, 5);
console.log(`tree, ${N_TREE} candidates: adding all took ${addAll.toFixed(0)} ms; one add at 10,000: ${(lastAdds * 1000).toFixed(1)} us`);
console.log(`  peer, a full rebuild (sort + Pareto front) at 10,000: ${rebuild.toFixed(2)} ms -> incremental add is ${(rebuild / lastAdds).toFixed(0)}x cheaper`);

// ---- panel: one live tick at 5,000 points
const N_PANEL = 5_000;
const info: RunInfo = { runId: 'bench', createdAt: '', toolVersion: '', spaceFile: '', spaceHash: '', spaceName: 'nb201', spaceSize: '15625', settings };
const model = new RunModel({ runId: 'bench', runDir: '', info, status: 'running', candidates: records.slice(0, N_PANEL - 50) });
let next = N_PANEL - 50;
const tick = time(() => {
  model.append(records.slice(next, next + 5));
  next += 5;
  model.scatter('edgegpu_lat', 'c10_valid');
  model.progressSeries();
  model.tableRows('c10_valid', false, 200);
}, 10);
const wholeHistory = time(() => JSON.parse(JSON.stringify(records.slice(0, N_PANEL))), 10);
console.log(`panel, ${N_PANEL} points: one tick (delta + scatter + progress + table) ${tick.toFixed(1)} ms of a 100 ms budget at 10 Hz (${(100 / tick).toFixed(0)}x headroom)`);
console.log(`  peer, only serialising and parsing the whole history once (what a non-delta design pays per tick before drawing): ${wholeHistory.toFixed(1)} ms`);
