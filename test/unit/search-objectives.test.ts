import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constraintViolation, objectiveParser, parseConstraint, parseObjective, toMinimisation, unknownMetrics } from '../../src/core/search/objectives';

test('objectives parse max:/min: and refuse anything else with a one-line message', () => {
  assert.deepEqual(parseObjective('max:c10_valid'), { direction: 'max', metric: 'c10_valid' });
  assert.deepEqual(parseObjective(' min: edgegpu_lat '), { direction: 'min', metric: 'edgegpu_lat' });
  for (const bad of ['c10_valid', 'maximise:acc', 'max:', 'max:a b', 'max:1abc']) {
    assert.throws(() => parseObjective(bad), (e: Error) => e.message.includes(`'${bad}'`) && !e.message.includes('\n'), bad);
  }
});

test('a bare metric name is an error saying to write max: or min:, unless the metric\'s direction is known', () => {
  assert.throws(() => parseObjective('edgegpu_lat'), { message: "bad objective 'edgegpu_lat': say which way is better, max:edgegpu_lat or min:edgegpu_lat" });
  const parse = objectiveParser((metric) => (metric === 'edgegpu_lat' ? 'min' : undefined));
  assert.deepEqual([' edgegpu_lat ', 'max:c10_valid'].map(parse), [{ direction: 'min', metric: 'edgegpu_lat' }, { direction: 'max', metric: 'c10_valid' }]);
  assert.throws(() => parse('c10_valid'), /say which way is better, max:c10_valid or min:c10_valid/);
  // An explicit direction wins over the catalog's.
  assert.deepEqual(parse('max:edgegpu_lat'), { direction: 'max', metric: 'edgegpu_lat' });
  assert.throws(() => parse('max edgegpu_lat'), /expected max:<metric> or min:<metric>/);
});

test('constraints parse all four operators and numbers in any notation', () => {
  assert.deepEqual(parseConstraint('edgegpu_lat<=5'), { metric: 'edgegpu_lat', op: '<=', bound: 5 });
  assert.deepEqual(parseConstraint('params<=1e6'), { metric: 'params', op: '<=', bound: 1e6 });
  assert.deepEqual(parseConstraint('acc >= 90.5'), { metric: 'acc', op: '>=', bound: 90.5 });
  assert.deepEqual(parseConstraint('lat<2'), { metric: 'lat', op: '<', bound: 2 });
  assert.deepEqual(parseConstraint('lat>-1'), { metric: 'lat', op: '>', bound: -1 });
  for (const bad of ['lat', 'lat<=', 'lat<=abc', '<=5', 'lat=5', 'lat<=5<=6', 'lat<=Infinity']) {
    assert.throws(() => parseConstraint(bad), (e: Error) => e.message.includes(`'${bad}'`) && !e.message.includes('\n'), bad);
  }
});

test('constraint violation: zero when feasible, normalised sum otherwise, strict bounds', () => {
  const cs = ['lat<=5', 'params<=1e6', 'acc>=90'].map(parseConstraint);
  assert.equal(constraintViolation({ lat: 5, params: 1e6, acc: 90 }, cs), 0);
  assert.ok(Math.abs(constraintViolation({ lat: 6, params: 1.5e6, acc: 90 }, cs) - (1 / 5 + 0.5)) < 1e-12);
  assert.ok(Math.abs(constraintViolation({ lat: 5, params: 1, acc: 81 }, cs) - 0.1) < 1e-12);
  assert.equal(constraintViolation({ lat: 1 }, cs), Infinity);
  assert.ok(constraintViolation({ lat: 2 }, [parseConstraint('lat<2')]) > 0);
  assert.equal(constraintViolation({ lat: 1.9 }, [parseConstraint('lat<2')]), 0);
  assert.ok(constraintViolation({ lat: 2 }, [parseConstraint('lat>2')]) > 0);
  // A bound near zero is not divided by zero.
  assert.equal(constraintViolation({ x: 0.5 }, [parseConstraint('x<=0')]), 0.5);
});

test('minimisation form negates max objectives; unknown metrics are reported', () => {
  const objs = [parseObjective('max:acc'), parseObjective('min:lat')];
  assert.deepEqual(toMinimisation({ acc: 90, lat: 3 }, objs), [-90, 3]);
  assert.deepEqual(toMinimisation({ lat: 3 }, objs), [Infinity, 3]);
  assert.deepEqual(unknownMetrics(objs, [parseConstraint('mem<=3')], ['acc', 'lat']), ['mem']);
});
