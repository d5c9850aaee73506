// Messages between the extension host and the Pareto panel's webview (postMessage).
// The host pushes one snapshot when the panel (re)loads, then batched deltas; the webview
// sends back user intents, which the host validates like any other untrusted input.
import { candidateRecordValidator, runInfoValidator } from '../core/run/records';
import { PREDICTED_SHOWN, predictedRecordValidator } from '../core/run/predictedLog';
import { architectureDetailValidator, trainingProgressValidator } from './records';
import { arr, bool, Infer, int, literal, num, obj, opt, str } from '../core/validate';

/** Upper bound on records in one message, so a malformed sender cannot make a side allocate without limit. */
const MAX_RECORDS_PER_MESSAGE = 1_000_000;

const runStatusValidator = literal('running', 'finished', 'stopped', 'interrupted', 'failing');
export type RunStatus = Infer<typeof runStatusValidator>;

const runViewValidator = obj({
  runId: str,
  runDir: str,
  info: runInfoValidator,
  status: runStatusValidator,
  candidates: arr(candidateRecordValidator, MAX_RECORDS_PER_MESSAGE),
});
export type RunView = Infer<typeof runViewValidator>;

/** A live run's time left, and its candidate in training (absent between candidates, or for estimators that do not train). */
const liveProgressValidator = obj({ runId: str, etaSec: opt(num), training: opt(trainingProgressValidator) });
export type LiveProgress = Infer<typeof liveProgressValidator>;

export const hostSideForWebview = {
  methods: {
    /** The layers of one candidate, decoded by the worker from the run's space file. */
    candidateDetail: { params: obj({ runId: str, key: str }), result: architectureDetailValidator },
  },
  events: {
    /** The whole run, sent once when the panel (re)loads or switches run. */
    snapshot: runViewValidator,
    /** New candidates since the last delta (batched, at most ~10 per second). */
    append: obj({ runId: str, candidates: arr(candidateRecordValidator, MAX_RECORDS_PER_MESSAGE) }),
    /**
     * Candidates the strategy's predictor ranked and the run has not evaluated, latest prediction
     * each: the run's on (re)load, then the new ones (batched like append). At most PREDICTED_SHOWN a message.
     */
    predicted: obj({ runId: str, records: arr(predictedRecordValidator, PREDICTED_SHOWN) }),
    status: obj({ runId: str, status: runStatusValidator, evaluated: int, budget: int }),
    /** How far the live run has got: a few times per second at most while a candidate trains. */
    live: liveProgressValidator,
    /** Select a candidate (e.g. "Show in Panel" from the tree). */
    select: obj({ runId: str, key: str }),
    /** No run to show (e.g. a restored panel whose run folder was deleted). */
    empty: obj({ message: str }),
  },
};

export const webviewSide = {
  methods: {},
  events: {
    /** Sent once the webview's script runs; the host queues nothing before it. */
    ready: obj({ runId: opt(str) }),
    selected: obj({ runId: str, key: str }),
    exportCandidate: obj({ runId: str, key: str }),
    stopSearch: obj({ runId: str }),
  },
};

export type HostSideForWebview = typeof hostSideForWebview;
export type WebviewSide = typeof webviewSide;

/** What the webview persists with `vscode.setState`, and the serializer restores from. */
export const panelStateValidator = obj({
  runId: opt(str),
  x: opt(str),
  y: opt(str),
  selectedKey: opt(str),
  logX: opt(bool),
  logY: opt(bool),
  pointMode: opt(literal('points', 'transparent', 'density')),
  /** The "predicted, not evaluated" layer of the scatter (absent: shown). */
  showPredicted: opt(bool),
});
export type PanelState = Infer<typeof panelStateValidator>;
