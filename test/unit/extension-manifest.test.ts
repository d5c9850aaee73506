// The manifest's settings offer what the runtime accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESTIMATOR_NAMES, estimatorUsage, parseEstimator } from '../../src/core/estimate/estimators/index';
import { STRATEGY_NAMES } from '../../src/core/search/strategyNames';
import { defaultEstimatorDescription } from '../../src/extension/searchSettings';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { enum?: string[]; default?: unknown }> } } };
const settings = manifest.contributes.configuration.properties;

test('the default strategy setting lists every strategy', () => {
  assert.deepEqual(settings['nas.search.defaultStrategy'].enum, STRATEGY_NAMES);
});


test('the default estimator setting describes every estimator of the registry', () => {
  const description = (settings['nas.search.defaultEstimator'] as { markdownDescription?: string }).markdownDescription;
  assert.equal(description, defaultEstimatorDescription());
  for (const name of ESTIMATOR_NAMES) assert.ok(description?.includes(`\`${estimatorUsage(name)}\``), name);
  assert.ok(parseEstimator(String(settings['nas.search.defaultEstimator'].default)));
});

test('the parallel setting starts at one evaluation at a time and refuses less', () => {
  const parallel = settings['nas.search.parallel'] as { default?: unknown; minimum?: unknown; type?: unknown };
  assert.deepEqual([parallel.type, parallel.default, parallel.minimum], ['integer', 1, 1]);
});
