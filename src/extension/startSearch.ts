// "NAS: Start Search": pick a space file, then strategy, budget, estimator, objectives and
// constraints with quick picks whose defaults are the last choices for that space, else the
// space file's, else the settings (wizardChoices.ts decides them). Returns the request to run, or
// undefined when the user cancels or the space has problems.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SearchRequest } from '../protocol/records';
import { searchConfig } from './config';
import { groupDigits } from '../protocol/formatMetric';
import { STRATEGY_DESCRIPTIONS, STRATEGY_NAMES, type StrategyName } from '../core/search/strategyNames';
import { ESTIMATOR_NAMES, ESTIMATORS, estimatorUsage, estimatorUsages, parseEstimator, type EstimatorName } from '../core/estimate/estimators/index';
import type { EstimatorDescriptor } from '../core/estimate/descriptor';
import { budgetInputError, defaultSettings, estimatorError, resolveEstimatorPath } from './searchSettings';
import { budgetPrompt, budgetWarning, defaultEstimator, metricChoices, objectiveMetrics, objectivesOf, parseConstraintsInput, predictorSourceLabel, predictorSourceRuns, prefill, tryParseEstimator, readRecentTables, readRemembered, RECENT_TABLES_KEY, rememberedKey, withRecentTable, type OfferedEstimator, type PredictorSourceRun, type RememberedChoices } from './wizardChoices';
import type { SpaceRegistry } from './spaces';
import { RunRegistry } from './runRegistry';

/** The wizard's questions: space, strategy, budget, estimator, objectives, constraints. */
const STEPS = 6;

export async function pickSpaceFile(spaces: SpaceRegistry, uri?: vscode.Uri, title = `NAS: Start Search (1/${STEPS}): search space`): Promise<string | undefined> {
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

/** What the wizard needs besides the spaces: where it remembers choices, and the worker that reads a table's columns. */
export interface WizardServices {
  state: vscode.Memento;
  tableColumns(estimator: string): Promise<string[]>;
  log: vscode.LogOutputChannel;
  /** The runs known to the tree: a predictor estimator is offered those of the same space to train on. */
  runs(): readonly PredictorSourceRun[];
}

export async function askSearchRequest(spaces: SpaceRegistry, file: string, services: WizardServices): Promise<SearchRequest | undefined> {
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
    defaults = prefill(defaultSettings(description.searchDefaults, searchConfig(folder?.uri), folderPath), readRemembered(services.state.get(rememberedKey(file))));
  } catch (e) {
    void vscode.window.showErrorMessage(`NAS: ${(e as Error).message}`);
    return undefined;
  }
  const strategies = [defaults.strategy, ...STRATEGY_NAMES.filter((s) => s !== defaults.strategy)];
  const strategy = await vscode.window.showQuickPick(
    strategies.map((s) => ({ label: s, description: s === defaults.strategy ? 'default' : undefined, detail: STRATEGY_DESCRIPTIONS[s as StrategyName] })),
    { title: `NAS: Start Search (2/${STEPS}): strategy for ${description.name} (${groupDigits(description.size)} architectures)`, placeHolder: 'Search strategy', ignoreFocusOut: true },
  );
  if (!strategy) return undefined;
  const budgetText = await vscode.window.showInputBox({
    title: `NAS: Start Search (3/${STEPS}): budget`,
    prompt: budgetPrompt(description.size, description.degenerate),
    value: String(defaults.budget),
    ignoreFocusOut: true,
    validateInput: (text) => {
      const error = budgetInputError(text);
      if (error) return error;
      const warning = budgetWarning(Number(text), description.size, description.degenerate);
      return warning ? { message: warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  if (budgetText === undefined) return undefined;
  const recentTables = readRecentTables(services.state.get(RECENT_TABLES_KEY));
  const offered = defaultEstimator(defaults.estimator, defaults.objectives, recentTables);
  const est = await vscode.window.showQuickPick(estimatorItems(offered, recentTables), { title: `NAS: Start Search (4/${STEPS}): estimator`, placeHolder: `How to score candidates: ${estimatorUsages()}`, ignoreFocusOut: true });
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
  let estimatorOptions = defaults.estimatorOptions;
  const trainsOnRun = parseEstimator(estimator).descriptor.trainsOnRun;
  if (trainsOnRun) {
    const runDir = await pickPredictorRun(estimator, { name: description.name, size: description.size }, services);
    if (!runDir) return undefined;
    estimatorOptions = { ...estimatorOptions, [trainsOnRun]: runDir };
  }
  const goals = await askObjectivesAndConstraints(estimator, defaults.objectives, defaults.constraints, services);
  if (!goals) return undefined;
  const budget = Number(budgetText);
  const chosen: RememberedChoices = { strategy: strategy.label, budget, estimator, ...goals };
  await services.state.update(rememberedKey(file), chosen);
  await services.state.update(RECENT_TABLES_KEY, withRecentTable(recentTables, estimator));
  const outDir = RunRegistry.runsDir(folderPath ?? path.dirname(file));
  return { spaceFile: file, outDir, settings: { ...defaults, ...chosen, ...(estimatorOptions ? { estimatorOptions } : {}) } };
}

/** The run an estimator trains on (a predictor's `from` setting): one of the space's earlier runs, the newest first. */
async function pickPredictorRun(estimator: string, space: { name: string; size: string }, services: WizardServices): Promise<string | undefined> {
  const runs = predictorSourceRuns(services.runs(), space);
  if (runs.length === 0) {
    void vscode.window.showErrorMessage(`NAS: estimator ${estimator} trains on an earlier run of ${space.name}, and it has none with evaluated candidates: search it with another estimator first.`);
    return undefined;
  }
  const items = runs.map((r) => ({ label: predictorSourceLabel(r), detail: r.runDir, runDir: r.runDir }));
  const picked = await vscode.window.showQuickPick(items, { title: `NAS: estimator ${estimator}: the run whose evaluated candidates train it`, placeHolder: `Runs of ${space.name}, newest first`, ignoreFocusOut: true });
  return picked?.runDir;
}

/** Steps 5 and 6: the objectives, picked from the estimator's metric catalog, and the constraints typed as metric<=value. */
async function askObjectivesAndConstraints(estimator: string, objectives: readonly string[], constraints: readonly string[], services: WizardServices): Promise<{ objectives: string[]; constraints: string[] } | undefined> {
  let columns: string[] | undefined;
  if (parseEstimator(estimator).name === 'table') {
    try {
      columns = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'NAS: reading the table' }, () => services.tableColumns(estimator));
    } catch (e) {
      void vscode.window.showErrorMessage(`NAS: ${(e as Error).message}`);
      return undefined;
    }
  }
  const metrics = metricChoices(estimator, columns, objectives);
  const prefilled = new Set(objectiveMetrics(objectives).map((o) => o.metric));
  const picked = await vscode.window.showQuickPick(
    metrics.map((m) => ({ label: `${m.direction}:${m.name}`, description: [m.unit, m.cost].filter(Boolean).join(' · '), detail: m.description || undefined, picked: prefilled.has(m.name), metric: m })),
    { title: `NAS: Start Search (5/${STEPS}): objectives`, placeHolder: 'The metrics to optimise (max: larger is better, min: smaller is better); Enter accepts', canPickMany: true, ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  if (picked.length === 0) {
    void vscode.window.showErrorMessage('NAS: a search needs at least one objective; none was picked.');
    return undefined;
  }
  const names = metrics.map((m) => m.name);
  const text = await vscode.window.showInputBox({
    title: `NAS: Start Search (6/${STEPS}): constraints`,
    prompt: 'Limits a candidate must meet, comma-separated, e.g. params<=1000000, edgegpu_lat<5 (empty: none)',
    value: constraints.join(', '),
    ignoreFocusOut: true,
    validateInput: (t) => {
      const parsed = parseConstraintsInput(t, names);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseConstraintsInput(text, names);
  if ('error' in parsed) return undefined;
  services.log.info(`start search: objectives ${objectivesOf(picked.map((p) => p.metric)).join(', ')}; constraints ${parsed.constraints.join(', ') || 'none'}`);
  return { objectives: objectivesOf(picked.map((p) => p.metric)), constraints: parsed.constraints };
}

interface EstimatorItem extends vscode.QuickPickItem {
  /** A pattern entry (table:<file.json>): its argument is asked for next. */
  needs?: NonNullable<EstimatorDescriptor['argument']> & { name: EstimatorName };
}

/**
 * The offered default first (with its summary), the workspace's recent tables, then the registry's
 * plain names, then its patterns, which ask for their argument next. With no default (the
 * objectives name metrics no plain estimator has), the table file entry goes first and says why.
 */
function estimatorItems(offered: OfferedEstimator, recentTables: readonly string[]): EstimatorItem[] {
  const first = offered.estimator;
  const passedOver = offered.instead ? ` (${offered.instead.estimator} does not measure the objectives' ${offered.instead.missing.join(', ')})` : '';
  const items: EstimatorItem[] = first ? [{ label: first, description: `default${passedOver}`, detail: tryParseEstimator(first)?.descriptor.summary }] : [];
  for (const t of recentTables) if (t !== first) items.push({ label: t, description: 'used before' });
  const entries = ESTIMATOR_NAMES.map((name) => ({ name, d: ESTIMATORS[name] }));
  // A name whose argument is optional (zc) is also a plain entry.
  for (const { name, d } of entries) if ((!d.argument || d.argument.optional) && name !== first) items.push({ label: name, description: d.summary });
  const patterns: EstimatorItem[] = [];
  for (const { name, d } of entries) {
    if (d.argument) patterns.push({ label: d.argument.file ? `Choose a ${name} file…` : estimatorUsage(name), description: d.summary, needs: { ...d.argument, name } });
  }
  if (!first) {
    const file = patterns.find((p) => p.needs?.file);
    if (file && offered.instead) file.detail = `The objectives name ${offered.instead.missing.join(', ')}, which ${offered.instead.estimator} does not measure: a table has them`;
    return [...patterns.filter((p) => p === file), ...items, ...patterns.filter((p) => p !== file)];
  }
  return [...items, ...patterns];
}

async function pickFile(name: EstimatorName, file: { label: string; extensions: readonly string[] }, defaultUri: vscode.Uri | undefined): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [file.label]: [...file.extensions] }, defaultUri, title: `NAS: ${file.label} (${estimatorUsage(name)})` });
  return picked?.[0]?.fsPath;
}
