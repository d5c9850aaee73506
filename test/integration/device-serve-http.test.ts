// `nas device serve`'s server without a browser: the token, the size limit, malformed and
// out-of-turn posts, and a browser that leaves half-way (what it posted is kept, the session
// says what is missing, and serving the device again continues from there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDeviceProfile } from '../../src/hardware/deviceStore';
import { MAX_POST_BYTES, type FusionReply, type ProfilerPlan } from '../../src/hardware/profilerWire';
import { serveDevice } from '../../src/runtime/deviceServe/serveDevice';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const root = path.resolve(__dirname, '..', '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-serve-http-'));
const file = path.join(dir, '.nas', 'devices', 'phone.json');

async function tinySpace() {
  const spaceFile = path.join(root, 'examples', 'nas-bench-201.nasspace.ts');
  return (await loadSpaceFile(spaceFile)).space;
}

async function post(url: string, route: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

test('the server: token, size limit, malformed and out-of-turn posts, partial results kept and continued', async () => {
  const space = await tinySpace();
  const refused: number[] = [];
  const first = await serveDevice({ name: 'phone', file, space, samples: 6, calibrate: 2, onRefused: (status) => refused.push(status) });
  const { url } = first;
  try {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{24}\/$/);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script src="profiler\.js">/);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal((await fetch(`${url}wasm/tfjs-backend-wasm-simd.wasm`)).headers.get('content-type'), 'application/wasm');

    // Wrong token, no token, a file outside the served ones.
    const wrong = url.replace(/\/s\/[^/]+\//, '/s/not-the-token/');
    const forbidden = await fetch(`${wrong}plan`);
    assert.equal(forbidden.status, 403);
    assert.match(((await forbidden.json()) as { error: string }).error, /wrong session token/);
    assert.equal((await post(wrong, 'timings', { backend: 'wasm', timings: {} })).status, 403);
    assert.equal((await fetch(url.replace(/\/s\/.*$/, '/plan'))).status, 404);
    assert.equal((await fetch(`${url}wasm/..%2F..%2Fpackage.json`)).status, 404);

    const plan = (await (await fetch(`${url}plan`)).json()) as ProfilerPlan;
    assert.equal(plan.device, 'phone');
    assert.equal(plan.backend, undefined);
    assert.equal(plan.calibration.length, 2);
    assert.ok(plan.pairs.length > 0);

    // Out of turn, malformed, oversized.
    assert.equal((await post(url, 'timings', { backend: 'wasm', timings: {} })).status, 409);
    const notJson = await post(url, 'fusion', '{"backend":');
    assert.equal(notJson.status, 400);
    assert.match(String(notJson.json.error), /^the body is not JSON/);
    const lacking = await post(url, 'fusion', { backend: 'wasm', agent: 'test', fusion: {} });
    assert.equal(lacking.status, 400);
    assert.match(String(lacking.json.error), /"fusion" lacks the pair '/);
    const huge = await post(url, 'fusion', { backend: 'wasm', agent: 'x'.repeat(MAX_POST_BYTES), fusion: {} });
    assert.equal(huge.status, 413);
    assert.match(String(huge.json.error), /larger than 262144 bytes/);

    const fusion = Object.fromEntries(plan.pairs.map((p) => [p.kind, false]));
    const reply = await post(url, 'fusion', { backend: 'wasm', agent: 'Test Browser 1.0', fusion });
    assert.equal(reply.status, 200);
    const { units } = reply.json as unknown as FusionReply;
    assert.ok(units.length > 4);

    const badUnit = await post(url, 'timings', { backend: 'wasm', timings: { 'conv2d in=1x1x1 out=1x1x1': 1 } });
    assert.equal(badUnit.status, 400);
    assert.match(String(badUnit.json.error), /which this session did not ask for/);
    const negative = await post(url, 'timings', { backend: 'wasm', timings: { [units[0].signature]: -1 } });
    assert.equal(negative.status, 400);
    assert.match(String(negative.json.error), /must be a number of milliseconds from 0 to 60000, got -1/);
    const otherBackend = await post(url, 'timings', { backend: 'webgl', timings: { [units[0].signature]: 1 } });
    assert.equal(otherBackend.status, 409);
    assert.match(String(otherBackend.json.error), /on the wasm backend, not webgl/);
    const badKey = await post(url, 'measurements', { backend: 'wasm', measurements: [{ key: 'nope', ms: 3 }] });
    assert.equal(badKey.status, 400);
    assert.match(String(badKey.json.error), /'nope' is not a candidate this session asked to time/);

    // Half the units arrive, then the browser goes away.
    const half = units.slice(0, Math.floor(units.length / 2));
    const accepted = await post(url, 'timings', { backend: 'wasm', timings: Object.fromEntries(half.map((u, i) => [u.signature, 0.5 + i])) });
    assert.equal(accepted.status, 200);
    assert.deepEqual(accepted.json.units, { done: half.length, total: units.length });
    const early = await post(url, 'done', {});
    assert.equal(early.status, 409);
    assert.match(String(early.json.error), /still missing/);
    assert.deepEqual(first.session.missing(), [`${units.length - half.length} of ${units.length} operator units`, '2 of 2 end-to-end candidates']);
    assert.deepEqual(refused.sort(), [400, 400, 400, 400, 400, 403, 403, 404, 404, 409, 409, 409, 413].sort());
  } finally {
    await first.close();
  }

  // Nothing posted is lost: the file holds it, and serving the device again asks only for the rest, on the same backend.
  const kept = loadDeviceProfile(file);
  assert.equal(kept.backend, 'wasm');
  assert.equal(kept.description, 'Test Browser 1.0');
  assert.equal(kept.measured.how, 'browser');
  const keptUnits = Object.keys(kept.table).length;
  assert.ok(keptUnits > 2);
  const again = await serveDevice({ name: 'phone', file, space, samples: 6, calibrate: 2 });
  try {
    const plan = (await (await fetch(`${again.url}plan`)).json()) as ProfilerPlan;
    assert.equal(plan.backend, 'wasm');
    assert.deepEqual(plan.pairs, []);
    const rest = (await post(again.url, 'fusion', { backend: 'wasm', agent: 'Test Browser 1.0', fusion: {} })).json as unknown as FusionReply;
    assert.ok(rest.units.every((u) => kept.table[u.signature] === undefined));
    await post(again.url, 'timings', { backend: 'wasm', timings: Object.fromEntries(rest.units.map((u) => [u.signature, 1])) });
    const measured = await post(again.url, 'measurements', { backend: 'wasm', measurements: plan.calibration.map((c, i) => ({ key: c.key, ms: 20 + i })) });
    assert.deepEqual(measured.json.calibration, { done: 2, total: 2 });
    const done = await post(again.url, 'done', {});
    assert.equal(done.status, 200);
    assert.equal(done.json.finished, true);
    await again.finished;
    assert.deepEqual(again.session.missing(), []);
  } finally {
    await again.close();
  }
  const final = loadDeviceProfile(file);
  assert.ok(Object.keys(final.table).length > keptUnits);
  for (const [signature, ms] of Object.entries(kept.table)) assert.equal(final.table[signature], ms, 'the first session\'s timings are kept as posted');
  assert.equal(final.measurements?.length, 2);
});

test('a device name made by another tool is not continued in a browser', async () => {
  const space = await tinySpace();
  const other = path.join(dir, '.nas', 'devices', 'pi.json');
  fs.mkdirSync(path.dirname(other), { recursive: true });
  fs.writeFileSync(other, JSON.stringify({ format: 'nas-device-profile', version: 1, name: 'pi', description: '', backend: 'tflite', batch: 1, measured: { how: 'measurements', at: '2026-01-01' }, table: {}, fusion: {}, model: { kind: 'table', offsetMs: 0, scale: 1, memoryScale: 1, dispatchMs: 0 } }));
  await assert.rejects(serveDevice({ name: 'pi', file: other, space, samples: 2, calibrate: 0 }), /pi\.json: this profile was made by 'nas device fit', not in a browser; serve another device name \(--name\)/);
});
