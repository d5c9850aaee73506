import { here } from '../dsl';
import { conv } from './conv';
import type { Layer } from './index';
import { makeLayer, plainLayer } from './kind';

export function globalAvgPool(): Layer<'globalAvgPool'> {
  return makeLayer('globalAvgPool', {}, here());
}

export const globalAvgPoolKind = plainLayer<Record<string, never>>(
  [],
  () => (g, x) => g.globalAvgPool(x),
  () => [[conv({ filters: 4, kernel: 3 }), globalAvgPool()]],
);
