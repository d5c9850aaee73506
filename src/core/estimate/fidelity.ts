// Fidelity: a setting of an estimator that trades the accuracy of a result for its cost (proxy
// training's epochs, its training subset, its resolution). An estimator declares which of its
// settings are fidelities (EstimatorDescriptor.fidelity); a multi-fidelity strategy asks for a
// candidate at a level of one of them (EvaluationRequest.fidelity), and the record says which
// level its metrics were measured at (CandidateRecord.fidelity).

/** A setting the estimator accepts as a fidelity. Its highest level is the run's value of the setting. */
export interface FidelityDeclaration {
  setting: string;
  /** The lowest level worth evaluating at. */
  min: number;
  /** Whether a candidate evaluated at a level continues from its checkpoint at a lower one rather than from scratch. */
  continues: boolean;
  description: string;
}

/** The range a run's strategy may evaluate at: the first declared fidelity, up to the run's value of it. */
export interface FidelityRange {
  setting: string;
  min: number;
  max: number;
}

/** The level a candidate was asked for or evaluated at; `rung` is the strategy's 0-based step on its ladder. */
export interface FidelityLevel {
  setting: string;
  value: number;
  rung: number;
}

/** The run's fidelity range: the first declared fidelity, from its min up to the run's value of the setting; none when that value is below min. */
export function fidelityRange(declared: readonly FidelityDeclaration[] | undefined, settings: Readonly<Record<string, unknown>> = {}): FidelityRange | undefined {
  const first = declared?.find((d) => typeof settings[d.setting] === 'number');
  if (!first) return undefined;
  const max = settings[first.setting] as number;
  return max >= first.min ? { setting: first.setting, min: first.min, max } : undefined;
}

/** The id of one evaluation of a candidate: its key alone at full fidelity, else key@value (a candidate is evaluated once per level). */
export function evaluationId(key: string, fidelity?: FidelityLevel): string {
  return fidelity ? `${key}@${fidelity.value}` : key;
}
