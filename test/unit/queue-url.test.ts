import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQueueUrl, redactQueueUrl } from '../../src/runtime/pools/queueUrl';
import { jobId } from '../../src/runtime/pools/queueJob';
import { defaultSettings } from '../../src/extension/searchSettings';

test('a queue URL gives host, port, credentials and the queue name; its display has no password', () => {
  const a = parseQueueUrl('redis://nas:s3cret@10.0.0.5:6380/cifar-search');
  assert.deepEqual(a, { host: '10.0.0.5', port: 6380, username: 'nas', password: 's3cret', name: 'cifar-search', display: 'redis://nas:***@10.0.0.5:6380/cifar-search' });
  assert.equal(parseQueueUrl('redis://:pw@127.0.0.1/q').display, 'redis://:***@127.0.0.1/q');
  assert.equal(parseQueueUrl('redis://127.0.0.1/q').port, 6379);
});

test('a bad queue URL is a one-line error that never shows the password', () => {
  assert.throws(() => parseQueueUrl('redis://u:topsecret@host:6379'), (e: Error) => /needs a queue name/.test(e.message) && !e.message.includes('topsecret'));
  assert.throws(() => parseQueueUrl('http://host/q'), /only redis:\/\//);
  assert.throws(() => parseQueueUrl('not a url'), /expected redis:\/\/host:port\/<name>/);
  assert.throws(() => parseQueueUrl('redis://host:1/a/b'), /queue name/);
  assert.equal(redactQueueUrl('redis://u:p@w@h'), 'redis://u:***@w@h');
});

test('job ids are per run and candidate, without the colon Redis keys use', () => {
  assert.equal(jobId('run-1', '|a~0|:x'), 'run-1.|a~0|_x');
  assert.notEqual(jobId('run-1', 'k'), jobId('run-2', 'k'));
});

test('the editor setting nas.queue.url goes into the search settings, and nothing when empty', () => {
  const config = { defaultBudget: 5, defaultStrategy: 'random', defaultEstimator: 'proxy', defaultObjectives: ['max:val_acc'], defaultSeed: 0, parallel: 2 };
  assert.equal(defaultSettings(undefined, { ...config, queueUrl: ' redis://127.0.0.1:6379/nas ' }, undefined).queue, 'redis://127.0.0.1:6379/nas');
  assert.equal('queue' in defaultSettings(undefined, { ...config, queueUrl: '' }, undefined), false);
});
