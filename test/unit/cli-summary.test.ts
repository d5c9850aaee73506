import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summaryHeadline } from '../../src/cli/commands/search';

test("the summary's first line says in words why the search ended, and counts one in the singular", () => {
  const line = (evaluated: number, stoppedBy: 'budget' | 'time' | 'cancelled' | 'exhausted') => summaryHeadline({ evaluated, stoppedBy, runDir: '/w/.nas/runs/r1' }, '/w');
  assert.equal(line(1, 'budget'), 'Evaluated 1 candidate (budget reached); run folder .nas/runs/r1');
  assert.equal(line(12, 'time'), 'Evaluated 12 candidates (time limit reached); run folder .nas/runs/r1');
  assert.equal(line(3, 'cancelled'), "Evaluated 3 candidates (stopped early; 'nas resume' continues it); run folder .nas/runs/r1");
  assert.equal(line(27, 'exhausted'), 'Evaluated 27 candidates (every architecture of the space evaluated); run folder .nas/runs/r1');
});
