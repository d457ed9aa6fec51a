// Writes docs/diagnostics.md from the verifier's check modules: `npx tsx scripts/gen-diagnostics-doc.ts`.
// test/verifier/diagnostics-doc.test.ts fails when the committed file is out of date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { diagnosticsDoc } from '../src/engine/verifier/checks/doc';

const out = join(__dirname, '..', 'docs', 'diagnostics.md');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, diagnosticsDoc());
console.log(`gen-diagnostics-doc: wrote ${out}`);
