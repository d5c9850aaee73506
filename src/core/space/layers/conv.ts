import { checkKeys, checkNumber, choice, fail, here } from '../dsl';
import type { Param } from '../dsl';
import { activationOf, checkActivation, type Activation } from './activation';
import type { Layer } from './index';
import { makeLayer, plainLayer } from './kind';

export interface ConvSpec {
  filters: Param<number>;
  kernel: Param<number>;
  stride?: Param<number>;
  activation?: Activation;
  /** Batch normalisation after the convolution (then the convolution has no bias). Default true. */
  batchNorm?: boolean;
}

/** Convolution (padding 'same'), then batch norm and the activation. */
export function conv(spec: ConvSpec): Layer<'conv'> {
  const loc = here();
  const l = makeLayer('conv', spec, loc);
  checkKeys('conv()', spec, ['filters', 'kernel', 'stride', 'activation', 'batchNorm'], loc);
  checkNumber('conv()', 'filters', spec.filters, loc, { min: 1, max: 65536 });
  checkNumber('conv()', 'kernel', spec.kernel, loc, { min: 1, max: 31 });
  checkNumber('conv()', 'stride', spec.stride, loc, { min: 1, max: 8, optional: true });
  checkActivation('conv()', spec.activation, loc);
  if (spec.batchNorm !== undefined && typeof spec.batchNorm !== 'boolean') fail(`conv(): 'batchNorm' must be true or false`, loc);
  return l;
}

export const convKind = plainLayer<ConvSpec>(
  ['filters', 'kernel'],
  (r) => (g, x, v) => {
    const bn = v.value(r.batchNorm) !== false;
    let y = g.conv2d(x, v.num(r.filters, 1), v.num(r.kernel, 3), v.num(r.stride, 1), !bn);
    if (bn) y = g.batchNorm(y);
    return g.act(y, activationOf(v.value(r.activation)));
  },
  () => [
    [conv({ filters: choice(2, 4), kernel: choice(1, 3), stride: choice(1, 2), activation: 'relu6' })],
    [conv({ filters: 3, kernel: 5, batchNorm: false, activation: 'none' })],
  ],
);
