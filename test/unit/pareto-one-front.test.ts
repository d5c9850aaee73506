// One Pareto implementation: the CLI's run summary, the tree's marks and the panel's marks name
// the same front for the same run, ties, infeasible, failed and incomplete candidates included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CandidateRecord } from '../../src/core/run/types';
import { Rng } from '../../src/core/rng';
import { parseConstraint, parseObjective } from '../../src/core/search/objectives';
import { summarizeRun } from '../../src/core/search/summary';
import { CandidateIndex } from '../../src/extension/candidateIndex';
import { RunModel } from '../../webview/runModel';

test('summary, tree and panel agree on the front of random runs', () => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 50; trial++) {
    const settings = { strategy: 'random', budget: 60, seed: 0, estimator: 'toy', objectives: trial % 3 === 0 ? ['max:acc', 'min:lat', 'min:mem'] : ['max:acc', 'min:lat'], constraints: trial % 2 ? ['lat<=6'] : [] };
    const records: CandidateRecord[] = Array.from({ length: 1 + rng.int(60) }, (_, index) => {
      // Few levels, so equal vectors are common; now and then a failure or a missing metric.
      const metrics: Record<string, number> = { acc: rng.int(6), lat: rng.int(8), mem: rng.int(4) };
      if (rng.next() < 0.05) delete metrics.lat;
      const status = rng.next() < 0.05 ? 'failed' : 'ok';
      return { index, key: `k${index}`, encoding: [index], status, metrics, startedAt: 0, durationMs: 1 };
    });
    const summary = summarizeRun(records, settings.objectives.map(parseObjective), settings.constraints.map(parseConstraint));
    const tree = new CandidateIndex(settings);
    tree.addAll(records);
    const panel = new RunModel({ runId: 'r', runDir: '/r', status: 'finished', candidates: records, info: { runId: 'r', createdAt: 'now', toolVersion: '0', spaceFile: '/s', spaceHash: 'h', spaceName: 's', spaceSize: '60', settings } });
    const expected = summary.pareto.map((c) => c.key).sort();
    assert.deepEqual([...tree.paretoKeys()].sort(), expected, `trial ${trial}: tree`);
    assert.deepEqual([...panel.paretoKeys()].sort(), expected, `trial ${trial}: panel`);
  }
});
