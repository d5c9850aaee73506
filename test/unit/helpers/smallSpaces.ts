// Small spaces of each family (layer-wise, variable depth, conditional, cell DAG, DARTS cell), small
// enough to enumerate by brute force in tests.
import { cell, cellStack, choice, conv, dartsCell, dartsStack, defineSpace, dense, flatten, int, invertedResidual, stage, when } from '../../../src/api';

export const smallSpaces = {
  layerwise: () =>
    defineSpace({
      name: 'layerwise',
      input: { shape: [8, 8, 1], classes: 3 },
      layers: [conv({ filters: 4, kernel: choice(3, 5) }), conv({ filters: choice(4, 8), kernel: choice(1, 3, 5) }), flatten(), dense({ units: choice(8, 16) })],
    }),
  depth: () =>
    defineSpace({
      name: 'depth',
      input: { shape: [8, 8, 1], classes: 3 },
      layers: [conv({ filters: 4, kernel: 3 }), stage({ depth: int(1, 3), block: invertedResidual({ filters: 4, kernel: choice(3, 5), expand: choice(1, 6) }) })],
    }),
  conditional: () => {
    const wide = choice(false, true);
    return defineSpace({
      name: 'conditional',
      input: { shape: [8, 8, 1], classes: 3 },
      layers: [conv({ filters: 4, kernel: choice(3, 5) }), flatten(), dense({ units: 8 }), dense({ units: when(wide, true, choice(32, 64, 128), 16) })],
    });
  },
  cell: () =>
    defineSpace({
      name: 'cell',
      input: { shape: [8, 8, 2], classes: 3 },
      layers: [cellStack({ cell: cell({ nodes: 3, ops: ['none', 'skip_connect', 'nor_conv_3x3'] }), repeat: 2 })],
    }),
  darts: () =>
    defineSpace({
      name: 'darts',
      input: { shape: [8, 8, 2], classes: 3 },
      layers: [dartsStack({ cells: { c: dartsCell({ nodes: 2, ops: ['none', 'skip_connect', 'sep_conv_3x3'] }) }, plan: ['c'], channels: 2 })],
    }),
};
