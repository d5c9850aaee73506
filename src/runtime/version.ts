// The tool's version, written into every run.json. Injected by esbuild from package.json; the
// fallback covers the per-file test build.
declare const __NAS_VERSION__: string | undefined;
export const TOOL_VERSION: string = typeof __NAS_VERSION__ === 'string' ? __NAS_VERSION__ : 'dev';
