// Extension entry: loads the C parser once, then wires each editor feature. Features are thin layers over the
// engine; none of them holds engine logic.

import * as vscode from 'vscode';
import { loadCParser } from '../engine/parse/treesitter';
import { LiveDiagnostics } from './diagnostics';

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  const parser = await loadCParser({ wasmDir: __dirname });
  const live = new LiveDiagnostics(parser);
  ctx.subscriptions.push(live);
  ctx.subscriptions.push(
    vscode.commands.registerCommand('xdpLab.verify', () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc) return undefined;
      const fr = live.check(doc);
      // Returned as data so host tests can assert on it.
      return {
        programs: fr.module.programs.map(p => ({ name: p.name, section: p.section, type: p.type })),
        maps: fr.module.maps.map(m => m.name),
        errors: fr.diagnostics.filter(d => d.severity === 'error').length,
      };
    }),
  );
}

export function deactivate(): void {}
