// Messages between the extension host and the search worker (child_process.fork IPC).
// The worker serves requests; the host only listens to its events.
import { candidateRecordValidator, runInfoValidator } from '../core/run/records';
import { PREDICTED_SHOWN, predictedRecordValidator } from '../core/run/predictedLog';
import { architectureDetailValidator, searchProgressValidator, searchRequestValidator, searchSummaryValidator, spaceDescriptionValidator, trainingProgressValidator } from './records';
import type { SideSpec } from './rpc';
import { arr, bool, int, literal, num, obj, oneOf, opt, record, str } from '../core/validate';

/** Bounds one batch of records, so a malformed sender cannot make the host allocate without limit. */
const MAX_RECORDS_PER_MESSAGE = 1_000_000;

export const workerSide = {
  methods: {
    /** Loads a space file in the worker (time-limited) and describes it; problems never throw. */
    describeSpace: { params: obj({ file: str }), result: spaceDescriptionValidator },
    /** Resolves when the search ends, however it ends; events stream meanwhile. */
    startSearch: { params: searchRequestValidator, result: searchSummaryValidator },
    /** `interrupted`: the host is going away (window reload or close), not the user stopping: the run stays resumable as interrupted. */
    stopSearch: { params: obj({ interrupted: opt(bool) }), result: obj({ stopped: bool }) },
    /** Decodes one candidate of a space into its layers, for the panel's architecture view; `devices`: the run's, for the latency shares. */
    decodeCandidate: { params: obj({ spaceFile: str, encoding: arr(int), key: str, devices: opt(arr(str)) }), result: architectureDetailValidator },
    /** The columns of a `table:<file>` estimator's table, for the Start Search wizard's objective step. */
    tableColumns: { params: obj({ estimator: str }), result: arr(str) },
    /**
     * Writes the candidate's model (model.json + weights.bin), architecture.json, export.json and a
     * README into outDir, with the weights it was scored with, trained now (`train`: settings over
     * the run's), or untrained; `weights` in the result says which, in one line.
     */
    exportCandidate: { params: obj({ runDir: str, key: str, outDir: str, weights: literal('scored', 'train', 'untrained'), train: opt(record(oneOf(num, str))) }), result: obj({ files: arr(str), warnings: arr(str), weights: str }) },
  },
  events: {
    runStarted: obj({ info: runInfoValidator, runDir: str }),
    /** Records in the order recorded, batched (~20 messages a second at most) so a table run's thousands a second do not flood the host. */
    candidates: arr(candidateRecordValidator, MAX_RECORDS_PER_MESSAGE),
    /** What the strategy's predictor said about candidates it did not evaluate, batched with the records (the latest of each key). */
    predicted: arr(predictedRecordValidator, PREDICTED_SHOWN),
    /** Sent with each batch (the latest only). */
    progress: searchProgressValidator,
    /** The candidate in training, a few times per second at most. */
    training: trainingProgressValidator,
    log: obj({ level: literal('info', 'warn', 'error'), message: str }),
    /** An export that trains first, where its training is (at each epoch's end, a few times a second within one); `outDir` tells exports apart. */
    exportTraining: obj({ outDir: str, epoch: int, epochs: int, batch: int, batches: int, loss: num }),
  },
};

/** The host serves nothing to the worker: it only sends requests and listens. */
export const hostSideForWorker: SideSpec<Record<never, never>, Record<never, never>> = { methods: {}, events: {} };

export type WorkerSide = typeof workerSide;
export type HostSideForWorker = typeof hostSideForWorker;
