// Datasets for proxy training: plain typed arrays, no TensorFlow.js.
export * from './dataset';
export * from './idx';
export * from './csv';
export * from './imageFolder';
export * from './mnistFolder';
export * from './builtin';
export * from './split';
export * from './loadDataset';
