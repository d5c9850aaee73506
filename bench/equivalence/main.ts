// Refactoring guard (issue 10): the candidate lists of real `nas search` runs must not change when
// the code is reshaped. Runs the CLI of this checkout on NAS-Bench-201 for every strategy, two
// seeds, without a constraint, with a table-metric constraint and with an analytic one (the
// pre-training cost gate), plus a 3-candidate proxy training run, and reduces each run to what a
// user would compare: index, key, encoding, status, metrics, error and feasibility (timings and
// measured latency are left out: they differ from run to run).
//   node out/bench/equivalence/main.js --write bench/equivalence/baseline.json
//   node out/bench/equivalence/main.js --compare bench/equivalence/baseline.json
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const nas = path.join(root, 'bin', 'nas.js');
const table = path.resolve(root, '..', 'shared', 'data', 'nb201.json');
const STRATEGIES = ['random', 'grid', 'evolution', 'local', 'nsga2', 'mo-predictor'];
const CONSTRAINTS: (string | undefined)[] = [undefined, 'edgegpu_lat<=5', 'params<=800000'];
const SEEDS = [0, 1];
/** Metrics that are measured, not computed: they differ between two identical runs. */
const MEASURED = new Set(['latency_ms', 'latency_iqr_ms', 'train_time_s', 'samples_per_s']);

interface RunCase {
  name: string;
  args: string[];
}

function cases(): RunCase[] {
  const out: RunCase[] = [];
  if (fs.existsSync(table)) {
    const space = path.join(root, 'examples', 'nas-bench-201.nasspace.ts');
    for (const strategy of STRATEGIES) {
      for (const seed of SEEDS) {
        for (const constraint of CONSTRAINTS) {
          out.push({
            name: `nb201 ${strategy} seed ${seed}${constraint ? ` ${constraint}` : ''}`,
            // New runs skip degenerate and isomorphic cells (issue 15); the baseline's lists are those of every member.
            args: [space, '--keep-degenerate', '--estimator', `table:${table}`, '--strategy', strategy, '--seed', String(seed), '--budget', '60',
              '--objective', 'max:c10_valid', '--objective', 'min:edgegpu_lat', ...(constraint ? ['--constraint', constraint] : [])],
          });
        }
      }
    }
  } else {
    console.log(`skipping the NAS-Bench-201 runs: ${table} is absent`);
  }
  out.push({
    name: 'proxy mobilenetv2 random 3',
    args: [path.join(root, 'examples', 'mobilenetv2.nasspace.ts'), '--estimator', 'proxy', '--strategy', 'random', '--budget', '3',
      '--train', 'repeats=1', '--train', 'subset=600', '--train', 'epochs=1'],
  });
  return out;
}

type Row = Record<string, unknown>;

function digestRun(c: RunCase, tmp: string): Row[] {
  const out = path.join(tmp, c.name.replace(/[^a-z0-9]+/gi, '-'));
  const r = spawnSync(process.execPath, [nas, 'search', ...c.args, '--out', out, '--json'], { cwd: tmp, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${c.name}: nas search exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const lines = fs.readFileSync(path.join(out, 'candidates.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  return lines.map((line) => {
    const rec = JSON.parse(line) as Row;
    const metrics = Object.fromEntries(Object.entries((rec.metrics ?? {}) as Record<string, number>).filter(([k]) => !MEASURED.has(k)).sort(([a], [b]) => a.localeCompare(b)));
    return { index: rec.index, key: rec.key, encoding: rec.encoding, status: rec.status, metrics, error: rec.error ?? null, feasible: rec.feasible ?? null };
  });
}

const hash = (rows: Row[]) => createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);

function main(): void {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== '--write' && mode !== '--compare') || !file) {
    console.error('usage: main.js --write FILE | --compare FILE');
    process.exit(2);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-equivalence-'));
  const runs: Record<string, { candidates: number; sha256: string; rows: Row[] }> = {};
  try {
    for (const c of cases()) {
      const rows = digestRun(c, tmp);
      runs[c.name] = { candidates: rows.length, sha256: hash(rows), rows };
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (mode === '--write') {
    fs.writeFileSync(file, JSON.stringify(runs) + '\n');
    console.log(`wrote ${Object.keys(runs).length} runs to ${file}`);
    return;
  }
  const before = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof runs;
  let same = 0;
  const differ: string[] = [];
  // A metric the code now adds (a new analytic cost, say) is an addition, not a change: each
  // record is compared on the metrics it had before, and the added names are listed.
  const added = new Set<string>();
  const asBefore = (row: Row, old: Row | undefined): Row => {
    const had = (old?.metrics ?? {}) as Record<string, number>;
    const now = row.metrics as Record<string, number>;
    for (const k of Object.keys(now)) if (!(k in had)) added.add(k);
    return { ...row, metrics: Object.fromEntries(Object.keys(had).map((k) => [k, now[k]])) };
  };
  for (const [name, run] of Object.entries(runs)) {
    const old = before[name];
    if (!old) { console.log(`${name}: not in ${file}`); continue; }
    const rows = run.rows.map((row, k) => asBefore(row, old.rows[k]));
    if (old.sha256 === hash(rows) && rows.length === old.rows.length) { same++; continue; }
    const i = rows.findIndex((row, k) => JSON.stringify(row) !== JSON.stringify(old.rows[k]));
    differ.push(`${name}: differs first at candidate ${i} (before ${JSON.stringify(old.rows[i])}, now ${JSON.stringify(rows[i])})`);
  }
  for (const d of differ) console.log(d);
  if (added.size) console.log(`metrics added since ${file}: ${[...added].sort().join(', ')}`);
  console.log(`${same} of ${Object.keys(runs).length} runs identical to ${file}${differ.length ? `, ${differ.length} differ` : ''}`);
  if (differ.length) process.exit(1);
}

main();
