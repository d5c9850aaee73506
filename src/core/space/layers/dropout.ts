import { checkKeys, checkNumber, choice, here } from '../dsl';
import type { Param } from '../dsl';
import { dense } from './dense';
import { flatten } from './flatten';
import type { Layer } from './index';
import { makeLayer, plainLayer } from './kind';

export interface DropoutSpec {
  rate: Param<number>;
}

export function dropout(spec: DropoutSpec): Layer<'dropout'> {
  const loc = here();
  const l = makeLayer('dropout', spec, loc);
  checkKeys('dropout()', spec, ['rate'], loc);
  checkNumber('dropout()', 'rate', spec.rate, loc, { min: 0, max: 0.95, integer: false });
  return l;
}

export const dropoutKind = plainLayer<DropoutSpec>(
  [],
  (r) => (g, x, v) => g.dropout(x, v.num(r.rate, 0)),
  () => [[flatten(), dense({ units: 4 }), dropout({ rate: choice(0, 0.5) })]],
);
