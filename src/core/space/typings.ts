// Editor typings for space files: the API's declarations copied into a folder and a tsconfig
// that maps `nas-workbench` to them, so TypeScript completes and checks `.nasspace.ts` files in
// a folder where the package is not installed. Used by `nas init` and the extension.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where the declarations go, relative to the folder. */
export const TYPES_DIR = '.nas/types/nas-workbench';

export interface TypingsResult {
  /** Files written, relative to the folder. */
  written: string[];
  /** Set when a tsconfig.json exists: the entry to add to it by hand. */
  addToTsconfig?: string;
}

export function typingsInstalled(dir: string): boolean {
  return fs.existsSync(path.join(dir, TYPES_DIR, 'index.d.ts'));
}

export function setUpTypings(dir: string, declarationsFile: string): TypingsResult {
  if (!fs.existsSync(declarationsFile)) throw new Error(`the API declarations are missing (${declarationsFile}); run npm run build`);
  const written: string[] = [];
  fs.mkdirSync(path.join(dir, TYPES_DIR), { recursive: true });
  fs.copyFileSync(declarationsFile, path.join(dir, TYPES_DIR, 'index.d.ts'));
  written.push(path.join(TYPES_DIR, 'index.d.ts'));
  const paths = { 'nas-workbench': [`./${TYPES_DIR}`] };
  const tsconfig = path.join(dir, 'tsconfig.json');
  if (fs.existsSync(tsconfig)) return { written, addToTsconfig: `"paths": ${JSON.stringify(paths)}` };
  const config = { compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, noEmit: true, baseUrl: '.', paths }, include: ['**/*.nasspace.ts'] };
  fs.writeFileSync(tsconfig, JSON.stringify(config, null, 2) + '\n');
  written.push('tsconfig.json');
  return { written };
}
