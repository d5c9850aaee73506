// `nas estimators`: every estimator of the registry with its settings and its metric catalog.
import { ANALYTIC_METRICS, type MetricInfo } from '../../core/estimate/catalog';
import type { EstimatorDescriptor } from '../../core/estimate/descriptor';
import { ESTIMATOR_NAMES, ESTIMATORS, estimatorUsage, type EstimatorName } from '../../core/estimate/estimators/index';
import { describeRange } from '../../core/estimate/settings';
import { parse, type Command } from '../command';
import { table } from '../format';

const options = { json: { type: 'boolean' } } as const;

export const estimatorsCommand: Command = {
  name: 'estimators',
  summary: 'List the estimators, their settings and the metrics they produce',
  help: `Usage: nas estimators [--json]

Lists every estimator ('nas search --estimator E'): its settings with default, range and
description ('--train K=V'; a space file's train block takes the proxy's main ones), and its
metrics with direction, unit, cost class (free: from the graph; cheap: milliseconds; expensive:
training) and description.

Options:
  --json      print one JSON object: {estimators: [...], analytic: [...]}
  -h, --help  show this help`,

  async run(argv) {
    const { values, help } = parse(argv, options, { min: 0, max: 0, names: 'nothing' });
    if (help) return (console.log(this.help), 0);
    if (values.json) console.log(JSON.stringify(listing(), null, 2));
    else console.log(text());
    return 0;
  },
};

function listing() {
  return {
    estimators: ESTIMATOR_NAMES.map((name) => {
      const d: EstimatorDescriptor = ESTIMATORS[name];
      return {
        name,
        usage: estimatorUsage(name),
        summary: d.summary,
        needsGraph: d.needsGraph,
        settings: Object.entries(d.settings).map(([key, spec]) => ({ name: key, ...spec, range: describeRange(spec) })),
        metrics: d.metrics,
        ...(d.loadedMetrics ? { loadedMetrics: d.loadedMetrics } : {}),
      };
    }),
    analytic: ANALYTIC_METRICS,
  };
}

function text(): string {
  const blocks = ESTIMATOR_NAMES.map((name) => describeEstimator(name));
  blocks.push(`Added to every estimator's metrics when candidates are decoded (the cost gate):\n${metricTable(ANALYTIC_METRICS)}`);
  return blocks.join('\n\n');
}

function describeEstimator(name: EstimatorName): string {
  const d: EstimatorDescriptor = ESTIMATORS[name];
  const lines = [`${estimatorUsage(name)}  ${d.summary}${d.needsGraph ? ' (decodes every candidate)' : ''}`];
  const settings = Object.entries(d.settings);
  if (settings.length === 0) lines.push('  settings: none');
  else {
    lines.push('  settings (--train K=V):');
    lines.push(indent(table(settings.map(([key, spec]) => [key, String(spec.default), describeRange(spec), spec.description]))));
  }
  if (d.metrics.length) lines.push('  metrics:', metricTable(d.metrics));
  if (d.loadedMetrics) lines.push(`  metrics: ${d.loadedMetrics}`);
  return lines.join('\n');
}

function metricTable(metrics: readonly MetricInfo[]): string {
  return indent(table(metrics.map((m) => [m.name, m.direction, m.unit || '-', m.cost, m.description])));
}

const indent = (block: string) => block.replace(/^/gm, '    ');
