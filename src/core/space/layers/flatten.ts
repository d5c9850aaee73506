import { here } from '../dsl';
import type { Layer } from './index';
import { makeLayer, plainLayer } from './kind';

export function flatten(): Layer<'flatten'> {
  return makeLayer('flatten', {}, here());
}

export const flattenKind = plainLayer<Record<string, never>>(
  [],
  () => (g, x) => g.flatten(x),
  () => [[flatten()]],
);
