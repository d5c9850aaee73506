// The "NAS" output channel's line for each finished candidate: its objective and constraint
// metrics (the run's own, in its order) and how long it took. Kept free of vscode for tests.
import type { CandidateRecord, SearchSettings } from '../core/run/types';
import { formatDuration, formatMetric } from '../protocol/formatMetric';
import { readRunObjectives } from '../protocol/objectives';

/** The output channel's line for a finished candidate: "candidate #3 a1b2 val_acc=0.8123 latency_ms=1.84 in 12 s". */
export function candidateLine(r: Pick<CandidateRecord, 'index' | 'key' | 'status' | 'metrics' | 'durationMs' | 'error'>, settings: SearchSettings): string {
  const { objectives, constraints } = readRunObjectives(settings);
  const shown = [...new Set([...objectives.map((o) => o.metric), ...constraints.map((c) => c.metric)])].filter((m) => m in r.metrics);
  const metrics = shown.map((m) => `${m}=${formatMetric(r.metrics[m])}`).join(' ');
  const what = r.status === 'ok' ? metrics : `${r.status}${r.error ? `: ${r.error}` : ''}`;
  return `candidate #${r.index + 1} ${r.key} ${what} in ${formatDuration(r.durationMs / 1000)}`;
}

