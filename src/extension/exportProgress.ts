// Export Candidate's progress notification while it trains first: "epoch 2/5 · batch 17/32 ·
// loss 1.234" and a bar that fills over the epochs, then what it does once training is over
// (batch-norm recalibration, validation, writing the files), whose val_acc the closing message gives.
import { formatTrainingStep } from '../protocol/formatMetric';

/** What vscode.Progress offers, so this is tested without an editor. */
export interface ProgressReporter {
  report(value: { message?: string; increment?: number }): void;
}

export interface ExportTrainingStep {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
}

export function exportProgress(progress: ProgressReporter): (t: ExportTrainingStep) => void {
  let done = 0;
  return (t) => {
    const percent = (100 * (t.epoch - 1 + t.batch / t.batches)) / t.epochs;
    const finished = t.epoch === t.epochs && t.batch === t.batches;
    const message = `training: ${formatTrainingStep({ ...t, repeat: 1, repeats: 1 })}${finished ? '; validating and writing the model' : ''}`;
    // The bar only grows: a message that arrives late must not take it back.
    progress.report({ message, increment: Math.max(0, percent - done) });
    done = Math.max(done, percent);
  };
}
