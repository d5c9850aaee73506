// Reads the extension's settings (contributed in package.json under `nas.*`).
import * as vscode from 'vscode';
import type { ExtensionSearchConfig } from './searchSettings';

export function searchConfig(scope?: vscode.Uri): ExtensionSearchConfig {
  const c = vscode.workspace.getConfiguration('nas.search', scope);
  return {
    defaultBudget: c.get<number>('defaultBudget', 100),
    defaultStrategy: c.get<string>('defaultStrategy', 'evolution'),
    defaultEstimator: c.get<string>('defaultEstimator', 'proxy'),
    defaultObjectives: c.get<string[]>('defaultObjectives', ['max:val_acc', 'min:latency_ms']),
    defaultSeed: c.get<number>('defaultSeed', 0),
    parallel: c.get<number>('parallel', 1),
    queueUrl: vscode.workspace.getConfiguration('nas.queue', scope).get<string>('url', ''),
  };
}

/** The Node executable for the worker; undefined means the editor's own runtime run as Node. */
export function workerNodePath(): string | undefined {
  const p = vscode.workspace.getConfiguration('nas.worker').get<string>('nodePath', '').trim();
  return p === '' ? undefined : p;
}

export function describeTimeoutMs(): number {
  return Math.max(1000, vscode.workspace.getConfiguration('nas.worker').get<number>('describeTimeoutSec', 15) * 1000);
}
