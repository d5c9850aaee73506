// The panel's HTML: a strict Content-Security-Policy with a per-load nonce, no inline or
// eval'd script, styles only from the extension (uPlot's CSS is bundled into webview.js as
// text and adopted as a constructable stylesheet, so no 'unsafe-inline' style either).
import { randomBytes } from 'node:crypto';

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

export interface PanelHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  /** Initial state, serialised into a data attribute (escaped), read by the script. */
  initialState: unknown;
}

export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function panelHtml(input: PanelHtmlInput): string {
  const csp = contentSecurityPolicy(input.cspSource, input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(input.styleUri)}">
<title>NAS: Pareto Front</title>
</head>
<body data-initial-state="${escapeAttribute(JSON.stringify(input.initialState ?? {}))}">
<div id="app" data-testid="nas-app"><p class="nas-loading">Loading…</p></div>
<script nonce="${input.nonce}" src="${escapeAttribute(input.scriptUri)}"></script>
</body>
</html>`;
}
