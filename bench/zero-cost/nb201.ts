// Zero-cost proxies on NAS-Bench-201 against NAS-Bench-Suite-Zero's published values
// (../shared/data/nb201-zc.json, 9,445 cells, CIFAR-10 setting: C=16, N=5, 32x32x3 input, as
// examples/nas-bench-201.nasspace.ts decodes): (1) our data-free synflow on --cells seeded
// random cells, Spearman with theirs (target >= 0.95), seconds per cell; (2) the label-free
// rank aggregation of the PUBLISHED proxies against CIFAR-10 test accuracy (nb201.json), for
// the zc ensemble's default members and the anchors of the issue.
// Run: npm run bench:zc-nb201 [-- --cells 200 --seed 1 --data ../shared/data]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ZC_DEFAULT_ENSEMBLE } from '../../src/core/estimate/estimators/zeroCost';
import { aggregateRanks, spearman } from '../../src/core/estimate/ranks';
import { Rng } from '../../src/core/rng';
import { selectBackend } from '../../src/train/backend';
import { scoreGraph } from '../../src/train/zeroCost/proxies';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const TARGET = 0.95;
type Table = Record<string, Record<string, number>>;

export async function synflowAgreement(zc: Table, cells: number, seed: number, log: (line: string) => void = () => {}): Promise<{ rho: number; seconds: number; scored: number }> {
  const { space } = await loadSpaceFile(path.join(__dirname, '../../../examples/nas-bench-201.nasspace.ts'));
  const keys = Object.keys(zc).sort();
  const rng = new Rng(seed);
  const picked = new Set<string>();
  while (picked.size < Math.min(cells, keys.length)) picked.add(keys[rng.int(keys.length)]);
  const ours: number[] = [];
  const theirs: number[] = [];
  const start = performance.now();
  for (const key of picked) {
    const graph = space.decode(space.fromKey(key));
    const value = scoreGraph(graph, ['synflow'], undefined, 0).synflow!;
    if (!Number.isFinite(value)) continue;
    ours.push(value);
    theirs.push(zc[key].synflow);
    if (ours.length % 50 === 0) log(`  ${ours.length} cells, Spearman so far ${spearman(ours, theirs).toFixed(4)}`);
  }
  return { rho: spearman(ours, theirs), seconds: (performance.now() - start) / 1000 / picked.size, scored: ours.length };
}

/** Spearman with c10_test of each published proxy and of rank sums of member sets. */
export function publishedEnsembles(zc: Table, accuracy: Table, sets: readonly (readonly string[])[]): { name: string; rho: number }[] {
  const keys = Object.keys(zc).filter((k) => accuracy[k]);
  const y = keys.map((k) => accuracy[k].c10_test);
  const singles = ['synflow', 'jacov', 'nwot', 'snip', 'grad_norm', 'fisher', 'params', 'flops'];
  return [
    ...singles.map((m) => ({ name: m, rho: spearman(keys.map((k) => zc[k][m]), y) })),
    ...sets.map((set) => ({ name: `rank sum ${set.join(' + ')}`, rho: spearman(aggregateRanks(set.map((m) => keys.map((k) => zc[k][m]))), y) })),
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cells: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' }, data: { type: 'string', default: path.join(__dirname, '../../../../shared/data') } } });
  const read = (f: string): Table => JSON.parse(fs.readFileSync(path.join(values.data!, f), 'utf8'));
  const zc = read('nb201-zc.json');
  const backend = await selectBackend();
  console.log(`backend ${backend.backend}; published: ${Object.keys(zc).length} cells`);
  const r = await synflowAgreement(zc, Number(values.cells), Number(values.seed), console.log);
  console.log(`synflow (ours, data-free, float32 rescaled) vs published on ${r.scored} cells: Spearman ${r.rho.toFixed(4)}  target >= ${TARGET}: ${r.rho >= TARGET ? 'MET' : 'NOT MET'}; ${r.seconds.toFixed(3)} s per cell`);
  const sets = [ZC_DEFAULT_ENSEMBLE, ['synflow', 'jacov'], ['synflow', 'jacov', 'nwot', 'snip', 'grad_norm', 'fisher'], ['synflow', 'jacov', 'nwot', 'snip', 'grad_norm', 'fisher', 'params', 'flops'], [...ZC_DEFAULT_ENSEMBLE, 'params']];
  console.log('\npublished proxies vs c10_test (Spearman, all cells with both):');
  for (const e of publishedEnsembles(zc, read('nb201.json'), sets)) console.log(`  ${e.name.padEnd(70)} ${e.rho.toFixed(3)}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
