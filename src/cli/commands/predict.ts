import * as path from 'node:path';
import { PREDICTOR_FAMILIES, PREDICTOR_FAMILY_NAMES, type PredictorFamily } from '../../core/estimate/predictors/families';
import { formatMetric } from '../../protocol/formatMetric';
import { predictRun } from '../../runtime/predict';
import { parse, toInt, UsageError, type Command } from '../command';
import { table } from '../format';

export const predictCommand: Command = {
  name: 'predict',
  summary: "Predict a run's first objective, with its uncertainty, for candidates it never evaluated",
  help: `Usage: nas predict <run-dir> [options]

Fits a learned accuracy predictor on the run's evaluated candidates (features: the decisions, the
cells' path or edge encoding and the run's --cheap metrics, recomputed) and predicts its first
objective for a seeded sample of candidates the run did not evaluate; prints the best predicted.
The same predictor scores candidates in a search as an estimator:
  nas search <space> --estimator predictor:<family> --train from=<run-dir> --objective max:<metric>_pred

Options:
  --sample N     candidates to predict (default 1000)
  --family F     ${PREDICTOR_FAMILY_NAMES.map((n) => `${n}: ${PREDICTOR_FAMILIES[n].summary}`).join('; ')} (default trees)
  --seed N       seed of the sample and the predictor (default 0)
  --top N        rows printed (default 20)
  --space FILE   the space file, when it moved since the run started
  --json         print every prediction as one JSON object
  -h, --help     show this help`,

  async run(argv) {
    const options = { sample: { type: 'string' }, family: { type: 'string' }, seed: { type: 'string' }, top: { type: 'string' }, space: { type: 'string' }, json: { type: 'boolean' } } as const;
    const { values, positionals, help } = parse(argv, options, { min: 1, max: 1, names: 'the run folder (nas predict <run-dir>)' });
    if (help) return (console.log(this.help), 0);
    const family = values.family ?? 'trees';
    if (!(PREDICTOR_FAMILY_NAMES as readonly string[]).includes(family)) throw new UsageError(`unknown predictor family '${family}': expected ${PREDICTOR_FAMILY_NAMES.join(', ')}`);
    const runDir = path.resolve(positionals[0]);
    const sample = values.sample === undefined ? 1000 : toInt(values.sample, '--sample', 0, 1);
    const seed = values.seed === undefined ? 0 : toInt(values.seed, '--seed', 0);
    const top = values.top === undefined ? 20 : toInt(values.top, '--top', 0, 1);
    const p = await predictRun(runDir, { sample, family: family as PredictorFamily, seed, spaceFile: values.space });
    if (values.json) {
      console.log(JSON.stringify(p));
      return 0;
    }
    console.log(`${family} predictor trained on ${p.trainedOn} evaluated candidates; ${p.direction}:${p.metric} predicted for ${p.candidates.length} others, best first:`);
    const rows = [['key', `${p.metric} (predicted)`, '±'], ...p.candidates.slice(0, top).map((c) => [c.key, formatMetric(c.mean), formatMetric(c.std)])];
    console.log(table(rows, ['l', 'r', 'r']).replace(/^/gm, '  '));
    return 0;
  },
};
