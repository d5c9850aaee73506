// maxPool() and avgPool(): two kinds, one definition apart from the op they decode into.
import { checkKeys, checkNumber, here } from '../dsl';
import { conv } from './conv';
import type { Layer } from './index';
import { makeLayer, plainLayer, type LayerKind } from './kind';

export interface PoolSpec {
  size?: number;
  stride?: number;
}

function pool<T extends 'maxPool' | 'avgPool'>(type: T, spec: PoolSpec): Layer<T> {
  const loc = here();
  const l = makeLayer(type, spec, loc);
  checkKeys(`${type}()`, spec, ['size', 'stride'], loc);
  checkNumber(`${type}()`, 'size', spec.size, loc, { min: 1, max: 31, optional: true });
  checkNumber(`${type}()`, 'stride', spec.stride, loc, { min: 1, max: 31, optional: true });
  return l;
}

/** Max pooling, 'valid' padding; size 2 and stride = size by default. */
export function maxPool(spec: PoolSpec = {}): Layer<'maxPool'> {
  return pool('maxPool', spec);
}
/** Average pooling, 'valid' padding; size 2 and stride = size by default. */
export function avgPool(spec: PoolSpec = {}): Layer<'avgPool'> {
  return pool('avgPool', spec);
}

function poolKind(op: 'maxPool' | 'avgPool', make: (spec?: PoolSpec) => Layer): LayerKind<PoolSpec> {
  return plainLayer<PoolSpec>(
    [],
    (r) => (g, x, v) => {
      const size = v.num(r.size, 2);
      return g.pool(x, op, size, v.num(r.stride, size));
    },
    () => [[conv({ filters: 2, kernel: 1 }), make()], [make({ size: 3, stride: 2 })]],
  );
}

export const maxPoolKind = poolKind('maxPool', maxPool);
export const avgPoolKind = poolKind('avgPool', avgPool);
