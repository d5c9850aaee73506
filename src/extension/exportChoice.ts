// Export Candidate's one question: which weights the exported model holds. The weights the
// candidate was scored with when the run kept them (proxy runs), training it now (with the
// run's settings, or settings the user types), or untrained weights: the architecture only.
import * as vscode from 'vscode';
import { parseEstimator } from '../core/estimate/estimators/index';
import { parseSettingPair } from '../core/estimate/settings';
import { readScoredWeightsInfo } from '../core/run/runFolder';
import type { RunInfo } from '../core/run/types';

export interface ExportChoice {
  weights: 'scored' | 'train' | 'untrained';
  train?: Record<string, string | number>;
}

type Item = vscode.QuickPickItem & { choice?: ExportChoice; ask?: boolean };

export async function askExportWeights(runDir: string, info: RunInfo, key: string, index: number): Promise<ExportChoice | undefined> {
  const scored = readScoredWeightsInfo(runDir, key);
  const own = parseEstimator(info.settings.estimator).name === 'proxy' ? info.settings.estimatorOptions : undefined;
  const runTraining = own ? `${own.epochs} epoch(s), ${own.subset} samples of ${own.dataset}` : "the space file's train settings (else the proxy's defaults)";
  const items: Item[] = [
    ...(scored ? [{ label: 'Weights it was scored with', description: `val_acc ${scored.valAcc.toFixed(3)} · seed ${scored.seed} · ${scored.epochs} epoch(s) on ${scored.settings.dataset}`, choice: { weights: 'scored' as const } }] : []),
    { label: "Train now with the run's settings", description: runTraining, choice: { weights: 'train', train: {} } },
    { label: 'Train now with…', description: 'settings such as epochs=5 subset=6000', ask: true },
    { label: 'Untrained weights', description: 'the architecture only, freshly initialised, to train elsewhere', choice: { weights: 'untrained' } },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: `NAS: Export candidate #${index}: which weights?`, placeHolder: scored ? undefined : 'This run kept no trained weights for this candidate (only proxy runs do)' });
  if (!pick || pick.choice) return pick?.choice;
  const text = await vscode.window.showInputBox({
    title: `NAS: Export candidate #${index}: training settings`,
    prompt: "key=value pairs over the run's settings ('nas estimators' lists them)",
    value: `epochs=${Math.max(3, Number(own?.epochs ?? 1))}`,
    validateInput: (v) => (trainSettings(v) ? undefined : 'key=value pairs separated by spaces, e.g. epochs=5 subset=6000'),
  });
  const train = text === undefined ? undefined : trainSettings(text);
  return train && { weights: 'train', train };
}

function trainSettings(text: string): Record<string, string | number> | undefined {
  const pairs = text.split(/\s+/).filter(Boolean).map(parseSettingPair);
  return pairs.every((p) => p !== undefined) ? Object.fromEntries(pairs) : undefined;
}
