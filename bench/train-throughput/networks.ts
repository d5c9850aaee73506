/**
 * The three MobileNetV2-like networks the training-throughput benchmark compares engines on.
 * Plain data: the TensorFlow.js side builds them with tf.layers (./buildModel.ts), the PyTorch
 * side (bench/pytorch/train_throughput.py) reads the same list as JSON.
 *
 * Every network: input 28x28x1 -> stem conv kxk/stride (no bias) + BN + ReLU6 -> inverted
 * residual blocks -> global average pool -> dense 10 softmax.
 * Inverted residual block: 1x1 expand conv (skipped when expand = 1) + BN + ReLU6, depthwise
 * kxk/stride + BN + ReLU6, 1x1 project conv + BN, plus the block input when stride = 1 and the
 * width is unchanged.
 */
export interface BlockSpec { expand: number; kernel: number; stride: number; filters: number }
export interface NetworkSpec {
  name: string;
  input: [number, number, number];
  classes: number;
  stem: { filters: number; kernel: number; stride: number };
  blocks: BlockSpec[];
}

const input: [number, number, number] = [28, 28, 1];

export const networks: NetworkSpec[] = [
  {
    // The reference net of notes/tfjs-backends.md: two blocks, expand 4, 32 channels.
    name: 'small',
    input, classes: 10,
    stem: { filters: 16, kernel: 3, stride: 2 },
    blocks: [
      { expand: 4, kernel: 3, stride: 1, filters: 32 },
      { expand: 4, kernel: 3, stride: 1, filters: 32 },
    ],
  },
  {
    name: 'medium',
    input, classes: 10,
    stem: { filters: 16, kernel: 3, stride: 2 },
    blocks: [
      { expand: 3, kernel: 3, stride: 1, filters: 16 },
      { expand: 6, kernel: 5, stride: 2, filters: 24 },
      { expand: 6, kernel: 3, stride: 1, filters: 24 },
      { expand: 6, kernel: 5, stride: 2, filters: 48 },
      { expand: 4, kernel: 3, stride: 1, filters: 48 },
    ],
  },
  {
    name: 'large',
    input, classes: 10,
    stem: { filters: 16, kernel: 3, stride: 2 },
    blocks: [
      { expand: 6, kernel: 3, stride: 1, filters: 24 },
      { expand: 6, kernel: 5, stride: 1, filters: 24 },
      { expand: 6, kernel: 7, stride: 2, filters: 32 },
      { expand: 6, kernel: 5, stride: 1, filters: 32 },
      { expand: 6, kernel: 7, stride: 1, filters: 48 },
      { expand: 6, kernel: 3, stride: 2, filters: 64 },
      { expand: 6, kernel: 7, stride: 1, filters: 64 },
      { expand: 6, kernel: 5, stride: 1, filters: 64 },
    ],
  },
];

export function hasResidual(inFilters: number, block: BlockSpec): boolean {
  return block.stride === 1 && inFilters === block.filters;
}
