// Printed forms of what verification depends on, without source positions: two functions with the same
// fingerprint behave the same under the verifier except for where their diagnostics point. An edit in one
// function leaves the others' fingerprints unchanged even when it shifts their positions, so their analyses
// (and the verdicts of programs that reach only them) can be reused (verifier/cache.ts).

import type { GlobalInfo, IrFunction, IrModule, MapInfo, StackSlot } from '../../ir/ir';
import type { CType, RecordType } from '../../types/ctype';

const fnPrints = new WeakMap<IrFunction, string>();

/** Fingerprints of one module's types, memoised per object (types are shared by many registers). */
export class Fingerprinter {
  private readonly types = new Map<object, string>();
  private readonly open = new Set<RecordType>();

  fn(f: IrFunction): string {
    // IR is never changed once built: a function handed in again (by a front end that reuses what an edit left
    // alone, or a second verification of one module) is printed once.
    let known = fnPrints.get(f);
    if (known === undefined) fnPrints.set(f, (known = this.fnUncached(f)));
    return known;
  }

  private fnUncached(f: IrFunction): string {
    const out: string[] = [
      `fn ${f.name} ${this.type(f.type)} ${f.params.join(',')} ${f.frameSize} ${f.entry} ${f.inline} ${f.isStatic}`,
    ];
    for (const r of f.regs) out.push(`r ${r.name ?? ''} ${this.type(r.type)}`);
    for (const s of f.slots) out.push(this.slot(s));
    for (const b of f.blocks) {
      out.push(`b ${b.id} ${b.label} ${b.loop ? `${b.loop.hint ?? ''}/${b.loop.count ?? ''}` : '-'}`);
      for (const i of b.insts) out.push(plain(i));
      out.push(plain(b.term));
    }
    return out.join('\n');
  }

  /** Maps, globals and license: what any program may read besides its functions. */
  data(m: IrModule): string {
    const out: string[] = [`license ${m.license ?? ''}`];
    for (const x of m.maps) out.push(this.map(x));
    for (const g of m.globals) out.push(this.global(g));
    return out.join('\n');
  }

  private map(x: MapInfo): string {
    const types = `${x.keyType ? this.type(x.keyType) : '-'} ${x.valueType ? this.type(x.valueType) : '-'}`;
    return `map ${x.name} ${x.type} ${x.typeName} ${x.keySize} ${x.valueSize} ${x.maxEntries} ${x.flags} ${x.pinning ?? ''} ${x.style} ${types} {${x.inner ? this.map(x.inner) : ''}}`;
  }

  private global(g: GlobalInfo): string {
    return `global ${g.name} ${this.type(g.type)} ${g.section} ${g.size} ${g.readonly} ${Array.from(g.init).join(',')}`;
  }

  private slot(s: StackSlot): string {
    return `s ${s.name} ${this.type(s.type)} ${s.size} ${s.offset}`;
  }

  type(t: CType): string {
    const known = this.types.get(t);
    if (known !== undefined) return known;
    const q = `${t.const ? 'c' : ''}${t.volatile ? 'v' : ''}`;
    let s: string;
    switch (t.k) {
      case 'void': s = `void${q}`; break;
      case 'int': s = `i${t.size}${t.signed ? 's' : 'u'}${t.bool ? 'b' : ''}:${t.name}${q}`; break;
      case 'float': s = `f${t.size}${q}`; break;
      case 'ptr': s = `*${q}(${this.type(t.to)})`; break;
      case 'array': s = `[${t.len ?? ''}]${q}(${this.type(t.of)})`; break;
      case 'func': s = `fn${q}(${this.type(t.ret)};${t.params.map(p => this.type(p)).join(',')};${t.variadic}${t.prototyped})`; break;
      case 'record': s = `${this.record(t.rec)}${q}`; break;
      case 'enum': s = `enum ${t.en.name ?? ''} ${t.en.complete} ${this.type(t.en.base)} ${[...t.en.values].join(',')}${q}`; break;
      case 'typedef': s = `td ${t.name} ${t.align ?? ''}${q}(${this.type(t.to)})`; break;
    }
    // Inside a record's own fields a back reference prints short: keep only forms that do not depend on that.
    if (this.open.size === 0) this.types.set(t, s);
    return s;
  }

  private record(r: RecordType): string {
    const head = `${r.kind} ${r.name ?? ''} ${r.size} ${r.align} ${r.packed}`;
    // A record reached again through its own fields (a list node's `next`): its name and size identify it there.
    if (this.open.has(r) || !r.fields) return `${head} ~`;
    const known = this.types.get(r);
    if (known !== undefined) return known;
    this.open.add(r);
    const fields = r.fields.map(f => `${f.name ?? ''}@${f.offset}.${f.bitOffset ?? ''}.${f.bitWidth ?? ''}:${this.type(f.type)}`);
    this.open.delete(r);
    const s = `${head} {${fields.join(';')}}`;
    if (this.open.size === 0) this.types.set(r, s);
    return s;
  }
}

/** One instruction or terminator, every field but its source range. */
function plain(x: object): string {
  let s = '';
  for (const k in x) {
    if (k === 'loc') continue;
    s += `${k}=${value((x as Record<string, unknown>)[k])} `;
  }
  return s;
}

function value(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v !== 'object' || v === null) return String(v);
  if (Array.isArray(v)) return `[${v.map(value).join(',')}]`;
  // Operands, the commonest objects, directly.
  const o = v as { r?: number; imm?: bigint };
  if (o.r !== undefined) return `r${o.r}`;
  if (o.imm !== undefined) return `#${o.imm}`;
  return `{${plain(v)}}`;
}
