// State shared by the converters: the text (for token spelling), the prepass pieces looked up by offset, the
// pool of blanked attributes, and the diagnostics found while converting (spans in text offsets).

import type { Severity } from '../diagnostics';
import type { Span } from './ast';
import type { CNode } from './cst';
import type { AttrPiece, OffsetofPiece, Pieces, TypeofPiece } from './pieces';

export interface LocalDiag {
  code: string;
  severity: Severity;
  span: Span;
  message: string;
  related?: Array<{ span: Span; message: string }>;
}

export class Ctx {
  readonly diags: LocalDiag[] = [];
  /** Parses [start, end) of the prepassed text on its own, offsets moved back (for salvage.ts). */
  reparse?: (start: number, end: number) => CNode | undefined;
  /** The prepassed text (attributes blanked), which is what tree-sitter saw. */
  maskedText: string;
  private readonly typeofs = new Map<number, TypeofPiece>();
  private readonly offsetofs = new Map<number, OffsetofPiece>();
  private readonly caseRanges: Set<number>;
  private readonly attrs: AttrPiece[];

  constructor(
    readonly text: string,
    pieces: Pieces,
  ) {
    for (const t of pieces.typeofs) this.typeofs.set(t.start, t);
    for (const o of pieces.offsetofs) this.offsetofs.set(o.start, o);
    this.caseRanges = new Set(pieces.caseRanges);
    this.attrs = [...pieces.attrs].sort((a, b) => a.start - b.start);
    this.maskedText = text;
  }

  tok(n: CNode): string {
    return this.text.slice(n.start, n.end);
  }

  span(n: CNode): Span {
    return { start: n.start, end: n.end };
  }

  /** The typeof that an identifier placeholder stands for. */
  typeofAt(n: CNode): TypeofPiece | undefined {
    const t = this.typeofs.get(n.start);
    return t && t.end === n.end ? t : undefined;
  }

  offsetofAt(n: CNode): OffsetofPiece | undefined {
    const o = this.offsetofs.get(n.start);
    return o && o.end === n.end ? o : undefined;
  }

  /** Is this the `||` the prepass wrote for `case A ... B`? */
  isCaseRange(op: CNode): boolean {
    return this.caseRanges.has(op.start);
  }

  /** Attribute pieces starting in [start, end) not yet attached elsewhere; marks them attached. */
  takeAttrPieces(start: number, end: number): AttrPiece[] {
    const out: AttrPiece[] = [];
    const list = this.attrs;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length && list[i].start < end; i++) {
      if (list[i].used) continue;
      list[i].used = true;
      out.push(list[i]);
    }
    return out;
  }

  report(span: Span, code: string, message: string, severity: Severity = 'error'): void {
    this.diags.push({ code, severity, span, message });
  }

  /** A construct the converter does not handle: reported and skipped. */
  unsupported(n: CNode, what?: string): void {
    const desc = what ?? `'${n.type.replace(/_/g, ' ')}'`;
    this.report(this.span(n), 'PARSE_UNSUPPORTED', `unsupported construct: ${desc}`);
  }
}
