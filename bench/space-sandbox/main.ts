// What confining space files costs (issue 11): `nas space` on each example and a 300-evaluation
// NAS-Bench-201 table search through the real `nas` command, against a bare `node -e 0` start in
// the same run (this machine's speed varies), and the price of one constraint call, which now
// crosses into the confined process (first call per architecture; repeats are cached).
// Usage: npm run build && node out/bench/space-sandbox/main.js [--table <nb201.json>] [--rounds 7]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const root = path.resolve(__dirname, '..', '..', '..');
const { values } = parseArgs({ options: { table: { type: 'string', default: path.resolve(root, '..', 'shared', 'data', 'nb201.json') }, rounds: { type: 'string', default: '7' } } });
const rounds = Number(values.rounds);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-bench-sandbox-'));
const nas = path.join(root, 'bin', 'nas.js');
const example = (name: string) => path.join(root, 'examples', `${name}.nasspace.ts`);

function wall(args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: tmp, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows: [string, string[] | null][] = [
  ['node -e 0 (peer: bare process start)', ['-e', '0']],
  ...['mobilenetv2', 'nas-bench-201', 'vgg16-kernels'].map((n): [string, string[]] => [`nas space ${n}`, [nas, 'space', example(n), '--json']]),
];
const haveTable = fs.existsSync(values.table!);
if (!haveTable) console.log(`(no table at ${values.table}: the search row is skipped; pass --table)`);
const times = rows.map(() => [] as number[]);
const search: number[] = [];
for (let i = 0; i < rounds; i++) {
  rows.forEach(([, args], k) => times[k].push(wall(args!)));
  if (haveTable) search.push(wall([nas, 'search', example('nas-bench-201'), '--estimator', `table:${values.table}`, '--budget', '300', '--seed', String(i), '--objective', 'max:c10_valid', '--json', '--out', path.join(tmp, `run-${i}`)]));
}

async function constraintCalls(): Promise<{ first: number; cached: number; n: number }> {
  const file = path.join(tmp, 'constrained.nasspace.ts');
  fs.copyFileSync(example('mobilenetv2'), file);
  // The example plus a constraint that reads the decoded graph, as a real one would.
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/defineSpace\(\{/, "defineSpace({\n  constraint: (arch) => arch.graph.params < 10_000_000 || 'too big',"));
  const { space } = await loadSpaceFile(file);
  const archs = Array.from({ length: 2000 }, (_, i) => space.unrank(BigInt(i) * 7_000_003n % space.size));
  const time = () => {
    const t = process.hrtime.bigint();
    for (const a of archs) space.check(a);
    return Number(process.hrtime.bigint() - t) / 1e6 / archs.length;
  };
  const first = time();
  return { first, cached: time(), n: archs.length };
}

void (async () => {
  const peer = median(times[0]);
  console.log(`wall time, median of ${rounds} rounds`);
  const line = (name: string, ms: number) => console.log(`${name.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms   ${(ms / peer).toFixed(1).padStart(5)}x node start`);
  rows.forEach(([name], k) => line(name, median(times[k])));
  if (haveTable) line('nas search nas-bench-201 table, 300 evals', median(search));
  const c = await constraintCalls();
  console.log(`\nconstraint check (mobilenetv2 + a graph-reading constraint), ${c.n} architectures: ${(c.first * 1000).toFixed(0)} us each the first time, ${(c.cached * 1000).toFixed(1)} us again`);
  fs.rmSync(tmp, { recursive: true, force: true });
})();
