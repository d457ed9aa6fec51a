// Statements → CFG. Loops get a header block carrying the loop's range and any unroll pragma before it.

import { lowerAsm } from './lower-asm';
import type * as A from '../parse/ast';
import { asInt, strip, T } from '../types/ctype';
import { promote } from '../types/conversions';
import { FnContext, intTy, irError } from './context';
import type { Block } from './ir';
import { cond, rvalue } from './lower-expr';
import { lowerLocalDecl } from './lower-decl';
import { convert, wrap } from './lower-value';

export function lowerBlockItems(cx: FnContext, items: ReadonlyArray<A.Stmt | A.Declaration | A.StaticAssert>): void {
  for (const it of items) lowerItem(cx, it);
}

function lowerItem(cx: FnContext, it: A.Stmt | A.Declaration | A.StaticAssert): void {
  const saved = cx.b.loc;
  cx.b.loc = cx.m.toRange(it.span);
  try {
    if (it.kind === 'declaration') lowerLocalDecl(cx, it);
    else if (it.kind === 'static-assert') staticAssert(cx, it);
    else lowerStmt(cx, it);
  } finally {
    cx.b.loc = saved;
  }
}

export function staticAssert(cx: { m: FnContext['m'] }, s: A.StaticAssert): void {
  const v = cx.m.typer.constInt(s.cond, 'static assertion');
  if (v === 0n) {
    cx.m.typer.error(s.span, 'TYPE_STATIC_ASSERT', `static assertion failed${s.message ? ': ' + s.message : ''}`);
  }
}

function lowerStmt(cx: FnContext, s: A.Stmt): void {
  const b = cx.b;
  switch (s.kind) {
    case 'compound': {
      cx.m.typer.push();
      const mark = b.scopeMark();
      lowerBlockItems(cx, s.items);
      b.scopeRelease(mark);
      cx.m.typer.pop();
      return;
    }
    case 'expr':
      if (s.expr) rvalue(cx, s.expr);
      return;
    case 'if': {
      const then = b.newBlock('if.then');
      const end = b.newBlock('if.end');
      const els = s.else ? b.newBlock('if.else') : end;
      cond(cx, s.cond, then, els);
      b.setBlock(then);
      lowerItem(cx, s.then);
      b.terminate({ op: 'br', to: end.id });
      if (s.else) {
        b.setBlock(els);
        lowerItem(cx, s.else);
        b.terminate({ op: 'br', to: end.id });
      }
      b.setBlock(end);
      return;
    }
    case 'while': {
      const head = loopHeader(cx, s.span, 'while.cond');
      const body = b.newBlock('while.body');
      const end = b.newBlock('while.end');
      b.enter(head);
      cond(cx, s.cond, body, end);
      b.setBlock(body);
      loopBody(cx, s.body, end, head);
      b.terminate({ op: 'br', to: head.id });
      b.setBlock(end);
      return;
    }
    case 'do': {
      const body = loopHeader(cx, s.span, 'do.body');
      const check = b.newBlock('do.cond');
      const end = b.newBlock('do.end');
      b.enter(body);
      loopBody(cx, s.body, end, check);
      b.enter(check);
      cond(cx, s.cond, body, end);
      b.setBlock(end);
      return;
    }
    case 'for': {
      cx.m.typer.push();
      const mark = b.scopeMark();
      if (s.init) {
        if (s.init.kind === 'declaration') lowerLocalDecl(cx, s.init);
        else rvalue(cx, s.init);
      }
      const head = loopHeader(cx, s.span, 'for.cond');
      const body = b.newBlock('for.body');
      const step = b.newBlock('for.step');
      const end = b.newBlock('for.end');
      b.enter(head);
      if (s.cond) cond(cx, s.cond, body, end);
      else b.terminate({ op: 'br', to: body.id });
      b.setBlock(body);
      loopBody(cx, s.body, end, step);
      b.enter(step);
      if (s.step) rvalue(cx, s.step);
      b.terminate({ op: 'br', to: head.id });
      b.setBlock(end);
      b.scopeRelease(mark);
      cx.m.typer.pop();
      return;
    }
    case 'switch':
      return lowerSwitch(cx, s);
    case 'case':
    case 'default':
      return lowerCase(cx, s);
    case 'break': {
      const t = [...cx.loops].reverse().find(l => l.brk);
      if (!t?.brk) irError(cx.m, s.span, 'IR_BREAK_OUTSIDE', "'break' outside a loop or switch");
      else b.terminate({ op: 'br', to: t.brk.id });
      return;
    }
    case 'continue': {
      const t = [...cx.loops].reverse().find(l => l.cont);
      if (!t?.cont) irError(cx.m, s.span, 'IR_CONTINUE_OUTSIDE', "'continue' outside a loop");
      else b.terminate({ op: 'br', to: t.cont.id });
      return;
    }
    case 'return': {
      if (!s.value) {
        b.terminate({ op: 'ret' });
        return;
      }
      const v = rvalue(cx, s.value);
      const out = strip(cx.retType).k === 'void' ? v : convert(cx, v, cx.retType);
      b.terminate({ op: 'ret', v: out.v });
      return;
    }
    case 'goto':
      if (!cx.gotos.has(s.label)) cx.gotos.set(s.label, s.span);
      b.terminate({ op: 'br', to: label(cx, s.label).id });
      return;
    case 'label': {
      const blk = label(cx, s.label);
      const labelSpan = { start: s.span.start, end: s.span.start + s.label.length };
      if (cx.labelDefs.has(s.label)) irError(cx.m, labelSpan, 'IR_DUPLICATE_LABEL', `redefinition of label '${s.label}'`);
      cx.labelDefs.add(s.label);
      b.enter(blk);
      if (s.body) lowerItem(cx, s.body);
      return;
    }
    case 'asm':
      if (!lowerAsm(cx, s)) b.emit({ op: 'asm', text: s.text });
      return;
  }
}

function label(cx: FnContext, name: string): Block {
  let blk = cx.labels.get(name);
  if (!blk) {
    blk = cx.b.newBlock(name);
    cx.labels.set(name, blk);
  }
  return blk;
}

function loopHeader(cx: FnContext, span: A.Span, name: string): Block {
  const blk = cx.b.newBlock(name);
  const hint = takeHint(cx, span.start);
  blk.loop = { range: cx.m.toRange(span) };
  if (hint) {
    blk.loop.hint = hint.kind;
    if (hint.count !== undefined) blk.loop.count = hint.count;
  }
  return blk;
}

/** The unroll pragma that directly precedes a loop (the closest unused one before its start). */
function takeHint(cx: FnContext, start: number) {
  const hints = cx.m.loopHints;
  let best = -1;
  for (let i = 0; i < hints.length; i++) {
    if (hints[i].at <= start && (best < 0 || hints[i].at > hints[best].at)) best = i;
  }
  if (best < 0) return undefined;
  const [h] = hints.splice(best, 1);
  return h;
}

function loopBody(cx: FnContext, body: A.Stmt, brk: Block, cont: Block): void {
  cx.loops.push({ brk, cont });
  lowerItem(cx, body);
  cx.loops.pop();
}

function lowerSwitch(cx: FnContext, s: Extract<A.Stmt, { kind: 'switch' }>): void {
  const b = cx.b;
  const v = rvalue(cx, s.cond);
  const t = asInt(v.t) ? promote(v.t) : T.int;
  const cv = convert(cx, v, t);
  const head = b.cur;
  const end = b.newBlock('switch.end');
  const ctx = { cases: [] as Array<{ value: bigint; to: number }>, dflt: undefined as number | undefined, ty: intTy(t) };
  cx.switches.push(ctx);
  cx.loops.push({ brk: end });
  // Code before the first case label is unreachable; it goes to a block nothing jumps to.
  b.setBlock(b.newBlock('switch.body'));
  lowerItem(cx, s.body);
  cx.loops.pop();
  cx.switches.pop();
  b.enter(end);
  const after = b.cur;
  b.setBlock(head);
  b.terminate({ op: 'switch', v: cv.v, ty: ctx.ty, cases: ctx.cases, dflt: ctx.dflt ?? end.id });
  b.setBlock(after);
}

function lowerCase(cx: FnContext, s: Extract<A.Stmt, { kind: 'case' | 'default' }>): void {
  const b = cx.b;
  const ctx = cx.switches[cx.switches.length - 1];
  // The label itself: `case V:` / `default:` (the statement's span runs on over its body).
  const labelEnd = s.kind === 'case' ? (s.last ?? s.value).span.end + 1 : s.span.start + 'default:'.length;
  const labelSpan = { start: s.span.start, end: Math.min(labelEnd, s.span.end) };
  if (!ctx) {
    irError(cx.m, labelSpan, 'IR_CASE_OUTSIDE', `'${s.kind}' label outside a switch`);
    if (s.body) lowerItem(cx, s.body);
    return;
  }
  const blk = b.newBlock(s.kind === 'default' ? 'switch.default' : 'switch.case');
  b.enter(blk);
  if (s.kind === 'default') {
    ctx.dflt = blk.id;
  } else {
    const lo = cx.m.typer.constInt(s.value, 'case label');
    const hi = s.last ? cx.m.typer.constInt(s.last, 'case range end') : lo;
    if (lo !== undefined && hi !== undefined) {
      for (let v = lo; v <= hi && v - lo < 4096n; v++) {
        const value = wrap(v, ctx.ty);
        const valueSpan = { start: s.value.span.start, end: (s.last ?? s.value).span.end };
        if (ctx.cases.some(c => c.value === value)) irError(cx.m, valueSpan, 'IR_DUPLICATE_CASE', `duplicate case value ${v}`);
        else ctx.cases.push({ value, to: blk.id });
      }
    }
  }
  if (s.body) lowerItem(cx, s.body);
}
