// The DARTS space (examples/darts.nasspace.ts: the same cells, decisions and genotype keys) at a
// width and depth a proxy search can train in seconds per candidate: Fashion-MNIST's 28x28x1
// images, 8 channels, 5 cells with a reduction at 1/3 and 2/3. Try it:
//   nas search examples/darts-fashion.nasspace.ts --budget 10
import { dartsCell, dartsStack, defineSpace, type DartsOp } from 'nas-workbench';

const ops: DartsOp[] = ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'];
const normal = dartsCell({ nodes: 4, inputsPerNode: 2, ops });
const reduce = dartsCell({ nodes: 4, inputsPerNode: 2, ops, reduction: true });

export default defineSpace({
  name: 'darts-fashion',
  input: { shape: [28, 28, 1], classes: 10 },
  layers: [dartsStack({ cells: { normal, reduce }, plan: ['normal', 'reduce', 'normal', 'reduce', 'normal'], channels: 8 })],
  search: { strategy: 'evolution', budget: 10, estimator: 'proxy', objectives: ['max:val_acc', 'min:params'] },
  train: { epochs: 1, subset: 2000 },
});
