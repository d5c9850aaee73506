// NAS-Bench-201 search benchmark: the real space file and the tabular estimator, so every number
// has a known optimum. Single objective: search by c10_valid, report c10_test of the
// best-by-validation architecture (mean ± std over seeds) for random, evolution and local search.
// Multi-objective (max:c10_valid, min:edgegpu_lat): true-front members found (of 25) and
// hypervolume ratio against the true front: random, nsga2 and mo-predictor. Peers are measured in the same run.

import * as path from 'node:path';
import type { TabularEstimator } from '../../src/core/estimate/tabular';
import { loadTableFile } from '../../src/core/estimate/tableFile';
import { runSearchLoop } from '../../src/core/search/loop';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import { parseObjective, type Objective } from '../../src/core/search/objectives';
import { createStrategy } from '../../src/core/search/strategies/index';
import type { SearchSpace } from '../../src/core/space/searchSpace';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { MO_OBJECTIVES, mean, meanStd, measureMo, trueFront } from './multiObjective';

const ROOT = path.resolve(__dirname, '../../..');
const SPACE_FILE = path.join(ROOT, 'examples/nas-bench-201.nasspace.ts');
const TABLE_FILE = process.env.NB201_TABLE ?? path.resolve(ROOT, '../shared/data/nb201.json');
const SEEDS = Number(process.env.SEEDS ?? 100);
const BUDGETS = [25, 50, 100, 150, 200, 300];
const MO_BUDGETS = [100, 300];
const MO_STRATEGIES = ['random', 'nsga2', 'mo-predictor'];

async function search(space: SearchSpace, table: TabularEstimator, strategy: string, objectives: Objective[], seed: number, budget: number) {
  const s = createStrategy(strategy, { space, objectives, constraints: [], seed, budget });
  const out = await runSearchLoop({ space, strategy: s, pool: new InProcessPool(table), objectives, constraints: [], budget: { evaluations: budget } });
  return out.records.filter((r) => r.status === 'ok');
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const { space } = await loadSpaceFile(SPACE_FILE);
  const table = loadTableFile(TABLE_FILE);
  console.log(`space ${space.name} (${space.size} architectures) and table loaded in ${Date.now() - t0} ms; ${SEEDS} seeds`);

  // Single objective.
  const single = [parseObjective('max:c10_valid')];
  const rows: string[][] = [['strategy', ...BUDGETS.map(String)]];
  for (const strategy of ['random', 'evolution', 'local']) {
    const row = [strategy];
    for (const budget of BUDGETS) {
      const tests: number[] = [];
      for (let seed = 0; seed < SEEDS; seed++) {
        const ok = await search(space, table, strategy, single, seed, budget);
        const best = ok.reduce((a, b) => (b.metrics.c10_valid > a.metrics.c10_valid ? b : a));
        tests.push(best.metrics.c10_test);
      }
      row.push(meanStd(tests));
    }
    rows.push(row);
  }
  console.log('\nc10_test of the best-by-c10_valid architecture (mean ± std); reference REA 93.92 ± 0.30, random 93.70 ± 0.36, best reachable 94.30');
  printTable(rows);

  // Multi-objective against the true front of the whole table.
  const truth = trueFront(space, table);
  const moRows: string[][] = [['strategy', ...MO_BUDGETS.flatMap((b) => [`found@${b}`, `HV ratio@${b}`])]];
  for (const strategy of MO_STRATEGIES) {
    const row = [strategy];
    for (const budget of MO_BUDGETS) {
      const r = await measureMo(space, table, truth, strategy, budget, SEEDS);
      row.push(`${meanStd(r.found)} / ${truth.keys.size}`, mean(r.ratio).toFixed(4));
    }
    moRows.push(row);
  }
  console.log(`\nmax:c10_valid, min:edgegpu_lat: true Pareto-optimal architectures found (of ${truth.keys.size}) and hypervolume ratio (reference: worst value of each objective in the table); target found@300 >= 6`);
  printTable(moRows);

  // One timed 300-evaluation search including loading, as a user would start it.
  const t1 = Date.now();
  const fresh = await loadSpaceFile(SPACE_FILE);
  const freshTable = loadTableFile(TABLE_FILE);
  await search(fresh.space, freshTable, 'evolution', single, 0, 300);
  const evolutionMs = Date.now() - t1;
  const t2 = Date.now();
  const moFresh = await loadSpaceFile(SPACE_FILE);
  await search(moFresh.space, loadTableFile(TABLE_FILE), 'mo-predictor', MO_OBJECTIVES, 0, 300);
  console.log(`\none 300-evaluation search incl. loading space and table: evolution ${evolutionMs} ms, mo-predictor ${Date.now() - t2} ms (whole benchmark ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
