// Benchmark 1: predicted vs measured batch-1 latency on `local` (this machine, the wasm
// backend): for each example space, a fresh profile is built for 50 random candidates (their
// operators timed, the correction fitted on 12 other candidates), then the 50 are predicted and
// measured end to end, exactly as `nas latency check` does. Prints the share within +-10%, MAPE,
// Spearman, the time to build the table and the time per prediction.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkLocal } from '../../src/runtime/deviceWork';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { selectBackend } from '../../src/train/backend';

const ROOT = path.resolve(__dirname, '../../..');
const SAMPLES = Number(process.env.SAMPLES ?? 50);
const SPACES = (process.env.SPACES ?? 'mobilenetv2,nas-bench-201,vgg16-kernels').split(',');

async function main(): Promise<void> {
  const { backend } = await selectBackend({ force: 'wasm' });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-bench-latency-'));
  console.log(`backend ${backend}, ${SAMPLES} candidates per space, ${os.cpus().length} cores (shared with whatever else runs)`);
  console.log('space                 within10   MAPE  Spearman  table s  ms/prediction');
  for (const name of SPACES) {
    const { space } = await loadSpaceFile(path.join(ROOT, 'examples', `${name}.nasspace.ts`));
    const r = await checkLocal(path.join(tmp, `${name}.json`), backend, space, SAMPLES, 1, (m) => process.stderr.write(`${name}: ${m}\n`));
    console.log(`${name.padEnd(20)} ${r.within10.toFixed(3).padStart(9)} ${(100 * r.mape).toFixed(1).padStart(5)}% ${r.spearman.toFixed(3).padStart(9)} ${r.tableSeconds.toFixed(1).padStart(8)} ${r.msPerPrediction.toFixed(3).padStart(14)}`);
    if (process.env.ROWS) for (const row of r.rows) console.log(`  ${row.predictedMs.toFixed(2)} ${row.measuredMs.toFixed(2)} ${row.key}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
