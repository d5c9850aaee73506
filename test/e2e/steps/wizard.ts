// The Start Search wizard's later steps: the budget's warning near the space's size, the
// estimator remembered from the last search of the space, objectives picked from the table's
// columns, a constraint refused with a clear error then accepted, and the run.json that records
// what was picked.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answer, palette, screenshot, step, type E2eContext } from '../driver';

export async function wizardSteps(ctx: E2eContext): Promise<void> {
  const { page, workspace } = ctx;
  await step('the Start Search wizard warns about the budget, then records the objectives and the constraint picked from the table', async () => {
    const runsDir = path.join(workspace, '.nas', 'runs');
    const before = new Set(fs.existsSync(runsDir) ? fs.readdirSync(runsDir) : []);
    const widget = page.locator('.quick-input-widget');
    const message = widget.locator('.quick-input-message');
    await palette(page, 'NAS: Start Search');
    await answer(page, /search space/, 'nas-bench-201');
    await answer(page, /strategy/);
    await widget.locator('.quick-input-title', { hasText: /budget/ }).waitFor();
    // The first search of this space had 15,000 (remembered): a message shows only once the value changes.
    await widget.locator('input').fill('20000');
    const warning = (await message.filter({ hasText: /exhaust/ }).textContent({ timeout: 10_000 })) ?? '';
    await widget.locator('input').fill('20');
    await page.keyboard.press('Enter');
    // The first search of this space used the shipped table: it is offered first again.
    await widget.locator('.quick-input-title', { hasText: /estimator/ }).waitFor();
    const offered = (await page.locator('.quick-input-list .monaco-list-row').first().textContent()) ?? '';
    if (!offered.includes('table:')) throw new Error(`the estimator step offers "${offered}" first, not the table used before`);
    await page.keyboard.press('Enter');
    // Objectives: the space's two are prefilled; add the table's energy column.
    await widget.locator('.quick-input-title', { hasText: /objectives/ }).waitFor({ timeout: 30_000 });
    await widget.locator('input').fill('edgegpu_energy');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'edgegpu_energy' }).first().click();
    await widget.locator('input').fill('');
    await screenshot(page, '09-wizard-objectives');
    await page.keyboard.press('Enter');
    await widget.locator('.quick-input-title', { hasText: /constraints/ }).waitFor();
    await widget.locator('input').fill('latency<=5');
    const refused = (await message.filter({ hasText: /is not a metric/ }).textContent({ timeout: 10_000 })) ?? '';
    await widget.locator('input').fill('edgegpu_lat<=6');
    await page.keyboard.press('Enter');
    let recorded: { objectives: string[]; constraints: string[] } | undefined;
    for (let i = 0; i < 300 && !recorded; i++) {
      const dir = fs.existsSync(runsDir) ? fs.readdirSync(runsDir).find((d) => !before.has(d) && fs.existsSync(path.join(runsDir, d, 'run.json'))) : undefined;
      if (dir) recorded = (JSON.parse(fs.readFileSync(path.join(runsDir, dir, 'run.json'), 'utf8')) as { settings: { objectives: string[]; constraints: string[] } }).settings;
      else await page.waitForTimeout(100);
    }
    if (!recorded) throw new Error(`no new run folder in ${runsDir}`);
    const want = { objectives: ['max:c10_valid', 'min:edgegpu_lat', 'min:edgegpu_energy'], constraints: ['edgegpu_lat<=6'] };
    if (JSON.stringify([[...recorded.objectives].sort(), recorded.constraints]) !== JSON.stringify([[...want.objectives].sort(), want.constraints])) {
      throw new Error(`run.json records objectives ${recorded.objectives.join(', ')} and constraints ${recorded.constraints.join(', ')}, not ${want.objectives.join(', ')} and ${want.constraints.join(', ')}`);
    }
    return `budget warning "${warning.trim()}"; refused "${refused.trim()}"; run.json: ${recorded.objectives.join(', ')}; ${recorded.constraints.join(', ')}`;
  });
}
