// Comparing two candidates (webview/archCompare.ts): the decisions that differ, and per cell the
// edges whose operation differs, on a NAS-Bench-201 cell and a block space.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cell, cellStack, choice, conv, defineSpace, stage, invertedResidual, int } from '../../src/api';
import { drawArchitecture } from '../../src/core/space/architectureDrawing';
import { CompiledSearchSpace } from '../../src/core/space/space';
import type { ArchitectureDetail } from '../../src/protocol/records';
import { compareArchitectures } from '../../webview/archCompare';

function detail(space: CompiledSearchSpace, key: string): ArchitectureDetail {
  const arch = space.fromKey(key);
  const graph = space.decode(arch);
  return { key, input: graph.input, classes: graph.classes, params: graph.params, macs: graph.macs, layers: [], values: space.values(arch), drawing: drawArchitecture(graph, space.cellDags(arch)) };
}

test('two NAS-Bench-201 cells differ in the edges whose operation differs', () => {
  const ops = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;
  const space = new CompiledSearchSpace(defineSpace({ name: 'nb201', input: { shape: [8, 8, 3], classes: 2 }, layers: [conv({ filters: 4, kernel: 3 }), cellStack({ cell: cell({ name: 'c', nodes: 4, ops: [...ops] }), repeat: 2 })] }));
  const a = detail(space, '|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|skip_connect~0|none~1|avg_pool_3x3~2|');
  const b = detail(space, '|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|none~1|skip_connect~2|');
  const diff = compareArchitectures(a, b);
  assert.deepEqual([...diff.decisions].sort(), ['cells.c.1->2', 'cells.c.2->3']);
  assert.deepEqual([...diff.edges.get('c')!].sort(), ['1->2', '2->3']);
  const same = compareArchitectures(a, a);
  assert.equal(same.decisions.size, 0);
  assert.equal(same.edges.get('c')!.size, 0);
});

test('a decision active in only one candidate (a deeper stage) counts as differing', () => {
  const space = new CompiledSearchSpace(defineSpace({ name: 'blocks', input: { shape: [8, 8, 3], classes: 2 }, layers: [stage({ depth: int(1, 2), block: invertedResidual({ filters: choice(4, 8), kernel: 3, expand: choice(1, 2) }) })] }));
  const keys = [...space.enumerate()].map((arch) => space.key(arch));
  const shallow = keys.find((k) => space.values(space.fromKey(k))['layers.0.depth'] === 1)!;
  const deep = keys.find((k) => {
    const v = space.values(space.fromKey(k));
    const s = space.values(space.fromKey(shallow));
    return v['layers.0.depth'] === 2 && v['layers.0.blocks.0.filters'] === s['layers.0.blocks.0.filters'] && v['layers.0.blocks.0.expand'] === s['layers.0.blocks.0.expand'];
  })!;
  const diff = compareArchitectures(detail(space, shallow), detail(space, deep));
  assert.deepEqual([...diff.decisions].sort(), ['layers.0.blocks.1.expand', 'layers.0.blocks.1.filters', 'layers.0.depth']);
  assert.equal(diff.edges.size, 0, 'a space without cells has no edges to compare');
});
