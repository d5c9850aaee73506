import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { budgetInputError, defaultSettings, estimatorError, expandVariables, resolveEstimatorPath } from '../../src/extension/searchSettings';
import { groupDigits } from '../../src/protocol/formatMetric';
import { contentSecurityPolicy, escapeAttribute, panelHtml } from '../../src/extension/panelHtml';

const config = { defaultBudget: 50, defaultStrategy: 'random', defaultEstimator: 'table:${workspaceFolder}/nb201.json', defaultObjectives: ['max:acc'], defaultSeed: 0, parallel: 1 };

test('space defaults win over settings, settings fill the rest', () => {
  const s = defaultSettings({ strategy: 'evolution', budget: 100, objectives: ['max:c10_valid', 'min:edgegpu_lat'] }, config, '/ws');
  assert.deepEqual(s, { strategy: 'evolution', budget: 100, seed: 0, estimator: 'table:/ws/nb201.json', objectives: ['max:c10_valid', 'min:edgegpu_lat'], constraints: [] });
  assert.equal(defaultSettings(undefined, config, '/ws').strategy, 'random');
  assert.deepEqual(defaultSettings({ objectives: [] }, config, '/ws').objectives, ['max:acc']);
  assert.equal(defaultSettings(undefined, { ...config, parallel: 4 }, '/ws').parallel, 4);
});

test('${workspaceFolder} without a folder is a clear error', () => {
  assert.throws(() => expandVariables('table:${workspaceFolder}/x.json', undefined), /no folder is open/);
});

test('budget and estimator inputs are checked', () => {
  assert.equal(budgetInputError('100'), undefined);
  assert.match(budgetInputError('ten') ?? '', /whole number/);
  assert.match(budgetInputError('0') ?? '', /at least 1/);
  assert.equal(estimatorError('proxy'), undefined);
  assert.equal(estimatorError('table:nb201.json'), undefined);
  assert.match(estimatorError('magic') ?? '', /unknown estimator 'magic': expected table:<file.json>, proxy, zc\[:<proxies>\] or predictor:<family>/);
  assert.match(estimatorError('table:') ?? '', /needs its <file.json>/);
  assert.match(estimatorError('table:x.csv') ?? '', /needs a .json or .json.gz file/);
  assert.match(estimatorError('proxy:x') ?? '', /takes no argument/);
  assert.equal(estimatorError('table:nb201.json.gz'), undefined);
  assert.equal(estimatorError('table:nas-bench-201'), undefined);
  assert.match(estimatorError('table:nas-bench-202') ?? '', /needs a .json or .json.gz file/);
});

test('relative table paths resolve against the workspace folder', () => {
  assert.equal(resolveEstimatorPath('table:nb201.json', '/ws', path.isAbsolute, path.join), 'table:/ws/nb201.json');
  assert.equal(resolveEstimatorPath('table:/abs/t.json', '/ws', path.isAbsolute, path.join), 'table:/abs/t.json');
  assert.equal(resolveEstimatorPath('proxy', '/ws', path.isAbsolute, path.join), 'proxy');
  assert.equal(resolveEstimatorPath('table:nas-bench-201', '/ws', path.isAbsolute, path.join), 'table:nas-bench-201', 'a built-in table keeps its name');
});

test('digits are grouped exactly, beyond 2^53 too', () => {
  assert.equal(groupDigits('43046721'), '43,046,721');
  assert.equal(groupDigits('123456789012345678901'), '123,456,789,012,345,678,901');
});

test('the panel HTML has a nonce CSP without unsafe-inline or unsafe-eval and escapes state', () => {
  const html = panelHtml({ cspSource: 'vscode-resource:', scriptUri: 'x/webview.js', styleUri: 'x/panel.css', nonce: 'abc123', initialState: { runId: '"><script>' } });
  assert.match(html, /script-src 'nonce-abc123'/);
  assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  assert.match(html, /<script nonce="abc123" src="x\/webview.js">/);
  assert.doesNotMatch(html, /"><script>/);
  assert.equal(escapeAttribute('<a "b">'), '&lt;a &quot;b&quot;&gt;');
  assert.match(contentSecurityPolicy('src:', 'n'), /^default-src 'none'/);
});
