// Entry of one training thread (see ./trainingThreads.ts): its own TensorFlow.js with the same
// backend as the process that started it, the dataset from workerData turned into tensors once,
// then one training job per message, answered with the scores (the model stays here and is freed).
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from './backend';
import { toTensors, trainOnce } from './trainCandidate';
import type { ThreadJob, ThreadReply, ThreadSetup } from './trainingThreads';

const port = parentPort;
if (!port) throw new Error('trainingThread.js runs only as a worker thread (started by TrainingThreads)');
const setup = workerData as ThreadSetup;
const ready = selectBackend({ force: setup.backend }).then(() => ({ train: toTensors(setup.train), validation: toTensors(setup.validation) }));

port.on('message', (job: ThreadJob) => {
  void (async (): Promise<ThreadReply> => {
    try {
      const run = await trainOnce(job.graph, await ready, job.settings);
      const { valAcc, valLoss, seconds, samples, lossCurve, failure } = run;
      run.dispose();
      return { id: job.id, run: { valAcc, valLoss, seconds, samples, lossCurve, ...(failure ? { failure } : {}) } };
    } catch (e) {
      return { id: job.id, error: e instanceof Error ? e.message : String(e) };
    }
  })().then((reply) => port.postMessage(reply));
});
