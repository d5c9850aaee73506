// The editor's side of a search's settings: the defaults the quick picks start from (merged
// like the CLI's, in core/search/settings) and the checks of what the user types. Pure (no
// vscode): the configuration is passed in, so all of it is unit-tested.
import type { SearchSettings } from '../core/run/types';
import { mergeSearchSettings } from '../core/search/settings';
import type { SearchDefaults } from '../core/space/dsl';
import { isBuiltinTable } from '../core/run/tableFile';


export interface ExtensionSearchConfig {
  defaultBudget: number;
  defaultStrategy: string;
  defaultEstimator: string;
  defaultObjectives: string[];
  defaultSeed: number;
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
  });
  return { ...merged, estimator: expandVariables(merged.estimator, workspaceFolder) };
}

/** Checks the budget typed in the input box; returns the error to show, or undefined when fine. */
export function budgetInputError(text: string): string | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return 'Enter a whole number of candidates, e.g. 100';
  const n = Number(text);
  if (n < 1) return 'The budget must be at least 1 candidate';
  if (n > 10_000_000) return 'The budget must be at most 10,000,000 candidates';
  return undefined;
}

/** Checks an estimator string: `proxy`, `table:<file.json>` (or .json.gz), or a built-in table. */
export function estimatorError(text: string): string | undefined {
  const t = text.trim();
  if (t === 'proxy') return undefined;
  if (/^table:.+\.json(\.gz)?$/i.test(t) || (t.startsWith('table:') && isBuiltinTable(t.slice('table:'.length)))) return undefined;
  return `Unknown estimator "${text}": use "proxy", "table:nas-bench-201" or "table:<path to a .json table>"`;
}

/** A relative table path is relative to the workspace folder (the run stores absolute paths). */
export function resolveEstimatorPath(estimator: string, workspaceFolder: string | undefined, isAbsolute: (p: string) => boolean, join: (a: string, b: string) => string): string {
  const m = /^table:(.+)$/.exec(estimator.trim());
  if (!m || isAbsolute(m[1]) || isBuiltinTable(m[1]) || workspaceFolder === undefined) return estimator.trim();
  return `table:${join(workspaceFolder, m[1])}`;
}

