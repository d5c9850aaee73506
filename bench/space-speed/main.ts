// Issue 15's speed targets: sampled architectures per second on the DARTS and NAS-Bench-201
// spaces (target: at least 100,000/s each), the DARTS space's compile + count and its degenerate
// count (target: under 50 ms), and `nas space` on the DARTS example end to end (target: well
// under a second), with a bare `node -e 0` start as the peer, since this machine's speed varies.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Rng } from '../../src/core/rng';
import { CompiledSearchSpace } from '../../src/core/space/space';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const root = path.resolve(__dirname, '..', '..', '..');
const example = (name: string) => path.join(root, 'examples', `${name}.nasspace.ts`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

async function main(): Promise<void> {
  for (const name of ['darts', 'nas-bench-201']) {
    const { space } = await loadSpaceFile(example(name));
    const distinct = space.distinctNetworks();
    for (const [label, s] of [['every member', space], ['distinct networks', distinct]] as const) {
      const rng = new Rng(1);
      let n = 0;
      const t = process.hrtime.bigint();
      while (ms(t) < 1000) {
        for (let i = 0; i < 1000; i++) s.key(s.sample(rng));
        n += 1000;
      }
      console.log(`${name.padEnd(14)} ${label.padEnd(18)} ${Math.round(n / (ms(t) / 1000)).toLocaleString('en-US').padStart(10)} samples/s (sample + key)`);
    }
  }
  const { space } = await loadSpaceFile(example('darts'));
  const compile = [];
  for (let i = 0; i < 7; i++) {
    const t = process.hrtime.bigint();
    // The size is counted in the constructor.
    void new CompiledSearchSpace(space.definition).degenerateCount;
    compile.push(ms(t));
  }
  console.log(`darts          compile + count + degenerate count   ${median(compile).toFixed(1)} ms (median of 7)`);
  const wall = (args: string[]) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    return ms(t);
  };
  const peer = [];
  const cli = [];
  for (let i = 0; i < 5; i++) {
    peer.push(wall(['-e', '0']));
    cli.push(wall([path.join(root, 'bin', 'nas.js'), 'space', example('darts'), '--json']));
  }
  console.log(`darts          nas space --json                     ${median(cli).toFixed(0)} ms wall (node -e 0: ${median(peer).toFixed(0)} ms)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
