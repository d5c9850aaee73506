// Every estimator of the registry, driven by the registry: built by its factory from its
// defaults, it produces every metric its catalog names (and nothing the catalog lacks) on a tiny
// case, its settings' defaults are in their own ranges, and an unknown setting is a one-line
// error. A new estimator needs only its tiny case below (the Record type asks for it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EstimatorDescriptor } from '../../src/core/estimate/descriptor';
import { ESTIMATOR_NAMES, ESTIMATORS, estimatorCatalog, type EstimatorName } from '../../src/core/estimate/estimators/index';
import { parseSetting } from '../../src/core/estimate/settings';
import type { EvaluationRequest } from '../../src/core/estimate/types';
import type { SearchSettings } from '../../src/core/run/types';
import { CompiledSearchSpace } from '../../src/core/space/space';
import { choice, conv, defineSpace } from '../../src/api';
import { withCostGate } from '../../src/hardware/costGate';
import { createEstimator } from '../../src/runtime/estimators';
import { tinyConvNet } from '../fixtures/data/graphs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-estimators-'));
// The built-in dataset's images and classes (Fashion-MNIST).
const graph = tinyConvNet([28, 28, 1], 10);

interface TinyCase {
  estimator: string;
  /** Only what makes the case tiny; everything else is the estimator's default. */
  options?: Record<string, number | string>;
  request: EvaluationRequest;
  /** The space searched, for an estimator that samples it. */
  space?: CompiledSearchSpace;
}

const TINY: Record<EstimatorName, () => TinyCase> = {
  table() {
    const file = path.join(tmp, 'tiny-table.json');
    fs.writeFileSync(file, JSON.stringify({ a: { acc: 0.5, lat_ms: 2 }, b: { acc: 0.7, lat_ms: 3, size_mb: null } }));
    return { estimator: `table:${file}`, request: { key: 'b', encoding: [], graph } };
  },
  proxy: () => ({ estimator: 'proxy', options: { subset: 40, validationSubset: 20, bnRecalibration: 20 }, request: { key: 'a', encoding: [], graph } }),
  zc: () => ({
    estimator: 'zc',
    options: { batchSize: 8, reference: 2 },
    request: { key: 'a', encoding: [], graph },
    space: new CompiledSearchSpace(defineSpace({ name: 'tiny', input: { shape: [28, 28, 1], classes: 10 }, layers: [conv({ filters: choice(2, 4), kernel: 3, stride: 2 })] })),
  }),
  predictor() {
    // A run folder of four evaluated candidates, written as a search writes it.
    const space = new CompiledSearchSpace(defineSpace({ name: 'tiny-run', input: { shape: [28, 28, 1], classes: 10 }, layers: [conv({ filters: choice(2, 4), kernel: choice(1, 3) })] }));
    const dir = fs.mkdtempSync(path.join(tmp, 'run-'));
    const settings = { strategy: 'random', budget: 4, seed: 0, estimator: 'proxy', objectives: ['max:acc'], constraints: [] };
    fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ runId: 'r', createdAt: 'now', toolVersion: '0', spaceFile: path.join(dir, 'gone.nasspace.ts'), spaceHash: 'h', spaceName: space.name, spaceSize: String(space.size), settings }));
    const archs = [...space.enumerate()];
    fs.writeFileSync(path.join(dir, 'candidates.jsonl'), archs.map((a, index) => JSON.stringify({ index, key: space.key(a), encoding: a.encoding, status: 'ok', metrics: { acc: 0.5 + 0.1 * index }, startedAt: 0, durationMs: 1 })).join('\n') + '\n');
    return { estimator: 'predictor:mlp', options: { from: dir }, request: { key: space.key(archs[1]), encoding: [...archs[1].encoding], graph }, space };
  },
};

const settingsFor = (c: TinyCase, options = c.options): SearchSettings => ({ strategy: 'random', budget: 1, seed: 0, estimator: c.estimator, objectives: [], constraints: [], ...(options ? { estimatorOptions: options } : {}) });

for (const name of ESTIMATOR_NAMES) {
  const descriptor: EstimatorDescriptor = ESTIMATORS[name];

  test(`${name}: built from its defaults, produces exactly the metrics of its catalog on a tiny case`, async () => {
    const tiny = TINY[name]();
    const created = await createEstimator(settingsFor(tiny), tmp, {}, () => {}, tiny.space && { space: tiny.space, input: tiny.space.definition.input });
    assert.equal(created.estimator.needsGraph ?? false, descriptor.needsGraph);
    // As the runtime runs it: behind the cost gate, which adds the analytic metrics.
    const gated = withCostGate(created.estimator, [], []);
    try {
      const catalog = estimatorCatalog(name, gated.metricNames(), []);
      const result = await gated.evaluate(tiny.request);
      assert.equal(result.status, 'ok', result.error);
      for (const m of catalog) assert.ok(Number.isFinite(result.metrics[m.name]), `${m.name} is in the catalog but was not produced`);
      assert.deepEqual(Object.keys(result.metrics).filter((k) => !catalog.some((m) => m.name === k)), [], 'produced but not in the catalog');
      for (const m of catalog) {
        assert.ok(['free', 'cheap', 'expensive'].includes(m.cost) && (m.direction === 'max' || m.direction === 'min'), m.name);
        assert.ok(m.description.length > 0, `${m.name} has a description`);
      }
      // Every setting the run records is one of the estimator's.
      for (const key of Object.keys(created.options)) assert.ok(key in descriptor.settings, key);
    } finally {
      await gated.dispose?.();
    }
  });

  test(`${name}: an unknown setting is a one-line error naming it`, async () => {
    const tiny = TINY[name]();
    await assert.rejects(createEstimator(settingsFor(tiny, { ...tiny.options, noSuchSetting: 1 }), tmp, {}, () => {}, tiny.space && { space: tiny.space, input: tiny.space.definition.input }), (e: Error) => {
      assert.match(e.message, new RegExp(`^estimator ${name} has no setting 'noSuchSetting' \\(`));
      assert.ok(!e.message.includes('\n'), e.message);
      return true;
    });
  });

  test(`${name}: every setting's default is in its range, and a value out of it is refused`, () => {
    for (const [key, spec] of Object.entries(descriptor.settings)) {
      assert.ok(!('problem' in parseSetting(spec, spec.default)), `${key}'s default`);
      const bad = spec.type === 'number' ? spec.min - 1 : spec.type === 'choice' ? 'no-such-value' : undefined;
      if (bad !== undefined) assert.ok('problem' in parseSetting(spec, bad), `${key} = ${bad}`);
    }
    const names = descriptor.metrics.map((m) => m.name);
    assert.equal(new Set(names).size, names.length, 'metric names are unique');
  });
}
