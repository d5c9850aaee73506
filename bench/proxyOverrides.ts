// `--proxy K=V` options of the proxy benches: proxy-training settings to try before changing a
// default, as the raw map parseProxySettings validates (it names a bad key or value).

export function proxyOverrides(options: readonly string[]): Record<string, string> {
  return Object.fromEntries(options.map((kv) => {
    const m = /^(\w+)=(.+)$/.exec(kv);
    if (!m) throw new Error(`--proxy expects K=V, got "${kv}"`);
    return [m[1], m[2]];
  }));
}
