// Chart colours from VS Code's theme variables, re-read when the theme changes (VS Code
// switches the body's class between vscode-light, vscode-dark and vscode-high-contrast).
export interface ChartColours {
  front: string;
  dominated: string;
  infeasible: string;
  selected: string;
  /** Candidates only predicted (hollow marks with error bars). */
  predicted: string;
  constraint: string;
  axis: string;
  grid: string;
  best: string;
  hypervolume: string;
  font: string;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export function chartColours(): ChartColours {
  return {
    front: cssVar('--vscode-charts-blue', '#3794ff'),
    dominated: cssVar('--vscode-descriptionForeground', '#888888'),
    infeasible: cssVar('--vscode-charts-red', '#f14c4c'),
    selected: cssVar('--vscode-charts-orange', '#d18616'),
    predicted: cssVar('--vscode-charts-purple', '#b180d7'),
    constraint: cssVar('--vscode-charts-yellow', '#cca700'),
    axis: cssVar('--vscode-foreground', '#cccccc'),
    grid: cssVar('--vscode-panel-border', 'rgba(128,128,128,0.35)'),
    best: cssVar('--vscode-charts-green', '#89d185'),
    hypervolume: cssVar('--vscode-charts-purple', '#b180d7'),
    font: `${cssVar('--vscode-font-size', '13px')} ${cssVar('--vscode-font-family', 'sans-serif')}`,
  };
}

export function onThemeChange(fn: () => void): void {
  new MutationObserver(fn).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
