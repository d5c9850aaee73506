import assert from 'node:assert/strict';
import { test } from 'node:test';
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
