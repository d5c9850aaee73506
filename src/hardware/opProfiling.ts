// Building a device's operator table, as nn-Meter does: find which consecutive op kinds the
// device fuses (time op1, op2 and the pair; fused when the pair is clearly cheaper than the two
// apart), then time each distinct unit once. The timing itself is the `UnitTimer`'s (TensorFlow.js
// in Node or in a browser: train/opTimer.ts; a synthetic device in tests), so this module runs
// anywhere, a browser bundle included.
import type { OpUnitConfig } from './opUnits';

export interface UnitTimer {
  /** Milliseconds the device takes to run the unit once (its own overhead removed). */
  time(unit: OpUnitConfig): Promise<number>;
}

/** A pair is fused when it takes less than this share of its two ops timed apart. */
export const FUSED_BELOW = 0.75;

/** The two ops of a 2-op unit, each as a unit of its own. */
export function splitPair(pair: OpUnitConfig): [OpUnitConfig, OpUnitConfig] {
  const [a, b] = pair.ops;
  const [first, second] = pair.signature.split(' > ');
  return [
    { signature: first, inputShapes: pair.inputShapes, ops: [a] },
    { signature: second, inputShapes: [a.shape], ops: [b] },
  ];
}

/** Fusion rules for the pairs not yet in `known` (kept as they are): pair kind -> fused. */
export async function detectFusion(timer: UnitTimer, pairs: ReadonlyMap<string, OpUnitConfig>, known: Readonly<Record<string, boolean>>): Promise<Record<string, boolean>> {
  const rules: Record<string, boolean> = { ...known };
  for (const [kind, pair] of pairs) {
    if (kind in rules) continue;
    const [a, b] = splitPair(pair);
    const apart = (await timer.time(a)) + (await timer.time(b));
    const together = await timer.time(pair);
    rules[kind] = apart > 0 && together < FUSED_BELOW * apart;
  }
  return rules;
}

/**
 * Times every unit the table lacks and adds it (the table is updated in place, after each unit,
 * so an interruption loses nothing already measured). Returns how many were timed.
 */
export async function profileUnits(timer: UnitTimer, units: readonly OpUnitConfig[], table: Record<string, number>, onUnit?: (done: number, total: number, unit: OpUnitConfig) => void): Promise<number> {
  const todo = units.filter((u) => table[u.signature] === undefined);
  for (const [i, unit] of todo.entries()) {
    table[unit.signature] = Math.max(0, await timer.time(unit));
    onUnit?.(i + 1, todo.length, unit);
  }
  return todo.length;
}
