// `zc`, `zc:<proxy>` and `zc:<proxy>+<proxy>...`: zero-cost proxies, scores of the untrained
// network at initialisation on one mini-batch (src/train/zeroCost/), each in milliseconds to a
// second. The names are NASLib's / NAS-Bench-Suite-Zero's, as the columns of its published
// tables, so a run's scores and a table's (`table:nb201-zc.json`) are the same features.
import type { MetricInfo } from '../catalog';
import type { EstimatorDescriptor } from '../descriptor';
import type { SettingsOf } from '../settings';

export const ZC_PROXIES = ['synflow', 'jacov', 'nwot', 'snip', 'grad_norm', 'fisher'] as const;
export type ZcProxy = (typeof ZC_PROXIES)[number];

/** What an ensemble may rank: a proxy, or one of the analytic costs (known to rank NAS-Bench-201 about as well, with the sign flipped). */
export type ZcMember = ZcProxy | 'params' | 'flops';
const MEMBERS: readonly ZcMember[] = [...ZC_PROXIES, 'params', 'flops'];
const ALIASES: Readonly<Record<string, ZcMember>> = { jacob_cov: 'jacov', naswot: 'nwot' };

/**
 * The label-free ensemble of plain `zc`: one proxy from each family that measures something
 * different (gradient flow without data, the input Jacobian's decorrelation across samples, the
 * diversity of ReLU patterns). The loss-gradient family (snip, grad_norm, fisher) is left out: its
 * three members are near-copies of one signal and the weakest on NAS-Bench-201 (0.55-0.60).
 */
export const ZC_DEFAULT_ENSEMBLE: readonly ZcMember[] = ['synflow', 'jacov', 'nwot'];

export const ZC_SETTINGS = {
  // 32, not NASLib's 64: on the Fashion-MNIST bench (bench/README.md) 32 ranks the candidates as
  // 64 does at less than half the time (nwot's kernel grows with its square).
  batchSize: { type: 'number', default: 32, min: 2, integer: true, description: 'samples of the one mini-batch the data-dependent proxies see' },
  seed: { type: 'number', default: 0, min: 0, description: 'seed of the initial weights, the mini-batch and the reference sample (the search seed unless set)' },
  dataset: { type: 'text', default: 'builtin', description: "'builtin', 'fashion-mnist' or a path to a CSV file or an IDX/image folder" },
  reference: { type: 'number', default: 32, min: 1, integer: true, description: 'architectures of the space sampled once (seeded) that the ensemble ranks each candidate against' },
} as const;

export type ZcSettings = SettingsOf<typeof ZC_SETTINGS>;

const cheap = (name: string, description: string, unit = ''): MetricInfo => ({ name, direction: 'max', unit, description, cost: 'cheap' });

export const ZC_METRICS: readonly MetricInfo[] = [
  cheap('synflow', 'SynFlow at initialisation, data-free: ln of the sum over conv/dense weights of |w dR/dw|, R the output sum with |weights|, batch norm off, all-ones input', 'ln'),
  cheap('jacov', 'Jacobian covariance: -sum(ln(v + 1e-5) + 1 / (v + 1e-5)) over the eigenvalues v of the correlation matrix of the per-sample input gradients'),
  cheap('nwot', 'NASWOT: ln det of the ReLU activation-pattern kernel of one mini-batch (Hamming similarity of the binary codes)', 'ln'),
  cheap('snip', 'SNIP: sum over conv/dense weights of |w dL/dw| on one labelled mini-batch'),
  cheap('grad_norm', 'sum over conv/dense layers of the Euclidean norm of the loss gradient of their weights, one labelled mini-batch'),
  cheap('fisher', 'Fisher: sum over conv/dense output channels of mean over samples of (sum act * dL/dact)^2 / 2, times the weights per channel'),
  cheap('zc', 'label-free ensemble: mean percentile of the chosen proxies among a seeded sample of the space (higher is better)', 'fraction'),
];

/** The proxies `zc` computes and the members its ensemble ranks; throws a one-line error. */
export interface ZcChoice {
  proxies: ZcProxy[];
  /** Absent for a single proxy (`zc:synflow`): no ensemble. */
  ensemble?: ZcMember[];
}

export function parseZcArgument(argument: string | undefined): ZcChoice {
  if (argument === undefined || argument === '') return { proxies: [...ZC_PROXIES], ensemble: [...ZC_DEFAULT_ENSEMBLE] };
  const members = argument.split('+').map((part) => {
    const name = part.trim().toLowerCase();
    const member = ALIASES[name] ?? MEMBERS.find((m) => m === name);
    if (!member) throw new Error(`estimator zc: unknown proxy '${part.trim()}' in 'zc:${argument}': expected ${MEMBERS.join(', ')} (joined by +)`);
    return member;
  });
  if (new Set(members).size !== members.length) throw new Error(`estimator zc: a proxy is named twice in 'zc:${argument}'`);
  const proxies = ZC_PROXIES.filter((p) => members.includes(p));
  return members.length === 1 ? { proxies } : { proxies, ensemble: members };
}

export const ZERO_COST: EstimatorDescriptor = {
  summary: 'zero-cost proxies of the untrained network with TensorFlow.js: all six and their label-free ensemble, or those named, e.g. zc:synflow+jacov',
  argument: { placeholder: '<proxies>', example: 'synflow+jacov', optional: true },
  settings: ZC_SETTINGS,
  needsGraph: true,
  metrics: ZC_METRICS,
};
