// Benchmark 4 of issue 13: on 50 seeded random candidates of the MobileNetV2 example space
// (Fashion-MNIST), the Spearman correlation of each zero-cost proxy and of the ensemble with a
// reference training, and the seconds per candidate of each.
// Run: npm run bench:zc-fashion [-- --candidates 50 --seed 1 --repeats 2 --cache FILE --reference-only]
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from '../../src/core/rng';
import type { Architecture } from '../../src/core/space/types';
import { selectBackend } from '../../src/train/backend';
import { parseProxySettings } from '../../src/train/proxySettings';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { describeReference, referenceScores, type Candidate } from './reference';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      candidates: { type: 'string', default: '50' },
      seed: { type: 'string', default: '1' },
      repeats: { type: 'string', default: '2' },
      space: { type: 'string', default: 'examples/mobilenetv2.nasspace.ts' },
      cache: { type: 'string', default: path.join(os.tmpdir(), 'nas-bench-zc', 'reference.json') },
      'reference-only': { type: 'boolean', default: false },
    },
  });
  const backend = await selectBackend();
  const { space } = await loadSpaceFile(values.space!);
  const rng = new Rng(Number(values.seed));
  const archs = new Map<string, Architecture>();
  const count = Number(values.candidates);
  for (let tries = 0; archs.size < count && tries < count * 100; tries++) {
    const a = space.sample(rng);
    archs.set(space.key(a), a);
  }
  const candidates: Candidate[] = [...archs].map(([key, arch]) => ({ key, arch, graph: space.decode(arch) }));
  const referenceSettings = { ...parseProxySettings({ ...(space.definition.train ?? {}), repeats: Number(values.repeats), seed: 0 }), latency: 0, threads: 1 };
  console.log(`backend ${backend.backend}; ${candidates.length} candidates of ${space.name} (sampler seed ${values.seed})`);
  console.log(`reference: ${describeReference(referenceSettings)}`);
  const reference = await referenceScores(candidates, referenceSettings, values.cache!, console.log);
  if (values['reference-only']) return;
  void reference;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
