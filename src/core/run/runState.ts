// How a run that is not running reads, the same in the editor's tree and panel and in
// `nas resume`: run.json's end record says how it ended; without one its process went away
// (killed, crashed, the window reloaded) and the run is interrupted, to be resumed.
import type { RunInfo, StopReason } from './types';

export type RunState = 'finished' | 'stopped' | 'interrupted' | 'failing';

/** A run that ended on its own terms: stopped by the user, stopped failing, or finished. */
export function endedState(stoppedBy: StopReason): RunState {
  return stoppedBy === 'cancelled' ? 'stopped' : stoppedBy === 'failing' ? 'failing' : 'finished';
}

export function runState(info: RunInfo, evaluated: number): RunState {
  if (info.ended) return endedState(info.ended.stoppedBy);
  return evaluated >= info.settings.budget ? 'finished' : 'interrupted';
}
