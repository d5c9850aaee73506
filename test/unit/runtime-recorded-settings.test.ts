import assert from 'node:assert/strict';
import { test } from 'node:test';
import { versionedOptions } from '../../src/core/search/strategies/index';
import { recordedBeforeDefaults } from '../../src/runtime/runtime';

const base = { strategy: 'random', budget: 5, seed: 0, objectives: ['max:val_acc'], constraints: [] };

test('a proxy run recorded without a schedule resumes with the constant rate it started with', () => {
  assert.deepEqual(recordedBeforeDefaults({ ...base, estimator: 'proxy', estimatorOptions: { epochs: 2 } }).estimatorOptions, { epochs: 2, schedule: 'constant' });
  assert.deepEqual(recordedBeforeDefaults({ ...base, estimator: 'proxy' }).estimatorOptions, { schedule: 'constant' });
  const recorded = { ...base, estimator: 'proxy', estimatorOptions: { schedule: 'cosine' } };
  assert.equal(recordedBeforeDefaults(recorded), recorded);
  const table = { ...base, estimator: 'table:/x.json' };
  assert.equal(recordedBeforeDefaults(table), table);
});

test('a predictor-guided run recorded before its graph, ranks and top settings resumes without them; a new one records today\'s', () => {
  const old = { ...base, strategy: 'predictor-guided', estimator: 'table:/x.json', strategyOptions: { uniform: 50 } };
  assert.deepEqual(recordedBeforeDefaults(old).strategyOptions, { graph: 0, ranks: 0, top: 0, uniform: 50 });
  const recorded = { ...old, strategyOptions: { graph: 1, ranks: 1, top: 4 } };
  assert.deepEqual(recordedBeforeDefaults(recorded).strategyOptions, recorded.strategyOptions);
  assert.deepEqual(versionedOptions('predictor-guided', 'now'), { graph: 1, ranks: 1, top: 4 });
  assert.deepEqual(versionedOptions('evolution', 'now'), {});
});
