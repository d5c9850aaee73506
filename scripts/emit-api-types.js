// Writes dist/api.d.ts: one self-contained declaration file for the space-file API, so
// `import { ... } from 'nas-workbench'` completes in the editor (and `nas init` can copy it
// into a user's folder). dts-bundle-generator inlines our internal type imports.
const fs = require('node:fs');
const path = require('node:path');

function emitApiTypes() {
  const entry = path.join(__dirname, '..', 'src', 'api.ts');
  const out = path.join(__dirname, '..', 'dist', 'api.d.ts');
  if (!fs.existsSync(entry)) return;
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs > newestSource(path.dirname(entry))) return;
  const { generateDtsBundle } = require('dts-bundle-generator');
  const [text] = generateDtsBundle([{ filePath: entry, output: { noBanner: true } }], { preferredConfigPath: path.join(__dirname, '..', 'tsconfig.json') });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
}

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return newest;
}

module.exports = { emitApiTypes };
