// What the tree, Open Run, Resume Run and Stop Search call a run: its space, strategy and start
// time ("nas-bench-201 · evolution · Dec 1 11:41"), readable where the run id is not. The id
// stays in the description and tooltip. Pure (no vscode), so it is unit-tested.
import type { RunInfo } from '../core/run/types';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The start time in local time: "11:41" today, "Dec 1 11:41" on another day, with the year when it is not this one. */
export function startedText(createdAt: string, now = new Date()): string {
  const t = new Date(createdAt);
  if (Number.isNaN(t.getTime())) return createdAt;
  const hm = `${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}`;
  if (t.toDateString() === now.toDateString()) return hm;
  const day = `${MONTHS[t.getMonth()]} ${t.getDate()}`;
  return t.getFullYear() === now.getFullYear() ? `${day} ${hm}` : `${day} ${t.getFullYear()} ${hm}`;
}

export function runTitle(info: Pick<RunInfo, 'spaceName' | 'createdAt' | 'settings'>, now = new Date()): string {
  return `${info.spaceName} · ${info.settings.strategy} · ${startedText(info.createdAt, now)}`;
}
