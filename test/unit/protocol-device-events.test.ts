// The editor's side of `nas device serve --events` and of the Devices tree: lines that are events
// pass, anything else is dropped; a profile is summarised with its backend and error, a file that
// is not a profile gives a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServeEvent, summarizeDevice } from '../../src/protocol/deviceEvents';

test('serve events: each kind parses, a malformed or foreign line is dropped', () => {
  assert.deepEqual(parseServeEvent('{"event":"listening","url":"http://127.0.0.1:1/s/t/","file":"/w/.nas/devices/p.json","qrSvg":"<svg/>"}'), { event: 'listening', url: 'http://127.0.0.1:1/s/t/', file: '/w/.nas/devices/p.json', qrSvg: '<svg/>' });
  assert.equal(parseServeEvent('{"event":"progress","what":"timings","backend":"wasm","units":{"done":3,"total":9},"calibration":{"done":0,"total":2},"finished":false}')?.event, 'progress');
  assert.equal(parseServeEvent('{"event":"refused","status":403,"message":"wrong session token"}')?.event, 'refused');
  assert.equal(parseServeEvent('{"event":"done","file":"f","backend":"webgl","units":12}')?.event, 'done');
  assert.equal(parseServeEvent('{"event":"stopped","file":"f","missing":["3 of 9 operator units"],"started":true}')?.event, 'stopped');
  assert.equal(parseServeEvent('{"event":"progress","units":{"done":"3"}}'), undefined);
  assert.equal(parseServeEvent('{"event":"launched"}'), undefined);
  assert.equal(parseServeEvent('warning: not json'), undefined);
});

test('device summaries: backend, how, units and error; a reason for a file that is not a profile', () => {
  const profile = { format: 'nas-device-profile', version: 1, name: 'phone', description: 'Pixel 7, Chrome', backend: 'webgl', batch: 1, measured: { how: 'browser', at: '2026-12-01' }, table: { a: 1, b: 2 }, fusion: {}, model: { kind: 'table' }, error: { how: 'cross-validated', samples: 12, mape: 0.05, within10: 0.9, spearman: 0.95 } };
  assert.deepEqual(summarizeDevice(profile), { name: 'phone', backend: 'webgl', how: 'browser', description: 'Pixel 7, Chrome', units: 2, error: { mape: 0.05, how: 'cross-validated', samples: 12 } });
  const bad = summarizeDevice({ name: 'x' });
  assert.ok('problem' in bad && /profile\.backend: expected a string/.test(bad.problem), JSON.stringify(bad));
});
