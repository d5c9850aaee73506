// The DARTS CIFAR-10 search space (Liu et al., 2019): a normal and a reduction cell, each with
// four intermediate nodes that pick two distinct inputs among the two previous cells' outputs and
// the nodes before them, and one of seven operations on each input ('none' is DARTS's eighth, used
// only while searching). 7^8 x C(2,2) x C(3,2) x C(4,2) x C(5,2) = 1,037,664,180 cells of each
// kind, 1,076,746,950,455,072,400 pairs. Keys read like DARTS genotypes, e.g.
// normal=[(sep_conv_3x3,0),(sep_conv_3x3,1),...],reduce=[(max_pool_3x3,0),...].
// Stacked as DARTS searches: 8 cells at 16 channels, reductions at 1/3 and 2/3 of the depth.
import { dartsCell, dartsStack, defineSpace, type DartsOp } from 'nas-workbench';

const ops: DartsOp[] = ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'];
const normal = dartsCell({ nodes: 4, inputsPerNode: 2, ops });
const reduce = dartsCell({ nodes: 4, inputsPerNode: 2, ops, reduction: true });

export default defineSpace({
  name: 'darts',
  input: { shape: [32, 32, 3], classes: 10 },
  layers: [
    dartsStack({
      cells: { normal, reduce },
      plan: ['normal', 'normal', 'reduce', 'normal', 'normal', 'reduce', 'normal', 'normal'],
      channels: 16,
    }),
  ],
  search: { strategy: 'evolution', budget: 100, objectives: ['max:val_acc', 'min:params'] },
});
