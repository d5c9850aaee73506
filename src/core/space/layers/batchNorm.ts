import { here } from '../dsl';
import type { Layer } from './index';
import { makeLayer, plainLayer } from './kind';

export function batchNorm(): Layer<'batchNorm'> {
  return makeLayer('batchNorm', {}, here());
}

export const batchNormKind = plainLayer<Record<string, never>>(
  [],
  () => (g, x) => g.batchNorm(x),
  () => [[batchNorm()]],
);
