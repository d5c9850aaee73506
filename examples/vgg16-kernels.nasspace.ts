// VGG16 with a kernel size from {3, 5, 7} in each of its 13 convolutions and a width from three
// options in each of its 3 fully connected layers: 3^16 = 43,046,721 architectures.
// The classifier (dense to `classes`, softmax) is appended by the space itself.
import { choice, conv, defineSpace, dense, flatten, maxPool } from 'nas-workbench';

const k = () => choice(3, 5, 7);
const block = (filters: number, convs: number, pool = true) => [
  ...Array.from({ length: convs }, () => conv({ filters, kernel: k() })),
  ...(pool ? [maxPool()] : []),
];

export default defineSpace({
  name: 'vgg16-kernels',
  // The built-in data's shape (Fashion-MNIST, 28x28 gray), so the example runs as it is; give
  // [32, 32, 3] for CIFAR-10 with `--train dataset=<folder>`.
  input: { shape: [28, 28, 1], classes: 10 },
  layers: [
    ...block(64, 2),
    ...block(128, 2),
    ...block(256, 3),
    ...block(512, 3),
    // Four poolings take 28x28 to 1x1; VGG16's fifth (for 32x32 inputs) would leave nothing.
    ...block(512, 3, false),
    flatten(),
    dense({ units: choice(256, 512, 1024) }),
    dense({ units: choice(256, 512, 1024) }),
    dense({ units: choice(64, 128, 256) }),
  ],
  search: { strategy: 'evolution', budget: 20, objectives: ['max:val_acc', 'min:latency_ms'] },
  // VGG16 is 1.5 GFLOPs an image: trained an eighth as wide on 1,000 samples, a candidate takes
  // about a minute on 2 cores (its latency is still measured at full width).
  train: { widthMultiplier: 0.125, subset: 1000 },
});
