// Load-drift cancellation (hardware/loadDrift.ts) on a synthetic machine whose load multiplies
// every timing by a factor that changes while the table is built and the candidates are timed:
// rescaled by the reference op timed in the same moment, timings come out as at the load of the
// moment the profile was made; unrescaled, the table and the end-to-end timings disagree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { driftCorrectedMeasure, driftCorrectedTimer, REFERENCE_UNIT, rescaled, type LoadReference } from '../../src/hardware/loadDrift';
import type { UnitTimer } from '../../src/hardware/opProfiling';
import type { OpUnitConfig } from '../../src/hardware/opUnits';
import { interleave } from '../../src/runtime/deviceWork';

/** Milliseconds of a unit on the idle synthetic machine: 1e-4 ms per output element of each op. */
const idleMs = (unit: OpUnitConfig) => unit.ops.reduce((s, op) => s + 1e-4 * op.shape.reduce((a, b) => a * b, 1), 0);

function loadedMachine(loads: readonly number[], callsPerLoad: number): { timer: UnitTimer; calls: () => number } {
  let calls = 0;
  const timer: UnitTimer = {
    async time(unit) {
      const load = loads[Math.min(loads.length - 1, Math.floor(calls / callsPerLoad))];
      calls++;
      return idleMs(unit) * load;
    },
  };
  return { timer, calls: () => calls };
}

const unit = (c: number): OpUnitConfig => ({ signature: `relu ${c}`, inputShapes: [[8, 8, c]], ops: [{ op: 'relu', attrs: {}, shape: [8, 8, c] }] });

test('units timed while the load changes come out at the load the reference was taken at', async () => {
  // The reference taken at load 1.5; the table then built under loads 1, 3 and 2, each held for 10 timings.
  const reference: LoadReference = { signature: REFERENCE_UNIT.signature, unitMs: idleMs(REFERENCE_UNIT) * 1.5, endToEndMs: 1 };
  const machine = loadedMachine([1, 3, 2], 10);
  // A reference before each 4 units: 5 timings per block, two blocks per load, so no block straddles a change.
  const timer = driftCorrectedTimer(machine.timer, reference, 4);
  for (let i = 0; i < 24; i++) {
    const u = unit(4 + i);
    const ms = await timer.time(u);
    assert.ok(Math.abs(ms - idleMs(u) * 1.5) < 1e-12, `unit ${i}: ${ms} vs ${idleMs(u) * 1.5}`);
  }
  assert.equal(machine.calls(), 30, 'one reference timing per 4 units');
});

test('without the reference the same timings drift with the load', async () => {
  const machine = loadedMachine([1, 3, 2], 10);
  const ratios = [];
  for (let i = 0; i < 24; i++) ratios.push((await machine.timer.time(unit(4 + i))) / idleMs(unit(4 + i)));
  assert.ok(Math.max(...ratios) / Math.min(...ratios) > 2.9, 'the load triples midway');
});

test('an end-to-end timing is rescaled by the reference timed just before and just after it', async () => {
  const reference: LoadReference = { signature: REFERENCE_UNIT.signature, unitMs: 1, endToEndMs: 0.5 };
  const refs = [1, 2];
  const ms = await driftCorrectedMeasure(async () => 6, async () => refs.shift()!, reference);
  assert.equal(ms, (6 * 0.5) / 1.5);
  assert.equal(rescaled(3, 0, 1), 3, 'a reference that took no time leaves the timing as it is');
});

test('calibration candidates are spread evenly among the checked ones, none lost', () => {
  const checked = Array.from({ length: 50 }, (_, i) => `k${i}`);
  const calibration = Array.from({ length: 12 }, (_, i) => `c${i}`);
  const order = interleave(checked, calibration);
  assert.deepEqual(order.filter((o) => !o.calibration).map((o) => o.item), checked);
  assert.deepEqual(order.filter((o) => o.calibration).map((o) => o.item), calibration);
  const at = order.flatMap((o, i) => (o.calibration ? [i] : []));
  const gaps = at.slice(1).map((v, i) => v - at[i]);
  assert.ok(Math.max(...gaps) - Math.min(...gaps) <= 1, `gaps ${gaps.join(',')}`);
  assert.ok(at[0] === 0 && at[at.length - 1] < order.length - 3, 'from the start to near the end');
  assert.deepEqual(interleave(['a'], ['x', 'y']).map((o) => o.item), ['x', 'a', 'y']);
});
