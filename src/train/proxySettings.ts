// The proxy estimator's training settings: their defaults, and parsing them from `--train K=V`
// and the space file's `train` block. What each setting means and accepts is the registry's
// (core/estimate/estimators/proxy.ts).
import { PROXY_SETTINGS, type ProxySettings } from '../core/estimate/estimators/proxy';
import { applySettings, defaultsOf } from '../core/estimate/settings';

export type { ProxySettings };

export const DEFAULT_PROXY_SETTINGS: ProxySettings = defaultsOf(PROXY_SETTINGS);

/** Settings from `--train K=V` / the space file, checked against the registry's spec (one place); errors name the key. */
export function parseProxySettings(raw: Record<string, number | string | undefined> = {}): ProxySettings {
  return applySettings('estimator proxy', PROXY_SETTINGS, raw);
}
