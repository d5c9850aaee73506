// Where a candidate's zero-cost seconds go: each proxy alone on a few candidates of a space, after
// a warm-up; wall seconds and the process's CPU seconds (all threads), which on a shared machine
// say more than the wall time: an idle 2-core machine runs a candidate in at most its CPU time.
// Run: node out/bench/zero-cost/profile.js [space file] [batch size]
import { Rng } from '../../src/core/rng';
import { ZC_PROXIES } from '../../src/core/estimate/estimators/zeroCost';
import { selectBackend } from '../../src/train/backend';
import { loadProxyBatch, scoreGraph } from '../../src/train/zeroCost/proxies';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

async function main(): Promise<void> {
  await selectBackend();
  const { space } = await loadSpaceFile(process.argv[2] ?? 'examples/mobilenetv2.nasspace.ts');
  const batchSize = Number(process.argv[3] ?? 32);
  const batch = loadProxyBatch({ dataset: 'builtin', seed: 0, batchSize });
  const rng = new Rng(1);
  const graphs = Array.from({ length: 4 }, () => space.decode(space.sample(rng)));
  scoreGraph(graphs[0], ZC_PROXIES, batch);
  for (const p of [...ZC_PROXIES.map((x) => [x]), ZC_PROXIES]) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (const g of graphs) scoreGraph(g, p, batch);
    const used = process.cpuUsage(cpu);
    const perGraph = (x: number) => (x / graphs.length).toFixed(3);
    console.log(`${p.join('+').padEnd(40)} wall ${perGraph((performance.now() - start) / 1000)} s, CPU ${perGraph((used.user + used.system) / 1e6)} s per candidate`);
  }
}
void main();
