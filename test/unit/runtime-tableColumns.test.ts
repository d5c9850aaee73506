import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { tableColumns } from '../../src/runtime/estimators';

test("the wizard's objective step reads a table's columns: a file against the folder, a shipped table by name", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-columns-'));
  try {
    fs.writeFileSync(path.join(dir, 't.json'), JSON.stringify({ a: { acc: 0.9, lat_ms: 3 }, b: { acc: 0.8, lat_ms: 2, energy: 1 } }));
    assert.deepEqual([...tableColumns('table:t.json', dir)].sort(), ['acc', 'energy', 'lat_ms']);
    assert.ok(tableColumns('table:nas-bench-201', dir).includes('c10_valid'));
    assert.throws(() => tableColumns('table:missing.json', dir), /missing\.json: cannot read the table \(file not found\)/);
    assert.throws(() => tableColumns('proxy', dir), /'proxy' is not a table estimator/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
