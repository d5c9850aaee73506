// What several evaluations at once cost each strategy per evaluation on NAS-Bench-201: the best
// c10_valid found (single objective) or the true Pareto cells found (c10_valid, edgegpu_lat),
// with 1, 3 and 8 in flight. The table answers at once and in order, so this measures the
// proposals made before earlier results are in, not timing. SEEDS=n BUDGET=n STRATEGIES=a,b
//   node esbuild.js && node out/bench/nb201-search/parallel.js

import * as path from 'node:path';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import { loadTableFile } from '../../src/core/estimate/tableFile';
import { runSearchLoop } from '../../src/core/search/loop';
import { parseObjective } from '../../src/core/search/objectives';
import { createStrategy } from '../../src/core/search/strategies/index';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { MO_OBJECTIVES, trueFront } from './multiObjective';

const ROOT = path.resolve(__dirname, '../../..');
const SPACE_FILE = path.join(ROOT, 'examples/nas-bench-201.nasspace.ts');
const TABLE_FILE = process.env.NB201_TABLE ?? path.resolve(ROOT, '../shared/data/nb201.json');
const MULTI = new Set(['random', 'nsga2', 'mo-predictor']);

async function main(): Promise<void> {
  const { space } = await loadSpaceFile(SPACE_FILE);
  const table = loadTableFile(TABLE_FILE);
  const truth = trueFront(space, table).keys;
  const seeds = Number(process.env.SEEDS ?? 40);
  const budget = Number(process.env.BUDGET ?? 150);
  const strategies = (process.env.STRATEGIES ?? 'random,evolution,local,nsga2,mo-predictor').split(',');
  console.log(`${budget} evaluations, mean of ${seeds} seeds`);
  for (const name of strategies) {
    const multi = MULTI.has(name);
    const objectives = multi ? MO_OBJECTIVES : [parseObjective('max:c10_valid')];
    const cells: string[] = [];
    for (const parallel of [1, 3, 8]) {
      let total = 0;
      for (let seed = 0; seed < seeds; seed++) {
        const strategy = createStrategy(name, { space, objectives, constraints: [], seed, budget });
        const { records } = await runSearchLoop({ space, strategy, pool: new InProcessPool(table, parallel), objectives, constraints: [], budget: { evaluations: budget } });
        const ok = records.filter((r) => r.status === 'ok');
        total += multi ? ok.filter((r) => truth.has(r.key)).length : Math.max(...ok.map((r) => r.metrics.c10_valid));
      }
      cells.push(`${parallel} at once ${(total / seeds).toFixed(2)}`);
    }
    console.log(`${name.padEnd(13)} ${multi ? 'true Pareto cells' : 'best c10_valid   '}  ${cells.join('   ')}`);
  }
}

void main();
