// The Hamming-kernel Gaussian process (hammingGp.ts) behind the Predictor interface: it reads the
// decisions only (its kernel counts differing decisions), so cheap metrics do not reach it.

import { HammingGp } from './hammingGp';
import type { Prediction, Predictor, PredictorInput } from './types';

export class GpPredictor implements Predictor {
  private gp: HammingGp | null = null;

  constructor(private readonly options = { lengthScale: 0.7, noise: 0.01 }) {}

  fit(inputs: readonly PredictorInput[], y: readonly number[]): void {
    if (inputs.length === 0) {
      this.gp = null;
      return;
    }
    const gp = new HammingGp(inputs[0].encoding.length, 1, this.options);
    inputs.forEach((input, i) => gp.add(input.encoding, [y[i]]));
    this.gp = gp;
  }

  predict(input: PredictorInput): Prediction {
    if (!this.gp) return { mean: 0, std: 0 };
    const cache = this.gp.extend(input.encoding);
    return { mean: this.gp.predict(cache)[0], std: this.gp.stdDev(cache)[0] };
  }
}
