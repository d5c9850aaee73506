// The layer of a depthwise convolution with a dilation: tf.layers.depthwiseConv2d accepts a
// dilationRate and ignores it (tfjs-layers 4.22), and cannot take a stride with it. Same weights
// as that layer (depthwise_kernel [k, k, channels, 1], bias [channels]), so parameter counts and
// saved weights keep their shapes and names; registered with tf.serialization so a model
// containing it is saved as model.json + weights and loaded back.
import * as tf from '@tensorflow/tfjs';
import { dilatedDepthwiseConv2d } from './dilatedDepthwise';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface DilatedDepthwiseArgs extends LayerArgs {
  kernelSize: number;
  strides: number;
  dilationRate: number;
  padding: 'same' | 'valid';
  useBias: boolean;
  /** Seed of the kernel's Glorot-uniform initializer (as the builder gives tf.layers.depthwiseConv2d). */
  seed?: number;
}

export class DilatedDepthwiseConv2D extends tf.layers.Layer {
  static readonly className = 'NasDilatedDepthwiseConv2D';
  private readonly args: DilatedDepthwiseArgs;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: DilatedDepthwiseArgs) {
    super(args);
    this.args = args;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[3];
    if (typeof channels !== 'number') throw new Error(`${this.name}: needs a known channel count, got input shape ${JSON.stringify(shape)}`);
    const k = this.args.kernelSize;
    this.kernel = this.addWeight('depthwise_kernel', [k, k, channels, 1], 'float32', tf.initializers.glorotUniform({ seed: this.args.seed }), undefined, true);
    if (this.args.useBias) this.bias = this.addWeight('bias', [channels], 'float32', tf.initializers.zeros(), undefined, true);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const { kernelSize: k, strides: s, dilationRate: d, padding } = this.args;
    // As dilatedDepthwiseConv2d: the stride-1 output read at every stride-th pixel.
    const side = (size: number | null) => size === null ? null : Math.ceil((padding === 'same' ? size : size - (k - 1) * d) / s);
    return [n, side(h), side(w), c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const y = dilatedDepthwiseConv2d(x, this.kernel!.read() as tf.Tensor4D, this.args.strides, this.args.dilationRate, this.args.padding);
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { kernelSize, strides, dilationRate, padding, useBias, seed } = this.args;
    return { ...super.getConfig(), kernelSize, strides, dilationRate, padding, useBias, ...(seed === undefined ? {} : { seed }) };
  }
}

tf.serialization.registerClass(DilatedDepthwiseConv2D);
