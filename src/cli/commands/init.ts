import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeFolders } from '../../core/run/makeFolders';
import { setUpTypings, TYPES_DIR } from '../../core/space/typings';
import { findPackageRoot } from '../../train/data/builtin';
import { parse, UsageError, type Command } from '../command';

export const initCommand: Command = {
  name: 'init',
  summary: "Set up a folder so the editor completes the 'nas-workbench' API in .nasspace.ts files",
  help: `Usage: nas init [folder] [--example vgg16-kernels|mobilenetv2|nas-bench-201]

Writes the API's type declarations to <folder>/${TYPES_DIR}/index.d.ts (creating the folder if
needed) and a tsconfig.json that maps 'nas-workbench' to them (when a tsconfig.json exists,
prints the entry to add instead).
With --example, also copies that example space into the folder.

Options:
  --example NAME  copy an example space file
  -h, --help      show this help`,

  async run(argv) {
    const { values, positionals, help } = parse(argv, { example: { type: 'string' } }, { min: 0, max: 1, names: 'folder' });
    if (help) return (console.log(this.help), 0);
    const dir = path.resolve(positionals[0] ?? '.');
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UsageError(`not a folder: ${dir} is a file`);
    if (!fs.existsSync(dir)) {
      try {
        makeFolders(dir);
      } catch (err) {
        throw new Error(`cannot create the folder ${dir} (${err instanceof Error ? err.message : String(err)})`);
      }
      console.log(`created ${dir}`);
    }
    const root = findPackageRoot();
    const result = setUpTypings(dir, path.join(root, 'dist', 'api.d.ts'));
    for (const f of result.written) console.log(`wrote ${f}`);
    if (result.addToTsconfig) console.log(`tsconfig.json exists: add to its compilerOptions: ${result.addToTsconfig}`);
    if (values.example !== undefined) {
      const src = path.join(root, 'examples', `${values.example}.nasspace.ts`);
      if (!fs.existsSync(src)) throw new UsageError(`unknown example '${values.example}' (known: ${fs.readdirSync(path.join(root, 'examples')).map((f) => f.replace('.nasspace.ts', '')).join(', ')})`);
      const dest = path.join(dir, path.basename(src));
      if (fs.existsSync(dest)) throw new UsageError(`${dest} exists; not overwriting it`);
      fs.copyFileSync(src, dest);
      console.log(`wrote ${path.basename(src)}`);
    }
    return 0;
  },
};
