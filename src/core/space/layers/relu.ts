import { here } from '../dsl';
import type { Layer } from './index';
import { makeLayer, plainLayer } from './kind';

export function relu(): Layer<'relu'> {
  return makeLayer('relu', {}, here());
}

export const reluKind = plainLayer<Record<string, never>>(
  [],
  () => (g, x) => g.act(x, 'relu'),
  () => [[relu()]],
);
