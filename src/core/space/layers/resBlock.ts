import { checkKeys, checkNumber, here } from '../dsl';
import type { GraphBuilder } from '../graphBuilder';
import { conv } from './conv';
import type { Layer } from './index';
import { makeLayer, plainLayer } from './kind';

export interface ResBlockSpec {
  filters: number;
  stride?: number;
}

/** ResNet basic block that changes width and resolution (NAS-Bench-201's reduction block). */
export function resBlock(spec: ResBlockSpec): Layer<'resBlock'> {
  const loc = here();
  const l = makeLayer('resBlock', spec, loc);
  checkKeys('resBlock()', spec, ['filters', 'stride'], loc);
  checkNumber('resBlock()', 'filters', spec.filters, loc, { min: 1, max: 65536 });
  checkNumber('resBlock()', 'stride', spec.stride, loc, { min: 1, max: 8, optional: true });
  return l;
}

/** A strided ReLU-conv-BN pair, and an avg-pool + 1x1 conv shortcut where the shape changes. */
function resBlockNodes(g: GraphBuilder, x: string, filters: number, stride: number): string {
  g.describe({ op: 'res block', channels: filters, stride });
  let a = g.batchNorm(g.conv2d(g.act(x, 'relu'), filters, 3, stride, false));
  a = g.batchNorm(g.conv2d(g.act(a, 'relu'), filters, 3, 1, false));
  let b = x;
  if (stride > 1) b = g.pool(b, 'avgPool', stride, stride, 'same');
  if (g.shapeOf(x)[2] !== filters) b = g.conv2d(b, filters, 1, 1, false);
  return g.add([a, b]);
}

export const resBlockKind = plainLayer<ResBlockSpec>(
  ['filters'],
  (r) => (g, x, v) => resBlockNodes(g, x, v.num(r.filters, 1), v.num(r.stride, 2)),
  () => [[conv({ filters: 4, kernel: 3 }), resBlock({ filters: 8 }), resBlock({ filters: 8, stride: 1 })]],
);
