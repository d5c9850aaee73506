// `table:<file.json>`: looks each architecture up in a benchmark table (e.g. NAS-Bench-201).
// Its metrics are the table's columns, known once it is loaded (core/estimate/tabular.ts).
import { directionByName, NAMING_CONVENTION, UNIT_CONVENTION, unitByName } from '../catalog';
import type { EstimatorDescriptor } from '../descriptor';

export const TABLE: EstimatorDescriptor = {
  summary: 'a tabular benchmark: a JSON object of architecture key -> metrics',
  argument: { placeholder: '<file.json>', example: 'nb201.json', file: { label: 'Benchmark table', extensions: ['json'] } },
  settings: {},
  needsGraph: false,
  metrics: [],
  // A table says nothing of its columns but their names: the user's objective decides a
  // column's direction, else the naming convention does (as the panel did before catalogs).
  describeLoaded: (name, objective) => ({ name, direction: objective ?? directionByName(name), unit: unitByName(name), description: `column '${name}' of the table`, cost: 'cheap' }),
  loadedMetrics: `the table's columns; direction: the objective's, else ${NAMING_CONVENTION}; unit ${UNIT_CONVENTION}; cost cheap`,
};
