import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyProfile, validateDeviceProfile } from '../../src/hardware/deviceProfile';
import { deviceFile, loadDeviceProfile, saveDeviceProfile } from '../../src/hardware/deviceStore';
import { parseMeasurements } from '../../src/hardware/measurementsFile';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-devices-'));

test('a profile written by saveDeviceProfile reads back; a name is a file under .nas/devices, a path is itself', () => {
  const file = deviceFile('pi4', tmp);
  assert.equal(file, path.join(tmp, '.nas', 'devices', 'pi4.json'));
  assert.equal(deviceFile('./elsewhere/phone.json', tmp), path.join(tmp, 'elsewhere', 'phone.json'));
  assert.throws(() => deviceFile('bad name!', tmp), /neither a device name .* nor a path/);
  const profile = emptyProfile('pi4', 'wasm', 'Raspberry Pi 4', 'node');
  profile.table['relu in=4x4x1 out=4x4x1'] = 0.01;
  saveDeviceProfile(file, profile);
  assert.deepEqual(loadDeviceProfile(file), profile);
});

test('corrupt, missing, other-version and other-backend profiles each get a one-line error naming the file', () => {
  const file = path.join(tmp, 'broken.json');
  fs.writeFileSync(file, '{"format": "nas-device-profile", ');
  assert.throws(() => loadDeviceProfile(file), (e: Error) => e.message.startsWith(`${file}: the device profile is not valid JSON`) && !e.message.includes('\n'));
  assert.throws(() => loadDeviceProfile(path.join(tmp, 'absent.json')), /absent\.json: no such device profile; make one with 'nas device profile'/);
  const good = emptyProfile('x', 'wasm', '', 'node');
  assert.throws(() => validateDeviceProfile({ ...good, version: 2 }, 'p.json'), /^Error: p\.json: profile version 2 is not supported \(this version of NAS Workbench reads version 1\)/);
  assert.throws(() => validateDeviceProfile({ ...good, format: 'nas-latency-table' }, 'p.json'), /"format" must be "nas-device-profile"/);
  assert.throws(() => validateDeviceProfile(good, 'p.json', 'webgl'), /p\.json: the profile was made on the wasm backend, but predictions here are for webgl/);
  assert.throws(() => validateDeviceProfile({ ...good, table: { 'relu in=1 out=1': -1 } }, 'p.json'), /"table" entry "relu in=1 out=1" must be a finite number of milliseconds >= 0, got -1/);
  assert.throws(() => validateDeviceProfile({ ...good, model: { kind: 'magic' } }, 'p.json'), /"model".kind must be "table" or "features"/);
  assert.throws(() => validateDeviceProfile({ ...good, model: { kind: 'features', fold: true, interceptMs: 0, weights: {}, seen: [], base: { ...good, version: 0 } } }, 'p.json'), /p\.json \(its base profile\): profile version 0/);
});

const known = new Set(['a', 'b', 'c', 'd', 'e', 'f']);
const checkKey = (k: string) => {
  if (!known.has(k)) throw new Error(`no architecture ${k}`);
};

test('measurements read from a JSON object, a JSON list or CSV with a header', () => {
  const want = [...known].map((key, i) => ({ key, ms: i + 1 }));
  assert.deepEqual(parseMeasurements(JSON.stringify(Object.fromEntries(want.map((m) => [m.key, m.ms]))), 'm.json', checkKey), want);
  assert.deepEqual(parseMeasurements(JSON.stringify(want), 'm.json', checkKey), want);
  assert.deepEqual(parseMeasurements(`key,ms\n${want.map((m) => `${m.key},${m.ms}`).join('\n')}\n`, 'm.csv', checkKey), want);
});

test('measurements with an unknown key, a negative or non-numeric time, a repeat, or too few rows are refused, naming the row', () => {
  const rows = (extra: string) => `a,1\nb,2\nc,3\nd,4\n${extra}`;
  assert.throws(() => parseMeasurements(rows('zz,5'), 'm.csv', checkKey), /^Error: m\.csv: line 5: "zz" is not an architecture of the space \(no architecture zz\)$/);
  assert.throws(() => parseMeasurements(rows('e,-5'), 'm.csv', checkKey), /m\.csv: line 5: the time -5 ms is not positive/);
  assert.throws(() => parseMeasurements(rows('e,fast'), 'm.csv', checkKey), /m\.csv: line 5: the time "fast" is not a number of milliseconds/);
  assert.throws(() => parseMeasurements(JSON.stringify({ a: 1, b: 2, c: 3, d: 4, e: null }), 'm.json', checkKey), /m\.json: key "e": the time null is not a number/);
  assert.throws(() => parseMeasurements(rows('a,5'), 'm.csv', checkKey), /line 5: "a" is measured twice/);
  assert.throws(() => parseMeasurements('a,1\nb,2\n', 'm.csv', checkKey), /m\.csv: 2 measurements, too few to fit a latency model \(at least 5\)/);
  assert.throws(() => parseMeasurements('a;1\n', 'm.csv', checkKey), /m\.csv: line 1: expected <key>,<ms>/);
});
