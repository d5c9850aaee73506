// How long a browser takes to profile a space with `nas device serve`'s page: the server in this
// process, the page in headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium) on the wasm
// backend. Prints the operator units and candidates timed, the seconds taken, and the profile's
// cross-validated error on its end-to-end candidates.
//   node esbuild.js && node out/bench/browser-profile/main.js [space file] [samples] [calibrate]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { serveDevice } from '../../src/runtime/deviceServe/serveDevice';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const [spaceArg = path.join(root, 'examples', 'mobilenetv2.nasspace.ts'), samples = '20', calibrate = '12'] = process.argv.slice(2);
  const { space } = await loadSpaceFile(spaceArg);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nas-bench-browser-')), 'chromium.json');
  const served = await serveDevice({ name: 'chromium', file, space, samples: Number(samples), calibrate: Number(calibrate) });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const t0 = performance.now();
    await page.goto(`${served.url}?backend=wasm&autostart=1`);
    await Promise.race([served.finished, page.waitForFunction(() => document.title === 'Profile stopped', undefined, { timeout: 0 }).then(async () => Promise.reject(new Error(String(await page.textContent('#error')))))]);
    const seconds = (performance.now() - t0) / 1000;
    const p = served.session.profile;
    console.log(JSON.stringify({ space: space.name, samples: Number(samples), units: Object.keys(p.table).length, fusedPairs: Object.entries(p.fusion).filter(([, f]) => f).map(([k]) => k), endToEnd: p.measurements?.length ?? 0, seconds: Number(seconds.toFixed(1)), error: p.error }));
  } finally {
    await browser.close();
    await served.close();
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
