// Only the multi-objective part of bench:nb201, for tuning: STRATEGIES=a,b SEEDS=n BUDGET=n
// OPTIONS='{"name":value}' (applied to mo-predictor); ZC=1 adds the published zero-cost scores
// (nb201-zc.json) as cheap metrics (used by mo-predictor's trees, predictor=1).

import * as path from 'node:path';
import { cheapEvaluator } from '../../src/core/estimate/cheap';
import { loadTableFile } from '../../src/core/estimate/tableFile';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { mean, meanStd, measureMo, trueFront } from './multiObjective';

const ROOT = path.resolve(__dirname, '../../..');
const SPACE_FILE = path.join(ROOT, 'examples/nas-bench-201.nasspace.ts');
const TABLE_FILE = process.env.NB201_TABLE ?? path.resolve(ROOT, '../shared/data/nb201.json');
const ZC_FILE = process.env.NB201_ZC ?? path.resolve(ROOT, '../shared/data/nb201-zc.json');

async function main(): Promise<void> {
  const { space } = await loadSpaceFile(SPACE_FILE);
  const table = loadTableFile(TABLE_FILE);
  const truth = trueFront(space, table);
  const seeds = Number(process.env.SEEDS ?? 100);
  const budget = Number(process.env.BUDGET ?? 300);
  const options = process.env.OPTIONS ? (JSON.parse(process.env.OPTIONS) as Record<string, number>) : undefined;
  const strategies = (process.env.STRATEGIES ?? 'random,nsga2').split(',');
  for (const strategy of strategies) {
    const cheap = process.env.ZC ? cheapEvaluator(space, [loadTableFile(ZC_FILE)]) : undefined;
    const r = await measureMo(space, table, truth, strategy, budget, seeds, strategy === 'mo-predictor' ? options : undefined, cheap);
    console.log(`${strategy.padEnd(14)} found ${meanStd(r.found)} / ${truth.keys.size}  HV ratio ${mean(r.ratio).toFixed(4)}  ${mean(r.ms).toFixed(0)} ms/search`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
