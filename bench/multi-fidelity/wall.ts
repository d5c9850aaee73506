// Wall time of a 40-candidate multi-fidelity proxy search on 2 cores, and its split. The search is
// the product's own path: `nas search --strategy halving --option async=1` (ASHA, eta 2, epochs
// 1..4 on the example MobileNetV2 space, 500 training images at 14x14, one training per
// candidate) through the Redis queue with two `nas worker` processes, one per core (in one
// process, trainings share one thread). The peer runs at the same time, so both see the same
// load from whatever else the machine is doing: the same search in one process, one evaluation
// at a time, with a smaller budget (--peer-budget); compare their evaluations per minute.
// Split, from the run log:
// - training: the candidates' train_time_s (the fits themselves);
// - evaluation overhead: each evaluation's durationMs less its training (model build, data,
//   validation, checkpoint save/restore, the queue's round trip);
// - waiting and loop overhead: lanes x wall less the evaluations' durations (a lane with nothing
//   to do, the strategy's own work, the records written).
// Needs redis-server on PATH. Run: node esbuild.js && node out/bench/multi-fidelity/wall.js [--budget 70] [--peer-budget 24] [--port 6391]
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCandidateLog } from '../../src/core/run/records';
import { finalRecords } from '../../src/core/run/rungs';

const ROOT = path.resolve(__dirname, '../../..');
const NAS = path.join(ROOT, 'out/src/cli/main.js');
const SPACE = path.join(ROOT, 'examples/mobilenetv2.nasspace.ts');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { budget: { type: 'string', default: '70' }, 'peer-budget': { type: 'string', default: '24' }, port: { type: 'string', default: '6391' } } });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-mf-wall-'));
  const port = values.port;
  const redis = spawnSync('redis-server', ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--pidfile', path.join(tmp, 'redis.pid')]);
  if (redis.status !== 0) throw new Error(`redis-server did not start: ${redis.stderr}`);
  const queue = `redis://127.0.0.1:${port}/mf-wall`;
  const args = (out: string, budget: string) => [NAS, 'search', SPACE, '--strategy', 'halving', '--option', 'async=1', '--option', 'eta=2', '--option', 'proposer=nsga2', '--budget', budget, '--seed', '0',
    '--objective', 'max:val_acc', '--objective', 'min:params', '--train', 'epochs=4', '--train', 'subset=500', '--train', 'validationSubset=500', '--train', 'repeats=1', '--train', 'latency=0', '--out', out];
  console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} on ${os.cpus().length} cores`);
  const workers: ChildProcess[] = [0, 1].map(() => spawn(process.execPath, [NAS, 'worker', '--queue', queue], { stdio: 'ignore' }));
  let rows: string[];
  try {
    rows = await Promise.all([
      measure('ASHA, queue, 2 workers (2 lanes)', [...args(path.join(tmp, 'queue'), values.budget), '--queue', queue, '--parallel', '2'], path.join(tmp, 'queue'), 2),
      measure('peer at the same time: ASHA, one process, 1 lane', args(path.join(tmp, 'local'), values['peer-budget']), path.join(tmp, 'local'), 1),
    ]);
  } finally {
    for (const w of workers) w.kill('SIGINT');
    spawnSync('redis-cli', ['-p', port, 'shutdown', 'nosave']);
  }
  console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`);
  console.log('\n| search | candidates | evaluations | wall s | evaluations/min | training s | evaluation overhead s | lane-seconds waiting or loop overhead |\n|---|---:|---:|---:|---:|---:|---:|---:|');
  console.log(rows.join('\n'));
}

async function measure(name: string, argv: string[], out: string, lanes: number): Promise<string> {
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve) => spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'inherit'] }).on('exit', resolve));
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`${name}: nas search exited with ${code}`);
  const { records } = parseCandidateLog(fs.readFileSync(path.join(out, 'candidates.jsonl'), 'utf8'), out);
  const training = records.reduce((a, r) => a + (r.metrics.train_time_s ?? 0), 0);
  const evaluating = records.reduce((a, r) => a + r.durationMs / 1000, 0);
  const row = `| ${name} | ${finalRecords(records).length} | ${records.length} | ${wall.toFixed(0)} | ${((60 * records.length) / wall).toFixed(1)} | ${training.toFixed(0)} (${pct(training, lanes * wall)}) | ${(evaluating - training).toFixed(0)} (${pct(evaluating - training, lanes * wall)}) | ${(lanes * wall - evaluating).toFixed(0)} (${pct(lanes * wall - evaluating, lanes * wall)}) |`;
  console.log(row);
  return row;
}

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
