// The device-profiler page's HTML: a status line, a progress bar and a backend choice; the work is
// the bundle's (train/browser/profilerPage.ts). Relative URLs, so everything stays under the token.
import { BROWSER_BACKENDS } from '../../hardware/profilerWire';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function profilerPageHtml(device: string): string {
  const options = ['auto', ...BROWSER_BACKENDS].map((b) => `<option value="${b}">${b === 'auto' ? `auto (${BROWSER_BACKENDS.join(', then ')})` : b}</option>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Profile ${escape(device)}</title>
<style>body{font:16px system-ui,sans-serif;margin:1.5em;max-width:40em}progress{width:100%;height:1.5em}#error{color:#b00}</style>
</head><body>
<h1>Profiling this browser as <code>${escape(device)}</code></h1>
<p>This page times the operators of a search space with TensorFlow.js in this browser and sends the timings back to <code>nas device serve</code>. Keep it open and in front until it says done.</p>
<p><label>Backend <select id="backend">${options}</select></label> <button id="start">Start</button></p>
<p id="status">Loading...</p>
<progress id="bar" max="1" value="0"></progress>
<p id="error" role="alert"></p>
<script src="profiler.js"></script>
</body></html>
`;
}
