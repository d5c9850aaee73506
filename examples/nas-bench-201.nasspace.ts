// The NAS-Bench-201 space: one cell (4 nodes, 6 edges, 5 operations: 5^6 = 15,625 cells) stacked
// 5 times in each of 3 stages, with ResNet reduction blocks between stages. Keys are the
// benchmark's standard strings, so tabular data (e.g. NAS-Bench-201 / HW-NAS-Bench accuracies and
// latencies) can be looked up, such as the table shipped with the package, this space's default
// estimator (`--estimator table:nas-bench-201`, nothing to download).
import { batchNorm, cell, cellStack, conv, defineSpace, relu, resBlock } from 'nas-workbench';

const nb201 = cell({
  name: 'nb201',
  nodes: 4,
  ops: ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'],
});

export default defineSpace({
  name: 'nas-bench-201',
  input: { shape: [32, 32, 3], classes: 10 },
  layers: [
    conv({ filters: 16, kernel: 3, activation: 'none' }),
    cellStack({ cell: nb201, repeat: 5 }),
    resBlock({ filters: 32, stride: 2 }),
    cellStack({ cell: nb201, repeat: 5 }),
    resBlock({ filters: 64, stride: 2 }),
    cellStack({ cell: nb201, repeat: 5 }),
    batchNorm(),
    relu(),
  ],
  search: { strategy: 'evolution', budget: 100, estimator: 'table:nas-bench-201', objectives: ['max:c10_valid', 'min:edgegpu_lat'] },
});
