// Helper declarations in bpf/bpf_helper_defs.h against libbpf's
// (/usr/include/bpf/bpf_helper_defs.h): same names, ids and parameter counts.

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { BUILTIN_HEADERS } from '../../src/engine/headers';
import { skipUnless } from './header-dirs';

const SYSTEM_DEFS = '/usr/include/bpf/bpf_helper_defs.h';

interface HelperDecl {
  id: number;
  params: number;
}

/** Top-level comma count of a parameter list; "void" and "" mean none. */
function countParams(list: string): number {
  const trimmed = list.trim();
  if (trimmed === '' || trimmed === 'void') return 0;
  let depth = 0;
  let count = 1;
  for (const ch of trimmed) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) count++;
  }
  return count;
}

/** `static RET (*[const] NAME)(PARAMS) = (void *) ID;` declarations, by name. */
function parseHelperDecls(text: string): Map<string, HelperDecl> {
  const re = /^static [^;]*?\(\s*\*\s*(?:const\s+)?(\w+)\)\((.*)\) = \(void \*\) (\d+);$/gm;
  const out = new Map<string, HelperDecl>();
  for (const m of text.matchAll(re)) out.set(m[1], { id: Number(m[3]), params: countParams(m[2]) });
  return out;
}

describe('built-in headers: helper ids', function () {
  const ours = parseHelperDecls(BUILTIN_HEADERS['bpf/bpf_helper_defs.h'] ?? '');

  it('declares helpers 1 through 211, each once, as const function pointers', function () {
    const ids = Array.from(ours.values(), (d) => d.id).sort((a, b) => a - b);
    assert.deepEqual(ids, Array.from({ length: 211 }, (_, i) => i + 1));
    const text = BUILTIN_HEADERS['bpf/bpf_helper_defs.h'] ?? '';
    const nonConst = text.split('\n').filter((l) => l.startsWith('static ') && !l.includes('(* const '));
    assert.deepEqual(nonConst, []);
  });

  it('matches libbpf: names, ids and parameter counts', function () {
    skipUnless(this, [existsSync(SYSTEM_DEFS) ? undefined : `${SYSTEM_DEFS} not found; install libbpf-dev`]);
    const theirs = parseHelperDecls(readFileSync(SYSTEM_DEFS, 'utf8'));
    assert.ok(theirs.size > 150, `parsed only ${theirs.size} helpers from ${SYSTEM_DEFS}`);
    for (const [name, decl] of theirs) {
      assert.deepEqual(ours.get(name), decl, `helper ${name}`);
    }
    const extra = Array.from(ours.keys()).filter((n) => !theirs.has(n));
    assert.deepEqual(extra, [], 'helpers libbpf does not declare');
  });

  it('keeps the well-known ids XDP and tc programs rely on', function () {
    // Ids are ABI: a wrong one calls a different helper in the kernel.
    const known: Record<string, number> = {
      bpf_map_lookup_elem: 1, bpf_map_update_elem: 2, bpf_map_delete_elem: 3, bpf_trace_printk: 6,
      bpf_tail_call: 12, bpf_redirect: 23, bpf_xdp_adjust_head: 44, bpf_redirect_map: 51,
      bpf_fib_lookup: 69, bpf_xdp_adjust_tail: 65, bpf_check_mtu: 163,
    };
    for (const [name, id] of Object.entries(known)) assert.equal(ours.get(name)?.id, id, name);
  });
});

describe('built-in headers: enum bpf_func_id', () => {
  it('names every helper of bpf_helper_defs.h with its id (BPF_FUNC_<name> = id)', () => {
    const helpers = parseHelperDecls(BUILTIN_HEADERS['bpf/bpf_helper_defs.h'] ?? '');
    const text = BUILTIN_HEADERS['xdp-lab/bpf-func-id.h'] ?? '';
    const ids = new Map([...text.matchAll(/BPF_FUNC_(\w+) = (\d+),/g)].map(m => [m[1], Number(m[2])]));
    assert.ok(helpers.size > 200, `only ${helpers.size} helpers parsed`);
    for (const [name, h] of helpers) {
      const bare = name.replace(/^bpf_/, '');
      assert.equal(ids.get(bare), h.id, `BPF_FUNC_${bare}`);
    }
    assert.equal(ids.size, helpers.size + 1, 'one entry per helper plus BPF_FUNC_unspec');
  });
});
