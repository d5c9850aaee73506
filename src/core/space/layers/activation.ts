// The activations conv() and dense() take, shared by both.
import { describe, fail } from '../dsl';
import type { OptionValue, SourceLocation } from '../types';

export type Activation = 'relu' | 'relu6' | 'none';

export function checkActivation(owner: string, a: unknown, loc: SourceLocation | undefined): void {
  if (a !== undefined && a !== 'relu' && a !== 'relu6' && a !== 'none') fail(`${owner}: 'activation' must be 'relu', 'relu6' or 'none', got ${describe(a)}`, loc);
}

/** The activation a layer decodes with: relu unless set. */
export function activationOf(value: OptionValue | undefined): Activation {
  return (value as Activation | undefined) ?? 'relu';
}
