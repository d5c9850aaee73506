// Benchmark 3: a latency-constrained search on NAS-Bench-201 for the edge GPU (HW-NAS-Bench),
// max:c10_valid under edgegpu latency <= its 25% quantile, where the latency is predicted from
// 20 measured cells (a profile fitted as `nas device fit --from <each of HELP's meta-training
// devices>` fits it: nb201Data.ts helpSources; `--no-transfer`: without them), constraint on
// latency_ms@edgegpu through the cost gate) versus the true table latency (constraint on
// edgegpu_lat). Reports the c10_test of the best feasible architecture found (by c10_valid) and
// how many of the chosen ones are truly infeasible.
import * as path from 'node:path';
import { loadTableFile } from '../../src/core/estimate/tableFile';
import { Rng } from '../../src/core/rng';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import { runSearchLoop } from '../../src/core/search/loop';
import { parseConstraint, parseObjective } from '../../src/core/search/objectives';
import { createStrategy } from '../../src/core/search/strategies/index';
import { withCostGate } from '../../src/hardware/costGate';
import { profileLatency } from '../../src/hardware/deviceLatency';
import { emptyProfile } from '../../src/hardware/deviceProfile';
import { describeFeatureModel, fitFeatureModel } from '../../src/hardware/latencyModel';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { DATA_DIR, helpSources, loadLatencySets } from './nb201Data';

const ROOT = path.resolve(__dirname, '../../..');
const SEEDS = Number(process.env.SEEDS ?? 10);
const BUDGET = Number(process.env.BUDGET ?? 150);

async function main(): Promise<void> {
  const { space } = await loadSpaceFile(path.join(ROOT, 'examples/nas-bench-201.nasspace.ts'));
  const table = loadTableFile(path.join(DATA_DIR, 'nb201.json'));
  const rows = [...space.enumerate()].map((a) => ({ key: space.key(a), m: table.lookup(space.key(a))! }));
  const lat = rows.map((r) => r.m.edgegpu_lat).sort((a, b) => a - b);
  const bound = lat[Math.floor(0.25 * lat.length)];
  const oracle = Math.max(...rows.filter((r) => r.m.edgegpu_lat <= bound).map((r) => r.m.c10_test));
  console.log(`edgegpu_lat 25% quantile ${bound.toFixed(3)} ms; best c10_test under it (oracle) ${oracle.toFixed(2)}; ${SEEDS} seeds, evolution, budget ${BUDGET}`);
  const objectives = [parseObjective('max:c10_valid')];
  const help = loadLatencySets();
  const bases = process.argv.includes('--no-transfer') ? [] : helpSources(help.keys, help.sets, help.keys.map((k) => space.decode(space.fromKey(k))));
  const chosen: string[] = [];
  const report: Record<string, { test: number[]; infeasible: number; evaluatedInfeasible: number; evaluated: number }> = {};
  for (let seed = 0; seed < SEEDS; seed++) {
    const rng = new Rng(1000 + seed);
    const measured = Array.from({ length: 20 }, () => rows[Math.floor(rng.next() * rows.length)]);
    const fitted = fitFeatureModel(measured.map((r) => ({ graph: space.decode(space.fromKey(r.key)), ms: r.m.edgegpu_lat, key: r.key })), bases);
    chosen.push(describeFeatureModel(fitted.model));
    const device = profileLatency({ ...emptyProfile('edgegpu', 'measured', '20 cells', 'measurements'), model: fitted.model });
    for (const [mode, constraint, devices] of [['true table latency', 'edgegpu_lat', []], ['predicted from 20 cells', 'latency_ms@edgegpu', [device]]] as const) {
      const constraints = [parseConstraint(`${constraint}<=${bound}`)];
      const strategy = createStrategy('evolution', { space, objectives, constraints, seed, budget: BUDGET });
      const estimator = withCostGate(table, objectives, constraints, devices);
      const out = await runSearchLoop({ space, strategy, pool: new InProcessPool(estimator), objectives, constraints, budget: { evaluations: BUDGET }, includeGraph: estimator.needsGraph });
      const feasible = out.records.filter((r) => r.status === 'ok' && r.feasible !== false);
      const best = feasible.reduce<(typeof feasible)[number] | undefined>((a, b) => (!a || b.metrics.c10_valid > a.metrics.c10_valid ? b : a), undefined);
      const entry = (report[mode] ??= { test: [], infeasible: 0, evaluatedInfeasible: 0, evaluated: 0 });
      if (best) entry.test.push(best.metrics.c10_test);
      if (best && best.metrics.edgegpu_lat > bound) entry.infeasible++;
      entry.evaluated += feasible.length;
      entry.evaluatedInfeasible += feasible.filter((r) => r.metrics.edgegpu_lat > bound).length;
    }
  }
  console.log(`model per seed:\n  ${chosen.join('\n  ')}`);
  for (const [mode, r] of Object.entries(report)) {
    const mean = r.test.reduce((a, b) => a + b, 0) / r.test.length;
    console.log(`${mode.padEnd(24)} best feasible c10_test ${mean.toFixed(2)} (mean of ${r.test.length}); chosen best truly infeasible in ${r.infeasible}/${SEEDS} seeds; of the candidates it took as feasible, ${r.evaluatedInfeasible}/${r.evaluated} truly infeasible`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
