import { checkKeys, checkNumber, choice, here } from '../dsl';
import type { Param } from '../dsl';
import type { GraphBuilder } from '../graphBuilder';
import { conv } from './conv';
import type { Layer } from './index';
import { makeLayer, plainLayer } from './kind';

export interface InvertedResidualSpec {
  filters: Param<number>;
  kernel: Param<number>;
  expand: Param<number>;
  stride?: Param<number>;
}

/** The settings without a default (stage() decodes its blocks with the same). */
export const INVERTED_RESIDUAL_REQUIRED = ['filters', 'kernel', 'expand'];

/**
 * MobileNetV2 inverted residual block: 1x1 expansion (skipped when expand is 1), depthwise
 * kxk with the stride, 1x1 projection; each with batch norm, ReLU6 after the first two; a
 * residual connection when the stride is 1 and the widths match.
 */
export function invertedResidual(spec: InvertedResidualSpec): Layer<'invertedResidual'> {
  const loc = here();
  const l = makeLayer('invertedResidual', spec, loc);
  checkKeys('invertedResidual()', spec, ['filters', 'kernel', 'expand', 'stride'], loc);
  checkNumber('invertedResidual()', 'filters', spec.filters, loc, { min: 1, max: 65536 });
  checkNumber('invertedResidual()', 'kernel', spec.kernel, loc, { min: 1, max: 31 });
  checkNumber('invertedResidual()', 'expand', spec.expand, loc, { min: 1, max: 64 });
  checkNumber('invertedResidual()', 'stride', spec.stride, loc, { min: 1, max: 8, optional: true });
  return l;
}

export function invertedResidualNodes(g: GraphBuilder, x: string, filters: number, kernel: number, expand: number, stride: number): string {
  const inChannels = g.shapeOf(x)[2];
  g.describe({ op: 'IR', settings: `k${kernel} e${expand}`, channels: filters, stride });
  let y = x;
  if (expand !== 1) y = g.act(g.batchNorm(g.conv2d(y, inChannels * expand, 1, 1, false)), 'relu6');
  y = g.act(g.batchNorm(g.depthwiseConv2d(y, kernel, stride)), 'relu6');
  y = g.batchNorm(g.conv2d(y, filters, 1, 1, false));
  return stride === 1 && inChannels === filters ? g.add([x, y]) : y;
}

export const invertedResidualKind = plainLayer<InvertedResidualSpec>(
  INVERTED_RESIDUAL_REQUIRED,
  (r) => (g, x, v) => invertedResidualNodes(g, x, v.num(r.filters, 1), v.num(r.kernel, 3), v.num(r.expand, 1), v.num(r.stride, 1)),
  () => [[conv({ filters: 4, kernel: 1 }), invertedResidual({ filters: choice(4, 6), kernel: choice(3, 5), expand: choice(1, 3), stride: choice(1, 2) })]],
);
