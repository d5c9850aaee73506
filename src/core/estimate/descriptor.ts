// What an estimator is, as plain data the extension host can read without loading it: how it is
// named, its settings, whether it needs the decoded graph, and the metrics it produces. Its
// implementation is built by the runtime's factory of the same name (src/runtime/estimators.ts).
import type { Direction, MetricInfo } from './catalog';
import type { FidelityDeclaration } from './fidelity';
import type { SettingSpecs } from './settings';

export interface EstimatorDescriptor {
  /** One line for the CLI's help, the editor's quick pick and `nas estimators`. */
  summary: string;
  /**
   * For a name pattern such as `table:<file.json>`: what follows the colon. Absent for a plain
   * name (`proxy`). A `file` argument is resolved against the folder the search starts from, unless
   * it is one of the `builtin` names (a file shipped in the package, found by the runtime). An
   * `optional` one may be left out (`zc` and `zc:synflow`).
   */
  argument?: { placeholder: string; example: string; file?: { label: string; extensions: readonly string[]; builtin?: readonly string[] }; optional?: boolean };
  settings: SettingSpecs;
  /** Whether evaluating needs the decoded graph (each candidate is then decoded first). */
  needsGraph: boolean;
  /** Every metric it can produce, in the order it reports them. */
  metrics: readonly MetricInfo[];
  /**
   * For metrics known only once loaded (a table's columns): the catalog entry of one, given the
   * direction the user's objective asks for it, if any. `loadedMetrics` says how, for listings.
   */
  describeLoaded?(name: string, objective: Direction | undefined, note?: string): MetricInfo;
  loadedMetrics?: string;
  /** The setting that names the earlier run it is trained on (the editor offers the space's runs for it); absent: none. */
  trainsOnRun?: string;
  /** Settings that are a fidelity (multi-fidelity strategies use the first), in order of preference; absent: none. */
  fidelity?: readonly FidelityDeclaration[];
}
