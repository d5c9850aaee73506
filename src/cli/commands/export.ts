import * as path from 'node:path';
import { formatTrainingStep } from '../../protocol/formatMetric';
import { exportRunCandidate, type ExportWeights } from '../../runtime/exportRun';
import { parse, UsageError, type Command } from '../command';
import { pairs } from './search';

export const exportCommand: Command = {
  name: 'export',
  summary: "Write a candidate as a TensorFlow.js model: the weights it was scored with, or trained now",
  help: `Usage: nas export <run-dir> <candidate> --out DIR [--train K=V ...] [--untrained] [--json]

Writes candidate <candidate> of the run in <run-dir> (#12 for its index, as the tree and the
panel show it, or its key) into DIR: model.json + weights.bin (TensorFlow.js layers format),
architecture.json, export.json (which weights, their validation accuracy, the training settings,
parameter counts) and a README.md with code that loads the model in Node and in a browser.

The weights, plainly stated in export.json, the README and the last line printed:
  (default)     the ones the candidate was scored with: the proxy's seed-0 training, kept in the
                  run folder (proxy runs with keepWeights=1, the default); refused when there are none
  --train K=V   train it now, here, with the run's training settings and these on top, e.g.
                  --train epochs=5 --train subset=6000 (repeatable; 'nas estimators' lists them;
                  --train epochs=N alone keeps the run's data and schedule)
  --untrained   freshly initialised weights: the architecture only, to train elsewhere

Options:
  --out DIR     the folder to write (created; files in it are replaced)
  --json        print one JSON object at the end: {outDir, index, key, weights, files, warnings}
  -h, --help    show this help`,

  async run(argv) {
    const { values, positionals, help } = parse(argv, { out: { type: 'string' }, train: { type: 'string', multiple: true }, untrained: { type: 'boolean' }, json: { type: 'boolean' } }, { min: 2, max: 2, names: 'the run folder and the candidate (nas export <run-dir> <candidate> --out DIR)' });
    if (help) return (console.log(this.help), 0);
    if (!values.out) throw new UsageError('missing --out DIR: the folder to write the model to');
    if (values.untrained && values.train) throw new UsageError('--train and --untrained contradict each other');
    const overrides = pairs(values.train, '--train');
    const weights: ExportWeights = values.untrained ? { kind: 'untrained' } : overrides ? { kind: 'train', overrides } : { kind: 'scored' };
    const json = values.json === true;
    let lastEpoch = 0;
    const result = await exportRunCandidate({
      runDir: positionals[0],
      candidate: positionals[1],
      outDir: values.out,
      weights,
      // One line per finished epoch: an export trains one candidate, there is no bar to draw.
      onStep: (step) => {
        if (step.batch !== step.batches || step.epoch === lastEpoch) return;
        lastEpoch = step.epoch;
        process.stderr.write(`training: ${formatTrainingStep({ ...step, repeat: 1, repeats: 1 })}\n`);
      },
    });
    for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    if (json) console.log(JSON.stringify({ outDir: result.outDir, index: result.index, key: result.key, weights: result.weights, files: result.files, warnings: result.warnings }));
    else console.log(`exported #${result.index} to ${path.relative(process.cwd(), result.outDir) || '.'} with ${result.weights}`);
    return 0;
  },
};
