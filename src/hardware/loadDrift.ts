// Cancelling the machine's load drift in local timings, as nn-Meter-style profilers on shared
// hardware do: a fixed reference operator is timed in the same moment as what is measured, and
// every timing is rescaled to what the reference took when the profile was made. On a loaded
// machine the table, the calibration candidates and the checked ones are timed minutes apart
// under different loads; rescaled, they are all in the units of one moment, so the table, the
// correction fitted on end-to-end timings and later measurements agree. Pure: the timers are
// passed in (TensorFlow.js in train/localDevice.ts, a synthetic device in tests).
import type { UnitTimer } from './opProfiling';
import type { OpUnitConfig } from './opUnits';

/** What the reference took when the profile was made: timed as a unit and end to end as a model. */
export interface LoadReference {
  signature: string;
  unitMs: number;
  endToEndMs: number;
}

/**
 * The reference: a 3x3 convolution + batch norm + ReLU on 16x16x16, a typical mid-sized unit, a
 * few tens of microseconds on a phone-class CPU: cheap to time often, large enough to time well.
 */
export const REFERENCE_UNIT: OpUnitConfig = {
  signature: 'reference: conv2d 3x3 > batchNorm > relu at 16x16x16',
  inputShapes: [[16, 16, 16]],
  ops: [
    { op: 'conv2d', attrs: { filters: 16, kernel: 3, stride: 1, padding: 'same', useBias: false }, shape: [16, 16, 16] },
    { op: 'batchNorm', attrs: {}, shape: [16, 16, 16] },
    { op: 'relu', attrs: {}, shape: [16, 16, 16] },
  ],
};

/** Units timed between two timings of the reference: its cost is then a small share of the table build. */
export const UNITS_PER_REFERENCE = 8;

/** `ms` timed when the reference took `refNowMs`, in the units of the moment it took `refBaseMs`. */
export function rescaled(ms: number, refNowMs: number, refBaseMs: number): number {
  return refNowMs > 0 && refBaseMs > 0 ? (ms * refBaseMs) / refNowMs : ms;
}

/**
 * `timer` with each unit's time rescaled by the reference, timed again every `every` units (the
 * load changes over seconds; a unit takes milliseconds).
 */
export function driftCorrectedTimer(timer: UnitTimer, reference: LoadReference, every = UNITS_PER_REFERENCE): UnitTimer {
  let refNow: number | undefined;
  let since = 0;
  return {
    async time(unit) {
      if (refNow === undefined || since >= every) {
        refNow = await timer.time(REFERENCE_UNIT);
        since = 0;
      }
      since++;
      return rescaled(await timer.time(unit), refNow, reference.unitMs);
    },
  };
}

/** An end-to-end timing rescaled by the reference's end-to-end time just before and just after it. */
export async function driftCorrectedMeasure(measure: () => Promise<number>, referenceNow: () => Promise<number>, reference: LoadReference): Promise<number> {
  const before = await referenceNow();
  const ms = await measure();
  const after = await referenceNow();
  return rescaled(ms, (before + after) / 2, reference.endToEndMs);
}
