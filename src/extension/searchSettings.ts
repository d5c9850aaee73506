// The editor's side of a search's settings: the defaults the quick picks start from (merged
// like the CLI's, in core/search/settings) and the checks of what the user types. Pure (no
// vscode): the configuration is passed in, so all of it is unit-tested.
import { ESTIMATOR_NAMES, ESTIMATORS, estimatorUsage, parseEstimator, resolveEstimatorFile } from '../core/estimate/estimators/index';
import type { SearchSettings } from '../core/run/types';
import { mergeSearchSettings } from '../core/search/settings';
import type { SearchDefaults } from '../core/space/dsl';


export interface ExtensionSearchConfig {
  defaultBudget: number;
  defaultStrategy: string;
  defaultEstimator: string;
  defaultObjectives: string[];
  defaultSeed: number;
  /** Evaluations at once. */
  parallel: number;
  /** `nas.queue.url`: evaluate through this queue (redis://host:port/<name>); empty: in the worker process. */
  queueUrl?: string;
}

/** `${workspaceFolder}` in a setting (e.g. `table:${workspaceFolder}/nb201.json`) becomes the folder's path. */
export function expandVariables(text: string, workspaceFolder: string | undefined): string {
  return text.replace(/\$\{workspaceFolder\}/g, () => {
    if (workspaceFolder === undefined) throw new Error(`"${text}" uses \${workspaceFolder}, but no folder is open`);
    return workspaceFolder;
  });
}

/** The settings the quick picks start from: the space file's `search` block, then the configuration. */
export function defaultSettings(spaceDefaults: SearchDefaults | undefined, config: ExtensionSearchConfig, workspaceFolder: string | undefined): SearchSettings {
  const merged = mergeSearchSettings({}, spaceDefaults, {
    strategy: config.defaultStrategy,
    budget: config.defaultBudget,
    seed: config.defaultSeed,
    estimator: config.defaultEstimator,
    objectives: config.defaultObjectives,
    parallel: config.parallel,
  });
  const queue = config.queueUrl?.trim();
  return { ...merged, estimator: expandVariables(merged.estimator, workspaceFolder), ...(queue ? { queue } : {}) };
}

/** Checks the budget typed in the input box; returns the error to show, or undefined when fine. */
export function budgetInputError(text: string): string | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return 'Enter a whole number of candidates, e.g. 100';
  const n = Number(text);
  if (n < 1) return 'The budget must be at least 1 candidate';
  if (n > 10_000_000) return 'The budget must be at most 10,000,000 candidates';
  return undefined;
}

/** Checks an estimator string against the registry; returns the error to show, or undefined when fine. */
export function estimatorError(text: string): string | undefined {
  try {
    parseEstimator(text);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A relative table path is relative to the workspace folder (the run stores absolute paths). */
export function resolveEstimatorPath(estimator: string, workspaceFolder: string | undefined, isAbsolute: (p: string) => boolean, join: (a: string, b: string) => string): string {
  return resolveEstimatorFile(estimator, (file) => (isAbsolute(file) || workspaceFolder === undefined ? file : join(workspaceFolder, file)));
}

/** The manifest's description of `nas.search.defaultEstimator` (package.json; a test keeps the two equal). */
export function defaultEstimatorDescription(): string {
  const withFile = ESTIMATOR_NAMES.find((n) => ESTIMATORS[n].argument?.file);
  const example = withFile ? `, e.g. \`${withFile}:\${workspaceFolder}/${ESTIMATORS[withFile].argument!.example}\`` : '';
  const list = ESTIMATOR_NAMES.map((n) => `\`${estimatorUsage(n)}\` (${ESTIMATORS[n].summary})`);
  return `${list.slice(0, -1).join(', ')}${list.length > 1 ? ' or ' : ''}${list[list.length - 1]}; \`\${workspaceFolder}\` is expanded${example}. \`nas estimators\` lists their settings and metrics.`;
}
