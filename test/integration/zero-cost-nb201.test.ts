// Our data-free synflow ranks NAS-Bench-201 cells as NAS-Bench-Suite-Zero's published values do
// (the bench, bench/zero-cost/nb201.ts, measures it on 200 cells: Spearman 0.99). A few cells
// here; skipped without ../shared/data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synflowAgreement } from '../../bench/zero-cost/nb201';
import { selectBackend } from '../../src/train/backend';

const PUBLISHED = path.resolve(__dirname, '../../../../shared/data/nb201-zc.json');

test('synflow on 16 NAS-Bench-201 cells rank-correlates with the published values (Spearman >= 0.9)', { skip: fs.existsSync(PUBLISHED) ? false : `no ${PUBLISHED}` }, async () => {
  await selectBackend();
  const { rho, scored } = await synflowAgreement(JSON.parse(fs.readFileSync(PUBLISHED, 'utf8')), 16, 2);
  assert.equal(scored, 16);
  assert.ok(rho >= 0.9, `Spearman ${rho}`);
});
