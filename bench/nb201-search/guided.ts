// Benchmark 1 of issue 13: predictor-guided search on NAS-Bench-201, one objective. Searches by
// c10_valid, reports the c10_test of the best-by-validation cell at 50 and 100 evaluations (mean
// ± std over seeds) and the share of runs that reached the ceiling (the test accuracy of the
// best-valid cell, 94.30) by then. Configurations: the published zero-cost scores
// (nb201-zc.json) as cheap metrics, not counted (the NAS-Bench-Suite-Zero protocol); the same
// counting each cheap score as 1/100 of an evaluation; no cheap metrics; evolution as the anchor.
// SEEDS=n (default 100), SEED0=n the first seed (tune on other seeds than those reported); OPTIONS='{"name":value}' for predictor-guided;
// COUNTED_OPTIONS for the counted run (default: smaller pools, so the cheap work stays small).

import * as path from 'node:path';
import { cheapEvaluator } from '../../src/core/estimate/cheap';
import { loadTableFile } from '../../src/core/estimate/tableFile';
import type { TabularEstimator } from '../../src/core/estimate/tabular';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import type { CandidateRecord } from '../../src/core/run/types';
import { runSearchLoop } from '../../src/core/search/loop';
import { parseObjective } from '../../src/core/search/objectives';
import { createStrategy } from '../../src/core/search/strategies/index';
import type { SearchSpace } from '../../src/core/space/searchSpace';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { mean, meanStd } from './multiObjective';

const ROOT = path.resolve(__dirname, '../../..');
const SPACE_FILE = path.join(ROOT, 'examples/nas-bench-201.nasspace.ts');
const TABLE_FILE = process.env.NB201_TABLE ?? path.resolve(ROOT, '../shared/data/nb201.json');
const ZC_FILE = process.env.NB201_ZC ?? path.resolve(ROOT, '../shared/data/nb201-zc.json');
const SEEDS = Number(process.env.SEEDS ?? 100);
const SEED0 = Number(process.env.SEED0 ?? 0);
const CHECKPOINTS = [50, 100];
const OBJECTIVES = [parseObjective('max:c10_valid')];
const COUNTED_DEFAULTS = { warmPool: 300, uniform: 20 };

interface Config {
  label: string;
  strategy: string;
  cheap?: TabularEstimator;
  options?: Record<string, number>;
  /** Cost of one cheap score in evaluations (0: not counted). */
  cheapCost: number;
}

async function runOnce(space: SearchSpace, table: TabularEstimator, c: Config, seed: number, budget: number) {
  const cheap = c.cheap ? cheapEvaluator(space, [c.cheap]) : undefined;
  const strategy = createStrategy(c.strategy, { space, objectives: OBJECTIVES, constraints: [], seed, budget, options: c.options, cheapMetrics: cheap?.metricNames() });
  /** Cheap scores made before each evaluation count (index: evaluations done). */
  const cheapBefore: number[] = [];
  const out = await runSearchLoop({
    space, strategy, pool: new InProcessPool(table), objectives: OBJECTIVES, constraints: [], budget: { evaluations: budget }, cheap,
    cheapSink: { appendCheap: (r) => { cheapBefore[r.evaluated] = (cheapBefore[r.evaluated] ?? 0) + 1; } },
  });
  return { records: out.records, cheapBefore };
}

/** c10_test of the best-by-valid among the records whose cost (evaluations + counted cheap scores) is within `limit`. */
function bestWithin(records: CandidateRecord[], cheapBefore: number[], cost: number, limit: number): { test: number; cheap: number } {
  let best: CandidateRecord | undefined;
  let cheap = 0;
  for (const r of records) {
    cheap += cheapBefore[r.index] ?? 0;
    if (r.index + 1 + cheap * cost > limit) break;
    if (r.status === 'ok' && (!best || r.metrics.c10_valid > best.metrics.c10_valid)) best = r;
  }
  return { test: best?.metrics.c10_test ?? NaN, cheap };
}

async function main(): Promise<void> {
  // As `nas search` runs by default (skipDegenerate): distinct networks only, one member per class
  // of isomorphic cells (8,764 of 15,625; the best-valid cell is one). KEEP_DEGENERATE=1: all cells.
  const loaded = (await loadSpaceFile(SPACE_FILE)).space;
  const space = process.env.KEEP_DEGENERATE === '1' ? loaded : loaded.distinctNetworks();
  const table = loadTableFile(TABLE_FILE);
  const zc = loadTableFile(ZC_FILE);
  let ceiling = { valid: -Infinity, test: 0 };
  for (const arch of space.enumerate()) {
    const m = table.lookup(space.key(arch));
    if (m && m.c10_valid > ceiling.valid) ceiling = { valid: m.c10_valid, test: m.c10_test };
  }
  const options = process.env.OPTIONS ? (JSON.parse(process.env.OPTIONS) as Record<string, number>) : undefined;
  const counted = process.env.COUNTED_OPTIONS ? (JSON.parse(process.env.COUNTED_OPTIONS) as Record<string, number>) : COUNTED_DEFAULTS;
  const configs: Config[] = [
    { label: 'predictor-guided, zero-cost cheap (not counted)', strategy: 'predictor-guided', cheap: zc, options, cheapCost: 0 },
    { label: 'predictor-guided, zero-cost cheap at 1/100 each', strategy: 'predictor-guided', cheap: zc, options: { ...counted, ...options }, cheapCost: 0.01 },
    { label: 'predictor-guided, no cheap metrics', strategy: 'predictor-guided', options, cheapCost: 0 },
    { label: 'predictor-guided (gp), no cheap metrics', strategy: 'predictor-guided', options: { ...options, predictor: 1 }, cheapCost: 0 },
    { label: 'evolution', strategy: 'evolution', cheapCost: 0 },
  ];
  const only = process.env.CONFIGS?.split(',').map(Number);
  console.log(`NAS-Bench-201, max:c10_valid, c10_test of the best-by-valid; ceiling ${ceiling.test.toFixed(2)}; ${SEEDS} seeds from ${SEED0}`);
  for (const [n, c] of configs.entries()) {
    if (only && !only.includes(n)) continue;
    const t0 = Date.now();
    const at = CHECKPOINTS.map(() => ({ tests: [] as number[], cheap: [] as number[] }));
    for (let seed = SEED0; seed < SEED0 + SEEDS; seed++) {
      const { records, cheapBefore } = await runOnce(space, table, c, seed, Math.max(...CHECKPOINTS));
      CHECKPOINTS.forEach((limit, k) => {
        const b = bestWithin(records, cheapBefore, c.cheapCost, limit);
        at[k].tests.push(b.test);
        at[k].cheap.push(b.cheap);
      });
    }
    const cells = CHECKPOINTS.map((limit, k) => {
      const reached = at[k].tests.filter((t) => t >= ceiling.test - 1e-9).length / SEEDS;
      return `@${limit}: ${meanStd(at[k].tests)}, ceiling in ${(100 * reached).toFixed(0)}%, cheap scores ${mean(at[k].cheap).toFixed(0)}`;
    });
    console.log(`${c.label.padEnd(50)} ${cells.join(' | ')}  (${((Date.now() - t0) / SEEDS).toFixed(0)} ms/run)`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
