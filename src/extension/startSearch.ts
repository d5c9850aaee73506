// "NAS: Start Search": pick a space file, then strategy, budget and estimator with quick picks
// whose defaults come from the space file and the settings. Returns the request to run, or
// undefined when the user cancels or the space has problems.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SearchRequest } from '../protocol/records';
import { searchConfig } from './config';
import { groupDigits } from '../protocol/formatMetric';
import { STRATEGY_DESCRIPTIONS, STRATEGY_NAMES, type StrategyName } from '../core/search/strategyNames';
import { ESTIMATOR_NAMES, ESTIMATORS, estimatorUsage, estimatorUsages, type EstimatorName } from '../core/estimate/estimators/index';
import type { EstimatorDescriptor } from '../core/estimate/descriptor';
import { budgetInputError, defaultSettings, estimatorError, resolveEstimatorPath } from './searchSettings';
import type { SpaceRegistry } from './spaces';
import { RunRegistry } from './runRegistry';

export async function pickSpaceFile(spaces: SpaceRegistry, uri?: vscode.Uri, title = 'NAS: Start Search (1/4): search space'): Promise<string | undefined> {
  if (uri) return uri.fsPath;
  const active = vscode.window.activeTextEditor?.document.uri;
  const files = spaces.list().map((s) => s.file);
  if (active?.fsPath.endsWith('.nasspace.ts')) {
    // The active editor's space goes first, preselected.
    files.sort((a, b) => (a === active.fsPath ? -1 : b === active.fsPath ? 1 : 0));
    if (!files.includes(active.fsPath)) files.unshift(active.fsPath);
  }
  if (files.length === 0) {
    const create = 'New Search Space';
    const c = await vscode.window.showWarningMessage('NAS: no *.nasspace.ts file in the workspace.', create);
    if (c === create) await vscode.commands.executeCommand('nas.newSearchSpace');
    return undefined;
  }
  const items = files.map((f) => {
    const d = spaces.get(f);
    return { label: path.basename(f), description: vscode.workspace.asRelativePath(f), detail: d ? (d.problems.length ? `${d.problems.length} problem(s)` : `${groupDigits(d.size)} architectures`) : undefined, file: f };
  });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Which search space?', ignoreFocusOut: true });
  return picked?.file;
}

export async function askSearchRequest(spaces: SpaceRegistry, file: string): Promise<SearchRequest | undefined> {
  const description = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `NAS: loading ${path.basename(file)}` }, () => spaces.describe(file));
  if (description.problems.length) {
    const show = 'Show Problems';
    const first = description.problems[0];
    const c = await vscode.window.showErrorMessage(`NAS: ${path.basename(file)} has ${description.problems.length} problem(s): ${first.message} (line ${first.line})`, show);
    if (c === show) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) ?? vscode.workspace.workspaceFolders?.[0];
  const folderPath = folder?.uri.fsPath;
  let defaults;
  try {
    defaults = defaultSettings(description.searchDefaults, searchConfig(folder?.uri), folderPath);
  } catch (e) {
    void vscode.window.showErrorMessage(`NAS: ${(e as Error).message}`);
    return undefined;
  }
  const strategies = [defaults.strategy, ...STRATEGY_NAMES.filter((s) => s !== defaults.strategy)];
  const strategy = await vscode.window.showQuickPick(
    strategies.map((s) => ({ label: s, description: s === defaults.strategy ? 'default' : undefined, detail: STRATEGY_DESCRIPTIONS[s as StrategyName] })),
    { title: `NAS: Start Search (2/4): strategy for ${description.name} (${groupDigits(description.size)} architectures)`, placeHolder: 'Search strategy', ignoreFocusOut: true },
  );
  if (!strategy) return undefined;
  const budgetText = await vscode.window.showInputBox({ title: 'NAS: Start Search (3/4): budget', prompt: 'How many candidates to evaluate', value: String(defaults.budget), validateInput: budgetInputError, ignoreFocusOut: true });
  if (budgetText === undefined) return undefined;
  const est = await vscode.window.showQuickPick(estimatorItems(defaults.estimator), { title: 'NAS: Start Search (4/4): estimator', placeHolder: `How to score candidates: ${estimatorUsages()}`, ignoreFocusOut: true });
  if (!est) return undefined;
  let estimator = est.label;
  if (est.needs) {
    const argument = est.needs.file ? await pickFile(est.needs.name, est.needs.file, folder?.uri) : await vscode.window.showInputBox({ title: `NAS: estimator ${estimatorUsage(est.needs.name)}`, prompt: `The ${est.needs.placeholder}, e.g. ${est.needs.example}`, ignoreFocusOut: true });
    if (!argument) return undefined;
    estimator = `${est.needs.name}:${argument}`;
  }
  const problem = estimatorError(estimator);
  if (problem) {
    void vscode.window.showErrorMessage(`NAS: ${problem}`);
    return undefined;
  }
  estimator = resolveEstimatorPath(estimator, folderPath, path.isAbsolute, path.join);
  const outDir = RunRegistry.runsDir(folderPath ?? path.dirname(file));
  return { spaceFile: file, outDir, settings: { ...defaults, strategy: strategy.label, budget: Number(budgetText), estimator } };
}

interface EstimatorItem extends vscode.QuickPickItem {
  /** A pattern entry (table:<file.json>): its argument is asked for next. */
  needs?: NonNullable<EstimatorDescriptor['argument']> & { name: EstimatorName };
}

/** The default first, then the registry's plain names, then its patterns, which ask for their argument next. */
function estimatorItems(defaultEstimator: string): EstimatorItem[] {
  const items: EstimatorItem[] = [{ label: defaultEstimator, description: 'default' }];
  const entries = ESTIMATOR_NAMES.map((name) => ({ name, d: ESTIMATORS[name] }));
  // A name whose argument is optional (zc) is also a plain entry.
  for (const { name, d } of entries) if ((!d.argument || d.argument.optional) && name !== defaultEstimator) items.push({ label: name, description: d.summary });
  for (const { name, d } of entries) {
    if (d.argument) items.push({ label: d.argument.file ? `Choose a ${name} file…` : estimatorUsage(name), description: d.summary, needs: { ...d.argument, name } });
  }
  return items;
}

async function pickFile(name: EstimatorName, file: { label: string; extensions: readonly string[] }, defaultUri: vscode.Uri | undefined): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [file.label]: [...file.extensions] }, defaultUri, title: `NAS: ${file.label} (${estimatorUsage(name)})` });
  return picked?.[0]?.fsPath;
}
