// The ONLY module that touches @vscode/webview-ui-toolkit (deprecated upstream, required by the
// product): every control the panel uses is created here, so switching to
// @vscode-elements/elements means rewriting this one file.
import { provideVSCodeDesignSystem, vsCodeBadge, vsCodeButton, vsCodeDropdown, vsCodeOption } from '@vscode/webview-ui-toolkit';

let registered = false;
function register(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDropdown(), vsCodeOption(), vsCodeBadge());
}

export function button(label: string, onClick: () => void, options: { appearance?: 'primary' | 'secondary'; testId?: string; title?: string } = {}): HTMLElement {
  register();
  const b = document.createElement('vscode-button');
  b.textContent = label;
  b.setAttribute('appearance', options.appearance ?? 'secondary');
  if (options.testId) b.dataset.testid = options.testId;
  if (options.title) b.title = options.title;
  b.addEventListener('click', onClick);
  return b;
}

export function setDisabled(control: HTMLElement, disabled: boolean): void {
  control.toggleAttribute('disabled', disabled);
}

/** A dropdown of plain string options; `onChange` gets the chosen value. */
export function dropdown(values: readonly string[], selected: string, onChange: (value: string) => void, testId?: string): HTMLElement & { value: string } {
  register();
  const d = document.createElement('vscode-dropdown') as HTMLElement & { value: string };
  if (testId) d.dataset.testid = testId;
  for (const v of values) {
    const o = document.createElement('vscode-option');
    o.setAttribute('value', v);
    o.textContent = v;
    if (v === selected) o.setAttribute('selected', '');
    d.appendChild(o);
  }
  d.addEventListener('change', () => onChange(d.value));
  return d;
}

export function badge(text: string): HTMLElement {
  register();
  const b = document.createElement('vscode-badge');
  b.textContent = text;
  return b;
}

/** A labelled checkbox (a native one: the toolkit's adds nothing the panel needs). */
export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void, testId?: string): HTMLLabelElement & { input: HTMLInputElement } {
  const input = Object.assign(document.createElement('input'), { type: 'checkbox', checked });
  if (testId) input.dataset.testid = testId;
  input.addEventListener('change', () => onChange(input.checked));
  const l = Object.assign(document.createElement('label'), { className: 'nas-check' });
  l.append(input, label);
  return Object.assign(l, { input });
}
