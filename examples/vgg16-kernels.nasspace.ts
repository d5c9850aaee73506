// VGG16 with a kernel size from {3, 5, 7} in each of its 13 convolutions and a width from three
// options in each of its 3 fully connected layers: 3^16 = 43,046,721 architectures.
// The classifier (dense to `classes`, softmax) is appended by the space itself.
import { choice, conv, defineSpace, dense, flatten, maxPool } from 'nas-workbench';

const k = () => choice(3, 5, 7);
const block = (filters: number, convs: number) => [
  ...Array.from({ length: convs }, () => conv({ filters, kernel: k() })),
  maxPool(),
];

export default defineSpace({
  name: 'vgg16-kernels',
  input: { shape: [32, 32, 3], classes: 10 },
  layers: [
    ...block(64, 2),
    ...block(128, 2),
    ...block(256, 3),
    ...block(512, 3),
    ...block(512, 3),
    flatten(),
    dense({ units: choice(256, 512, 1024) }),
    dense({ units: choice(256, 512, 1024) }),
    dense({ units: choice(64, 128, 256) }),
  ],
  search: { strategy: 'evolution', budget: 50, objectives: ['max:val_acc', 'min:latency_ms'] },
});
