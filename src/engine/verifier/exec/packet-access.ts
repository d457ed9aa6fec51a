// The packet obligation: the bytes [off, off + size) past the pointer's base must lie inside the range a
// comparison with data_end (or, for metadata, with data) has proven for the pointer's id on this path.

import type { Related } from '../../diagnostics';
import { insertBefore } from '../checks/fixes';
import * as bounds from '../checks/packet-bounds';
import type { Extras } from '../checks/types';
import { constValue } from '../domain/scalar';
import type { PacketPtr } from '../domain/value';
import type { AccessReq } from './access';
import { fail } from './report';
import type { Exec } from './env';
import { nameOf } from './operands';

export function packetAccess(x: Exec, p: PacketPtr, r: AccessReq): boolean {
  const varConst = constValue(p.var);
  const fixedVar = varConst !== undefined ? Number(varConst) : 0;
  const facts: bounds.PacketAccess = {
    access: r.mode,
    size: r.size,
    off: p.off + r.off + fixedVar,
    range: x.st.rangeOf(p.space, p.id) + fixedVar,
    id: p.id,
    regOff: p.off,
    meta: p.space === 'meta',
  };
  if (varConst === undefined) {
    facts.varLo = p.var.smin;
    facts.varHi = p.var.smax;
  }
  if (p.var.smin < 0n) {
    fail(x, bounds.info, bounds.negativeMessage(facts), bounds.NEGATIVE_KERNEL, { related: causes(x, p) });
    return false;
  }
  if (facts.off >= 0 && facts.off + r.size <= facts.range) return true;
  fail(x, bounds.info, bounds.message(facts), bounds.kernel(facts), extras(x, p, r, facts));
  return false;
}

/** Where the pointer came from and which comparison last proved its range. */
function causes(x: Exec, p: PacketPtr): Related[] {
  const out: Related[] = [];
  if (p.origin) out.push({ range: p.origin.at, message: p.origin.what });
  const info = x.st.rangeInfo(p.space, p.id);
  if (info?.at) out.push({ range: info.at, message: `this comparison proved ${info.range} byte${info.range === 1 ? '' : 's'} past the pointer's base` });
  return out;
}

function extras(x: Exec, p: PacketPtr, r: AccessReq, facts: bounds.PacketAccess): Extras {
  const name = nameOf(x, r.ptr, r.op);
  const end = r.off + r.size;
  const stale = staleEnd(x);
  const hint = stale ? `${stale.name} was read before ${stale.by}, which invalidated it: read data_end from ctx again after the call` : bounds.hint(name, end, facts.meta);
  const related = causes(x, p);
  if (stale) related.push({ range: stale.at, message: `${stale.by} invalidated \`${stale.name}\` here` });
  const out: Extras = { related, hint };
  const fix = fixFor(x, p, name, end, facts);
  if (fix) out.fix = fix;
  return out;
}

/** Inserts the bounds check before the statement, when the access is in the program itself and names are known. */
function fixFor(x: Exec, p: PacketPtr, name: string | undefined, end: number, facts: bounds.PacketAccess): Extras['fix'] {
  if (!name || facts.meta || x.st.frames.length !== 1 || facts.off + facts.size > bounds.MAX_PACKET_OFF) return undefined;
  const dataEnd = endName(x);
  const text = x.env.text(x.loc.file);
  if (!dataEnd || text === undefined || p.space !== 'data') return undefined;
  const lines = bounds.checkText(name, end, dataEnd, x.env.hook.drop.name).split('\n');
  return insertBefore(text, x.loc, lines);
}

/** The name of a variable holding data_end in the current frame. */
function endName(x: Exec): string | undefined {
  const fr = x.st.top;
  const i = fr.regs.findIndex((v, r) => v.k === 'pkt_end' && fr.fn.regs[r]?.name !== undefined);
  return i >= 0 ? fr.fn.regs[i].name : undefined;
}

/** A variable still holding a data_end that a helper invalidated: comparisons with it prove nothing. */
function staleEnd(x: Exec): { name: string; by: string; at: Related['range'] } | undefined {
  const fr = x.st.top;
  for (let r = 0; r < fr.regs.length; r++) {
    const v = fr.regs[r];
    const name = fr.fn.regs[r]?.name;
    if (v.k === 'stale' && v.what === 'data_end' && name) return { name, by: v.by, at: v.at };
  }
  return undefined;
}
