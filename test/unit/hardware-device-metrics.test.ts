import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeDeviceMetric, deviceLatencyMetric } from '../../src/core/estimate/catalog';
import { estimatorCatalog } from '../../src/core/estimate/estimators/index';
import { parseConstraint, parseObjective } from '../../src/core/search/objectives';
import { defineSpace } from '../../src/core/space/dsl';
import { conv } from '../../src/core/space/layers/conv';

test('latency_ms@<device> reads as an objective and a constraint, and the catalog calls it cheap milliseconds', () => {
  assert.deepEqual(parseObjective('min:latency_ms@pixel7'), { direction: 'min', metric: 'latency_ms@pixel7' });
  assert.deepEqual(parseConstraint('latency_ms@pi4<=20'), { metric: 'latency_ms@pi4', op: '<=', bound: 20 });
  assert.throws(() => parseObjective('min:latency_ms@'), /not a metric name/);
  assert.equal(deviceLatencyMetric('pi4'), 'latency_ms@pi4');
  assert.deepEqual(estimatorCatalog('table', ['latency_ms@pi4'], []), [describeDeviceMetric('latency_ms@pi4')]);
  assert.equal(describeDeviceMetric('latency_ms@pi4')?.cost, 'cheap');
  assert.equal(describeDeviceMetric('latency_ms'), undefined);
});

test("a space file's hardware block names devices; anything else there is refused", () => {
  const base = { name: 's', input: { shape: [8, 8, 1] as [number, number, number], classes: 2 }, layers: [conv({ filters: 4, kernel: 3 })] };
  assert.deepEqual(defineSpace({ ...base, hardware: { devices: ['local', 'pi4'] } }).hardware, { devices: ['local', 'pi4'] });
  assert.throws(() => defineSpace({ ...base, hardware: { devices: 'pi4' } as never }), /'hardware' must be \{ devices: \['local', 'pi4', \.\.\.\] \}/);
  assert.throws(() => defineSpace({ ...base, hardware: { gpu: true } as never }), /'hardware' must be/);
});
