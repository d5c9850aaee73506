import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rungCurveText, rungHistory } from '../../src/core/run/rungs';
import type { CandidateRecord } from '../../src/core/run/types';
import type { RunView } from '../../src/protocol/webviewProtocol';
import { RunModel } from '../../webview/runModel';
import { hasRungs, RUNG_COLUMN, rungCell, rungHoverLines } from '../../webview/rungView';

const at = (rung: number) => ({ setting: 'epochs', value: 3 ** rung, rung });
const rec = (index: number, key: string, rung: number | undefined, acc: number): CandidateRecord => ({
  index, key, encoding: [index], status: 'ok', metrics: { acc, lat: index + 1 }, startedAt: 0, durationMs: 1, ...(rung === undefined ? {} : { fidelity: at(rung) }),
});

function model(candidates: CandidateRecord[]): RunModel {
  const view: RunView = {
    runId: 'r', runDir: '/r', status: 'running', candidates,
    info: { runId: 'r', createdAt: 'now', toolVersion: '0', spaceFile: '/s', spaceHash: 'h', spaceName: 's', spaceSize: '10', settings: { strategy: 'halving', budget: 10, seed: 0, estimator: 'table:x', objectives: ['max:acc', 'min:lat'], constraints: [] } },
  };
  return new RunModel(view);
}

// a: rungs 0, 1, 2; b: rungs 0, 1; c: rung 0.
const records = [rec(0, 'a', 0, 0.5), rec(1, 'b', 0, 0.4), rec(2, 'c', 0, 0.3), rec(3, 'a', 1, 0.7), rec(4, 'b', 1, 0.6), rec(5, 'a', 2, 0.8)];

test('the table lists a multi-fidelity candidate once, at its latest rung, and sorts by rung', () => {
  const m = model(records);
  const byIndex = m.tableRows('#', true, 10);
  assert.equal(byIndex.total, 3);
  assert.deepEqual(byIndex.rows.map((r) => [r.key, r.fidelity?.rung]), [['c', 0], ['b', 1], ['a', 2]]);
  assert.deepEqual(m.tableRows(RUNG_COLUMN, false, 10).rows.map((r) => r.key), ['a', 'b', 'c']);
  assert.deepEqual(m.tableRows(RUNG_COLUMN, true, 2).rows.map((r) => r.key), ['c', 'b']);
});

test('rung cell and hover line count rungs from 1 and name the level; a run without fidelity has neither', () => {
  assert.ok(hasRungs(records));
  assert.equal(rungCell(records[5].fidelity), '3 · epochs 9');
  assert.deepEqual(rungHoverLines(records[4]), ['rung 2 · epochs 3']);
  const plain = rec(0, 'p', undefined, 0.5);
  assert.ok(!hasRungs([plain]) && !hasRungs([]));
  assert.equal(rungCell(plain.fidelity), '');
  assert.deepEqual(rungHoverLines(plain), []);
});

test("a candidate's curve across rungs: its records lowest rung first, whatever order they came in", () => {
  const shuffled = [records[5], records[1], records[0], records[3]];
  assert.deepEqual(rungHistory(shuffled, 'a').map((r) => r.index), [0, 3, 5]);
  assert.deepEqual(rungHistory(shuffled, 'c'), []);
  assert.equal(rungCurveText(rungHistory(records, 'a'), 'acc', (v) => v.toFixed(2)), 'epochs 1: 0.50 → 3: 0.70 → 9: 0.80');
  assert.equal(rungCurveText(rungHistory(records, 'a'), 'missing', String), 'epochs 1: – → 3: – → 9: –');
  assert.deepEqual(rungHistory([rec(0, 'p', undefined, 0.5)], 'p'), []);
});
