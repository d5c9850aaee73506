// What every e2e step shares: the step runner and its results, the panel's figures, and the
// Playwright moves on the workbench (palette, quick open, quick-pick answers, context menus, the
// panel's frames, typing-latency probes). A group of steps for one feature lives in steps/<topic>.ts
// and takes an E2eContext, so features add steps without editing each other's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { RunningServer, Sandbox } from './codeServer';

export const repo = path.resolve(__dirname, '..', '..', '..');
export const e2eDir = path.join(repo, '.e2e');
export const shots = path.join(e2eDir, 'screenshots');

/** What a group of steps needs: the browser page, the workspace folder on disk, the sandbox and server. */
export interface E2eContext {
  page: Page;
  workspace: string;
  sandbox: Sandbox;
  server: RunningServer;
}

export const results: { step: string; ok: boolean; detail: string }[] = [];
/** The panel's measured figures (lag, long tasks, typing), written to results.json. */
export const figures: Record<string, unknown> = {};
/** The browser page, once open: a failing step leaves a screenshot of what it saw. */
let currentPage: Page | undefined;

export function setCurrentPage(page: Page | undefined): void {
  currentPage = page;
}

export function log(message: string): void {
  console.log(`[e2e] ${message}`);
}

export async function step(name: string, fn: () => Promise<string | void>): Promise<boolean> {
  const t0 = Date.now();
  try {
    const detail = (await fn()) ?? '';
    results.push({ step: name, ok: true, detail });
    log(`ok   ${name} (${Date.now() - t0} ms) ${detail}`);
    return true;
  } catch (e) {
    results.push({ step: name, ok: false, detail: (e as Error).message.split('\n')[0] });
    log(`FAIL ${name}: ${(e as Error).message}`);
    if (currentPage) await screenshot(currentPage, `fail-${results.length}`).catch(() => undefined);
    return false;
  }
}

/** The NAS-Bench-201 table shipped in data/, unzipped: the workspace's setting names it as a plain file. */
export function nb201Table(): Buffer {
  return gunzipSync(fs.readFileSync(path.join(repo, 'data', 'nas-bench-201.json.gz')));
}

export async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${command}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/**
 * Opens a workspace file by quick open. Its file index can lag behind a file the test has just
 * written from outside (seen on a busy machine): it asks again, up to three times.
 */
export async function quickOpen(page: Page, file: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible' });
    await input.fill(file);
    if (await row.waitFor({ timeout: 10_000 }).then(() => true, () => attempt === 3)) break;
    await page.keyboard.press('Escape');
    await page.waitForTimeout(2000);
  }
  await row.waitFor({ timeout: 1000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tab[data-resource-name="${file}"]`).waitFor({ timeout: 10_000 });
}

/** Accepts the current quick pick / input box, optionally after typing a value. */
export async function answer(page: Page, title: RegExp, value?: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 20_000 });
  if (value !== undefined) await widget.locator('input').fill(value);
  await page.keyboard.press('Enter');
}

/**
 * Folds every expanded run in the NAS tree, so a step that expands its own run finds that run's
 * candidates first (a `.first()` row locator would otherwise take another run's) and later steps
 * find their runs in the tree's view.
 */
export async function foldRuns(page: Page): Promise<void> {
  const expanded = page.locator('.monaco-list-row[aria-level="2"][aria-expanded="true"] .monaco-tl-twistie');
  for (let i = 0; i < 20 && (await expanded.count()) > 0; i++) await expanded.first().click({ timeout: 5000 }).catch(() => undefined);
}

/**
 * Clicks a tree row until `shown` appears: the tree redraws its rows when runs change on disk,
 * and a click that lands while it does selects a row without running its command.
 */
export async function clickUntilShown(row: Locator, shown: Locator, what: string, tries = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await row.click({ timeout: 30_000 });
    if (await shown.waitFor({ timeout: 10_000 }).then(() => true, () => false)) return;
    if (attempt >= tries) throw new Error(`${what} did not show after ${tries} clicks`);
    log(`${what} did not show 10 s after a click; clicking again`);
  }
}

/** Opens a tree row's context menu (hover cards closed first, they can cover the menu) and runs one of its commands. */
export async function contextMenu(page: Page, row: Locator, item: string): Promise<void> {
  await page.keyboard.press('Escape');
  await row.click({ button: 'right' });
  const entry = page.locator('.context-view .monaco-menu .action-item', { hasText: item });
  await entry.waitFor({ state: 'visible', timeout: 10_000 });
  // VS Code's menu ignores a click that comes too soon after it opened: retry until it closes.
  for (let attempt = 0; attempt < 6 && (await entry.isVisible()); attempt++) {
    await page.waitForTimeout(300);
    await entry.click({ timeout: 2000 }).catch(() => undefined);
  }
  if (await entry.isVisible()) throw new Error(`the context menu's "${item}" did not take the click`);
  await page.mouse.move(800, 20);
}

export function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The panel's own document (the inner frame of the webview), to read its figures. */
export async function panelFrame(page: Page): Promise<Frame> {
  for (let attempt = 0; attempt < 100; attempt++) {
    for (const f of page.frames()) {
      if (await f.evaluate(() => document.querySelector('[data-testid="nas-status"]') !== null).catch(() => false)) return f;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('the panel frame was not found');
}

/**
 * Types `text` into the focused editor and returns, per key, the time from the keystroke to the
 * frame after its handling (ms): what typing feels like on the workbench's main thread.
 */
export async function typingLatencies(page: Page, text: string): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { nasLatencies: number[]; nasProbe?: boolean };
    w.nasLatencies = [];
    if (w.nasProbe) return;
    w.nasProbe = true;
    window.addEventListener('keydown', (e) => {
      const t = e.timeStamp;
      requestAnimationFrame(() => setTimeout(() => w.nasLatencies.push(performance.now() - t), 0));
    }, true);
  });
  await page.keyboard.type(text, { delay: 30 });
  await page.waitForTimeout(300);
  return page.evaluate(() => (window as unknown as { nasLatencies: number[] }).nasLatencies);
}

export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
}

export const latencyText = (xs: number[]) => `median ${quantile(xs, 0.5).toFixed(0)} ms, p90 ${quantile(xs, 0.9).toFixed(0)}, max ${Math.max(...xs).toFixed(0)} (${xs.length} keys)`;

/** Removes the probe's line (typed by focusEditorEnd and typingLatencies) and reverts the file, so it is as on disk. */
export async function undoProbe(page: Page): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Control+Shift+K');
  await palette(page, 'File: Revert File');
}

/** Puts the cursor on a new last line of the open space file, for typing that undoProbe removes. */
export async function focusEditorEnd(page: Page): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('// ');
}

/** For a scroll done only for a screenshot: a panel that redraws meanwhile (a refresh re-sends the run) detaches the element, which the step has already checked. */
export const scrolledAway = (): undefined => undefined;

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

export function lineCount(file: string): number {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').length - 1 : 0;
}

export function findLog(dir: string): string | undefined {
  return findLogs(dir)[0];
}

/** Every NAS.log under `dir`: one per extension host (a window reload starts another). */
export function findLogs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name === 'NAS.log').map((e) => path.join(e.parentPath ?? dir, e.name));
}
