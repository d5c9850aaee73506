// Parallel repeats: wall time of the proxy estimator on the example MobileNetV2 space with the
// space's training settings, its repeats trained one after another (threads=1) and at the same
// time on training threads (threads=0: one per core), measured back to back per candidate on
// the same seeded candidates, alternating which goes first. Prints per-candidate seconds, the
// median ratio parallel / sequential, and checks that both give the same val_acc.
// Run: npm run bench:parallel [-- --candidates 6 --seed 2 --proxy repeats=4]
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { Rng } from '../../src/core/rng';
import { selectBackend } from '../../src/train/backend';
import { ProxyEstimator } from '../../src/train/proxyEstimator';
import { parseProxySettings } from '../../src/train/proxySettings';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { proxyOverrides } from '../proxyOverrides';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      candidates: { type: 'string', default: '6' },
      seed: { type: 'string', default: '2' },
      space: { type: 'string', default: 'examples/mobilenetv2.nasspace.ts' },
      proxy: { type: 'string', multiple: true, default: [] },
    },
  });
  const backend = await selectBackend();
  const { space } = await loadSpaceFile(values.space!);
  const settings = { ...parseProxySettings({ ...(space.definition.train ?? {}), ...proxyOverrides(values.proxy!) }), latency: 0 };
  if (settings.repeats < 2) throw new Error(`the space trains each candidate once (repeats=${settings.repeats}): nothing to run in parallel; try --proxy repeats=4`);
  const sequential = new ProxyEstimator({ ...settings, threads: 1 });
  const parallel = new ProxyEstimator({ ...settings, threads: 0 });
  console.log(`backend ${backend.backend}, ${os.availableParallelism()} cores; ${space.name}, repeats=${settings.repeats}, downscale=${settings.downscale}, subset=${settings.subset}`);

  const rng = new Rng(Number(values.seed));
  const ratios: number[] = [];
  console.log('| # | candidate | sequential s | parallel s | parallel / sequential | same val_acc |');
  console.log('|---|---|---:|---:|---:|---|');
  // One warm-up candidate per estimator (thread start-up, kernel compilation) before timing.
  for (let i = -1; i < Number(values.candidates); i++) {
    const arch = space.sample(rng);
    const request = { key: space.key(arch), encoding: [...arch.encoding], graph: space.decode(arch) };
    const timed = async (e: ProxyEstimator) => {
      const start = performance.now();
      const r = await e.evaluate(request);
      if (r.status !== 'ok') throw new Error(`${request.key}: ${r.error}`);
      return { seconds: (performance.now() - start) / 1000, valAcc: r.metrics.val_acc };
    };
    const [a, b] = i % 2 === 0 ? [sequential, parallel] : [parallel, sequential];
    const first = await timed(a);
    const second = await timed(b);
    const [seq, par] = a === sequential ? [first, second] : [second, first];
    if (i < 0) continue;
    ratios.push(par.seconds / seq.seconds);
    console.log(`| ${i + 1} | ${request.key} | ${seq.seconds.toFixed(1)} | ${par.seconds.toFixed(1)} | ${(par.seconds / seq.seconds).toFixed(2)} | ${seq.valAcc === par.valAcc ? 'yes' : `NO: ${seq.valAcc} vs ${par.valAcc}`} |`);
  }
  ratios.sort((x, y) => x - y);
  const median = (ratios[Math.floor((ratios.length - 1) / 2)] + ratios[Math.ceil((ratios.length - 1) / 2)]) / 2;
  const lanes = parallel.parallelTrainings();
  console.log(`\nmedian parallel / sequential wall time: ${median.toFixed(2)}x (ideal on ${lanes} lane${lanes === 1 ? '' : 's'}: ${(Math.ceil(settings.repeats / lanes) / settings.repeats).toFixed(2)}x)`);
  await sequential.dispose();
  await parallel.dispose();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
