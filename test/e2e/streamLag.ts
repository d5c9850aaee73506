// The panel's lag behind the run log, per record: from the record's write to the log (its own
// time stamps: the loop stamps startedAt and durationMs, then writes it at once) to the first
// paint of the panel's status that counted it (webview/streamMeter.ts records those). Both
// clocks are the machine's, so no polling interval or frame.evaluate delay enters the figure.
import * as fs from 'node:fs';

/** When each record of a run log was written (epoch ms), by its index. */
export function writeTimes(log: string): number[] {
  const times: number[] = [];
  for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { index: number; startedAt: number; durationMs: number };
    times[r.index] = r.startedAt + r.durationMs;
  }
  return times;
}

/**
 * Per record, ms from its write to the first paint that showed a count above its index.
 * `shown`: [count, epoch ms] pairs in the order the panel painted them.
 */
export function recordLags(writtenAt: readonly number[], shown: readonly (readonly [number, number])[]): number[] {
  const lags: number[] = [];
  let s = 0;
  for (let i = 0; i < writtenAt.length; i++) {
    while (s < shown.length && shown[s][0] <= i) s++;
    if (s === shown.length) throw new Error(`the panel never counted record ${i} while the run was live (it counted ${shown.at(-1)?.[0] ?? 0} of ${writtenAt.length})`);
    lags.push(shown[s][1] - writtenAt[i]);
  }
  return lags;
}
