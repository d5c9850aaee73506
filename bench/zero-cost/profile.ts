// Where a candidate's zero-cost seconds go: each proxy alone on a few MobileNetV2 candidates, timed after a warm-up.
import { Rng } from '../../src/core/rng';
import { ZC_PROXIES } from '../../src/core/estimate/estimators/zeroCost';
import { selectBackend } from '../../src/train/backend';
import { loadProxyBatch, scoreGraph } from '../../src/train/zeroCost/proxies';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

async function main(): Promise<void> {
  await selectBackend();
  const { space } = await loadSpaceFile(process.argv[2] ?? 'examples/mobilenetv2.nasspace.ts');
  const batchSize = Number(process.argv[3] ?? 64);
  const batch = loadProxyBatch({ dataset: 'builtin', seed: 0, batchSize });
  const rng = new Rng(1);
  const graphs = Array.from({ length: 4 }, () => space.decode(space.sample(rng)));
  scoreGraph(graphs[0], ZC_PROXIES, batch);
  for (const p of [...ZC_PROXIES.map((x) => [x]), ZC_PROXIES]) {
    const start = performance.now();
    for (const g of graphs) scoreGraph(g, p, batch);
    console.log(`${p.join('+').padEnd(40)} ${((performance.now() - start) / 1000 / graphs.length).toFixed(3)} s`);
  }
}
void main();
