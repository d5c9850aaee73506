// Running a search (or even describing a space) executes the workspace's .nasspace.ts, so in
// an untrusted workspace the extension refuses and says why, with a way to change trust.
import * as vscode from 'vscode';

const UNTRUSTED_REASON = 'NAS search spaces are TypeScript programs: describing or searching one runs the workspace\'s .nasspace.ts code, which is disabled until you trust this workspace.';

/** True when trusted; otherwise tells the user once per call and offers "Manage Workspace Trust". */
export async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(`NAS: cannot ${what} in an untrusted workspace. ${UNTRUSTED_REASON}`, manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
