// The architecture as the panel draws it (core/space/architectureDrawing.ts), on the example
// spaces: block summaries that account for every parameter and multiply-add, cells as DAGs with
// their dead edges, and DARTS cells whose nodes choose their inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { dartsCell, dartsStack, defineSpace } from '../../src/api';
import { drawArchitecture } from '../../src/core/space/architectureDrawing';
import type { SearchSpace } from '../../src/core/space/searchSpace';
import { CompiledSearchSpace } from '../../src/core/space/space';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const root = path.resolve(__dirname, '..', '..', '..');
const example = async (name: string) => (await loadSpaceFile(path.join(root, 'examples', `${name}.nasspace.ts`))).space;
const draw = (space: SearchSpace, key: string) => {
  const arch = space.fromKey(key);
  return { graph: space.decode(arch), drawing: drawArchitecture(space.decode(arch), space.cellDags(arch)) };
};
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

for (const name of ['mobilenetv2', 'nas-bench-201', 'vgg16-kernels', 'darts']) {
  test(`${name}: the summary and the cells account for every parameter and multiply-add`, async () => {
    const space = await example(name);
    for (let k = 0n; k < 7n; k++) {
      const arch = space.unrank((k * space.size) / 7n);
      const graph = space.decode(arch);
      const d = drawArchitecture(graph, space.cellDags(arch));
      assert.equal(sum(d.summary.map((l) => l.params)), graph.params, 'every node is in one summary line');
      assert.equal(sum(d.summary.map((l) => l.macs)), graph.macs);
      for (const cell of d.cells) {
        const groups = new Set((graph.blocks ?? []).filter((b) => b.cell === cell.cell).map((b) => b.group));
        const inCell = graph.nodes.filter((n) => groups.has(n.group));
        assert.equal(cell.copies, groups.size);
        assert.equal(sum([...cell.nodes, ...cell.edges].map((p) => p.cost.params)), sum(inCell.map((n) => n.params)), `every node of cell ${cell.cell} belongs to one of its nodes or edges`);
        assert.equal(sum([...cell.nodes, ...cell.edges].map((p) => p.cost.macs)), sum(inCell.map((n) => n.macs)));
      }
    }
  });
}

test('MobileNetV2: one line per stage, like blocks counted ("IR k3 e6 x3, 48 ch")', async () => {
  const space = await example('mobilenetv2');
  // stem 16; stage 1: 1 block; stage 2: 3 blocks 48 k3 e6; stage 3: 2 blocks of 64 k5 e3 then k3 e6; head conv 96; no dropout.
  const { drawing } = draw(space, '16,1,24,7,1,3,48,3,6,48,3,6,48,3,6,2,64,5,3,64,3,6,96,0');
  assert.deepEqual(drawing.summary.map((l) => l.text), [
    'conv k3, 16 ch, stride 2',
    'IR k7 e1, 24 ch',
    'IR k3 e6 x3, 48 ch, stride 2',
    'IR k5 e3 · k3 e6, 64 ch, stride 2',
    'conv k1, 96 ch',
    'global avg pool',
    'classifier, 10 units',
  ]);
  assert.deepEqual(drawing.summary[2].shapes, [[7, 7, 48]]);
  assert.deepEqual(drawing.cells, []);
});

test('VGG: each convolution\'s kernel, compactly, per block of one width', async () => {
  const space = await example('vgg16-kernels');
  const { drawing } = draw(space, '3,5,7,7,3,3,5,5,5,5,5,5,3,1024,512,64');
  assert.deepEqual(drawing.summary.map((l) => l.text), [
    'conv k3 · k5, 64 ch',
    'max pool 2×2, stride 2',
    'conv k7 x2, 128 ch',
    'max pool 2×2, stride 2',
    'conv k3 x2 · k5, 256 ch',
    'max pool 2×2, stride 2',
    'conv k5 x3, 512 ch',
    'max pool 2×2, stride 2',
    'conv k5 x2 · k3, 512 ch',
    'flatten',
    'dense, 1024 units',
    'dense, 512 units',
    'dense, 64 units',
    'classifier, 10 units',
  ]);
});

test('NAS-Bench-201: the cell is one DAG of 6 edges, the edges that change nothing dead', async () => {
  const space = await example('nas-bench-201');
  // Node 2 is fed only by none (always zero), so the conv reading it is dead; node 1 feeds only
  // none edges, so the conv into it reaches nothing; only the skip 0->3 carries the input.
  const { drawing } = draw(space, '|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|');
  assert.deepEqual(drawing.summary.map((l) => l.text), ['conv k3, 16 ch', 'cell nb201 x5, 16 ch', 'res block, 32 ch, stride 2', 'cell nb201 x5, 32 ch', 'res block, 64 ch, stride 2', 'cell nb201 x5, 64 ch', 'batch norm', 'relu', 'classifier, 10 units']);
  assert.equal(drawing.cells.length, 1);
  const [cell] = drawing.cells;
  assert.equal(cell.copies, 15);
  assert.deepEqual(cell.nodes.map((n) => [n.id, n.role]), [['0', 'input'], ['1', 'node'], ['2', 'node'], ['3', 'output']]);
  assert.deepEqual(cell.edges.map((e) => [`${e.from}->${e.to}`, e.op, e.dead]), [
    ['0->1', 'nor_conv_3x3', true],
    ['0->2', 'none', true],
    ['1->2', 'none', true],
    ['0->3', 'skip_connect', false],
    ['1->3', 'none', true],
    ['2->3', 'nor_conv_3x3', true],
  ]);
  assert.deepEqual(cell.nodes[3].cost.shapes, [[32, 32, 16], [16, 16, 32], [8, 8, 64]], 'a node has one shape per width the cell is placed at');
  // The 3x3 conv edge: BN (4 params per channel) and a 3x3 kernel, 5 copies at each width.
  assert.equal(cell.edges[0].cost.params, 5 * [16, 32, 64].reduce((a, c) => a + 9 * c * c + 4 * c, 0));

  const full = draw(space, '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|skip_connect~2|').drawing.cells[0];
  assert.ok(full.edges.every((e) => !e.dead), 'no edge of a cell without none is dead');
});

test('DARTS: a normal and a reduction cell, each node drawn with the two inputs it chose', async () => {
  const space = await example('darts');
  const key =
    'normal=[(sep_conv_3x3,0),(sep_conv_3x3,1),(sep_conv_3x3,0),(sep_conv_3x3,1),(skip_connect,0),(sep_conv_3x3,1),(skip_connect,0),(skip_connect,2)],' +
    'reduce=[(max_pool_3x3,0),(max_pool_3x3,1),(max_pool_3x3,1),(skip_connect,2),(max_pool_3x3,0),(skip_connect,2),(max_pool_3x3,1),(skip_connect,2)]';
  const { drawing } = draw(space, key);
  assert.deepEqual(drawing.summary.map((l) => l.text), ['conv k3, 48 ch', 'cell normal x2, 16 ch', 'cell reduce · normal x2, 32 ch, stride 2', 'cell reduce · normal x2, 64 ch, stride 2', 'classifier, 10 units']);
  assert.deepEqual(drawing.cells.map((c) => [c.cell, c.copies]), [['normal', 6], ['reduce', 2]]);
  const normal = drawing.cells[0];
  assert.deepEqual(normal.nodes.map((n) => n.label), ['c(k-2)', 'c(k-1)', '2', '3', '4', '5', 'out (concat)']);
  assert.deepEqual(normal.edges.filter((e) => e.to === '5').map((e) => [e.from, e.op]), [['0', 'skip_connect'], ['2', 'skip_connect']]);
  assert.equal(normal.edges.length, 8 + 4, "two inputs per node, and the output's four");
  assert.ok(normal.edges.every((e) => !e.dead));
  assert.deepEqual(drawing.cells[1].nodes.find((n) => n.id === '2')?.cost.shapes, [[16, 16, 32], [8, 8, 64]], 'a reduction cell halves the resolution');
});

test('DARTS: an input read through none only, and what reads it, are dead', () => {
  const space = new CompiledSearchSpace(defineSpace({
    name: 'darts-none',
    input: { shape: [8, 8, 3], classes: 2 },
    layers: [dartsStack({ cells: { c: dartsCell({ nodes: 2, ops: ['none', 'sep_conv_3x3', 'skip_connect'] }) }, plan: ['c'], channels: 4 })],
  }));
  const { drawing } = draw(space, 'c=[(none,0),(none,1),(sep_conv_3x3,0),(skip_connect,2)]');
  assert.deepEqual(drawing.cells[0].edges.map((e) => [`${e.from}->${e.to}`, e.op, e.dead]), [
    ['0->2', 'none', true],
    ['1->2', 'none', true],
    ['0->3', 'sep_conv_3x3', false],
    ['2->3', 'skip_connect', true],
    ['2->out', '', true],
    ['3->out', '', false],
  ]);
});
