import { checkKeys, checkNumber, choice, here } from '../dsl';
import type { Param } from '../dsl';
import { activationOf, checkActivation, type Activation } from './activation';
import { flatten } from './flatten';
import type { Layer } from './index';
import { makeLayer, plainLayer } from './kind';

export interface DenseSpec {
  units: Param<number>;
  activation?: Activation;
}

/** Fully connected layer with bias, then the activation (default relu). */
export function dense(spec: DenseSpec): Layer<'dense'> {
  const loc = here();
  const l = makeLayer('dense', spec, loc);
  checkKeys('dense()', spec, ['units', 'activation'], loc);
  checkNumber('dense()', 'units', spec.units, loc, { min: 1, max: 1 << 20 });
  checkActivation('dense()', spec.activation, loc);
  return l;
}

export const denseKind = plainLayer<DenseSpec>(
  ['units'],
  (r) => (g, x, v) => g.act(g.dense(x, v.num(r.units, 1)), activationOf(v.value(r.activation))),
  () => [[flatten(), dense({ units: choice(4, 8) }), dense({ units: 5, activation: 'none' })]],
);
