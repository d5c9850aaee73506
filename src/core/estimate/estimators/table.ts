// `table:<file.json>`: looks each architecture up in a benchmark table (e.g. NAS-Bench-201).
// Its metrics are the table's columns, known once it is loaded (core/estimate/tabular.ts).
import { directionByName, NAMING_CONVENTION, UNIT_CONVENTION, unitByName, unitInText } from '../catalog';
import type { EstimatorDescriptor } from '../descriptor';

/** Tables shipped in the package's data/ folder, by the name `table:<name>` takes (made by scripts/make-nb201-table.js). */
export const BUILTIN_TABLES: Readonly<Record<string, string>> = {
  'nas-bench-201': 'data/nas-bench-201.json.gz',
};

export const TABLE: EstimatorDescriptor = {
  summary: `a tabular benchmark: a JSON object (or .json.gz) of architecture key -> metrics, or a shipped one: ${Object.keys(BUILTIN_TABLES).join(', ')}`,
  argument: { placeholder: '<file.json>', example: 'nb201.json', file: { label: 'Benchmark table', extensions: ['json', 'json.gz'], builtin: Object.keys(BUILTIN_TABLES) } },
  settings: {
    epoch: { type: 'number', default: 0, min: 0, integer: true, description: 'with learning-curve columns (<metric>@<epoch>): read each candidate at this epoch (0: the plain columns)' },
  },
  needsGraph: false,
  metrics: [],
  // A table says nothing of its columns but their names: the user's objective decides a
  // column's direction, else the naming convention does (as the panel did before catalogs).
  // A `.meta.json` beside the table (its "fields": column -> text) gives the description, and the unit where the text names one.
  describeLoaded: (name, objective, note) => ({ name, direction: objective ?? directionByName(name), unit: unitByName(name) || (note ? unitInText(note) : ''), description: note ?? `column '${name}' of the table`, cost: 'cheap' }),
  fidelity: [{ setting: 'epoch', min: 1, continues: true, description: "the epoch of the learning-curve columns (<metric>@<epoch>), up to the run's epoch setting" }],
  loadedMetrics: `the table's columns (a learning-curve column <metric>@<epoch> is read as <metric>); direction: the objective's, else ${NAMING_CONVENTION}; unit ${UNIT_CONVENTION}, else the one its .meta.json field text names; cost cheap`,
};
