// The selected candidate: its metrics and decisions, then its architecture layer by layer with
// output shapes, parameters and MACs (a bar shows each layer's share of the MACs).
import type { CandidateRecord } from '../src/core/run/types';
import type { ArchitectureDetail } from '../src/protocol/records';
import { formatCompact, formatMetric } from '../src/protocol/formatMetric';
import { formatShape } from './format';

export function renderCandidateSummary(container: HTMLElement, r: CandidateRecord, pareto: boolean, feasible: boolean): void {
  const dl = document.createElement('dl');
  dl.className = 'nas-kv';
  const add = (k: string, v: string) => {
    dl.append(Object.assign(document.createElement('dt'), { textContent: k }), Object.assign(document.createElement('dd'), { textContent: v }));
  };
  add('candidate', `#${r.index}${pareto ? ' ★ Pareto-optimal' : ''}${feasible ? '' : r.status === 'ok' ? ' (infeasible)' : ''}`);
  add('key', r.key);
  add('status', r.status + (r.error ? `: ${r.error}` : ''));
  for (const [k, v] of Object.entries(r.metrics)) add(k, formatMetric(v));
  if (r.backend) add('backend', r.backend);
  container.replaceChildren(dl);
}

export function renderArchitecture(container: HTMLElement, d: ArchitectureDetail): void {
  const head = document.createElement('p');
  head.textContent = `input ${formatShape(d.input)} → ${d.classes} classes · ${formatCompact(d.params)} params · ${formatCompact(d.macs)} MACs · ${d.layers.length} layers`;
  const layers = document.createElement('div');
  layers.className = 'nas-layers';
  layers.dataset.testid = 'nas-layers';
  const maxMacs = Math.max(1, ...d.layers.map((l) => l.macs));
  let group = '';
  for (const l of d.layers) {
    if (l.group !== group) {
      group = l.group;
      layers.appendChild(Object.assign(document.createElement('div'), { className: 'nas-group', textContent: group }));
    }
    const row = document.createElement('div');
    row.className = `nas-layer op-${l.op}`;
    const attrs = Object.entries(l.attrs).map(([k, v]) => `${k}=${v}`).join(' ');
    row.title = `${l.id} ← ${l.inputs.join(', ') || '–'}\n${attrs}`;
    row.append(
      Object.assign(document.createElement('span'), { className: 'op', textContent: l.op + (typeof l.attrs.kernel === 'number' ? ` ${l.attrs.kernel}×${l.attrs.kernel}` : '') }),
      Object.assign(document.createElement('span'), { className: 'shape', textContent: formatShape(l.shape) }),
      Object.assign(document.createElement('span'), { className: 'cost', textContent: `${formatCompact(l.params)} p · ${formatCompact(l.macs)} MAC` }),
    );
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.style.width = `${(100 * l.macs) / maxMacs}%`;
    row.appendChild(bar);
    layers.appendChild(row);
  }
  const values = document.createElement('dl');
  values.className = 'nas-kv';
  for (const [k, v] of Object.entries(d.values)) values.append(Object.assign(document.createElement('dt'), { textContent: k }), Object.assign(document.createElement('dd'), { textContent: String(v) }));
  container.replaceChildren(head, values, layers);
}
