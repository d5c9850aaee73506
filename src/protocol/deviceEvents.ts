// What `nas device serve --events` prints (one JSON object per line) for the editor's panel, and
// the short view of a device profile the NAS tree lists. Validators are the source of the types.
import { arr, bool, check, int, literal, num, obj, oneOf, opt, parseJsonLine, record, str, type Infer } from '../core/validate';

const counts = obj({ done: int, total: int });

export const serveEvent = oneOf(
  oneOf(
    obj({ event: literal('listening'), url: str, file: str, qrSvg: str }),
    obj({ event: literal('progress'), what: str, backend: opt(str), units: counts, calibration: counts, finished: bool }),
  ),
  oneOf(
    oneOf(obj({ event: literal('refused'), status: int, message: str }), obj({ event: literal('done'), file: str, backend: str, units: int })),
    obj({ event: literal('stopped'), file: str, missing: arr(str), started: bool }),
  ),
);

export type ServeEvent = Infer<typeof serveEvent>;

/** A line of the CLI's output as an event; undefined for anything else (logged and dropped by the caller). */
export function parseServeEvent(line: string): ServeEvent | undefined {
  return parseJsonLine(serveEvent, line, 'event');
}

/** A profile as the tree shows it: what it is, how it was made, and its measured error. */
export interface DeviceSummary {
  name: string;
  backend: string;
  how: string;
  description: string;
  units: number;
  /** Mean absolute percentage error (a fraction) and how it was estimated, when the profile has one. */
  error?: { mape: number; how: string; samples: number };
}

const summaryShape = obj({
  name: str,
  backend: str,
  description: str,
  measured: obj({ how: str }),
  table: opt(record(num)),
  error: opt(obj({ mape: num, how: str, samples: num })),
});

/** The summary of a profile file's JSON, or a one-line reason it is not one. */
export function summarizeDevice(value: unknown): DeviceSummary | { problem: string } {
  const r = check(summaryShape, value, 'profile');
  if (!r.ok) return { problem: r.error };
  const v = r.value;
  return { name: v.name, backend: v.backend, how: v.measured.how, description: v.description, units: Object.keys(v.table ?? {}).length, ...(v.error ? { error: v.error } : {}) };
}
