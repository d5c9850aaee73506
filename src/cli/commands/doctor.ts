import * as fs from 'node:fs';
import * as os from 'node:os';
import { parse, type Command } from '../command';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Report the training engine in use, why better ones are not, and the data found',
  help: `Usage: nas doctor [--json]

Loads TensorFlow.js the way a search does and reports which backend trains candidates
('tensorflow' from @tensorflow/tfjs-node, 'wasm', or 'cpu'), why each better one is not used,
the Node version, the thread count, how many trainings of one candidate (its repeats) run at
once, and which datasets are available.

Options:
  --json      print one JSON object: {"backend", "reasons", "node", "threads", "tfjsVersion", "parallelTrainings", ...}
  -h, --help  show this help`,

  async run(argv) {
    const { values, help } = parse(argv, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
    if (help) return (console.log(this.help), 0);
    // Loaded here, not at start-up: TensorFlow.js takes a while and other commands do not need it.
    const { selectBackend } = await import('../../train/backend');
    const { builtinDatasetDir } = await import('../../train/data/builtin');
    const { SYSTEM_FASHION_MNIST_DIR } = await import('../../train/data/mnistFolder');
    const { trainingsAtOnce } = await import('../../train/proxyEstimator');
    const report = await selectBackend();
    const builtin = builtinDatasetDir();
    const result = {
      ...report,
      cpus: os.cpus().length,
      parallelTrainings: trainingsAtOnce(report.backend, 0),
      datasets: { builtin: fs.existsSync(builtin) ? builtin : null, fashionMnist: fs.existsSync(SYSTEM_FASHION_MNIST_DIR) ? SYSTEM_FASHION_MNIST_DIR : null },
    };
    if (values.json) {
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    console.log(`backend     ${report.backend} (TensorFlow.js ${report.tfjsVersion})`);
    for (const [name, why] of Object.entries(report.reasons)) console.log(`  not ${name}: ${why}`);
    console.log(`node        ${report.node}`);
    console.log(`threads     ${report.threads} (of ${result.cpus} CPUs)`);
    console.log(`repeats     up to ${result.parallelTrainings} trainings of a candidate at once${result.parallelTrainings > 1 ? ', each on its own thread' : ''} (--train threads=N to cap)`);
    console.log(`datasets    built-in subset: ${result.datasets.builtin ?? 'missing'}`);
    console.log(`            full Fashion-MNIST: ${result.datasets.fashionMnist ?? `not installed (apt-get install dataset-fashion-mnist)`}`);
    return 0;
  },
};
