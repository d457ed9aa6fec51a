// State shared by the converters: the text (for token spelling), the prepass pieces looked up by offset, the
// pool of blanked attributes, and the diagnostics found while converting (spans in text offsets).

import type { Severity } from '../diagnostics';
import type { Span } from './ast';
import type { CNode } from './cst';
import type { AttrPiece, OffsetofPiece, OperandPiece, Pieces } from './pieces';

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
  private readonly operands = new Map<number, OperandPiece>();
  private readonly offsetofs = new Map<number, OffsetofPiece>();
  private readonly caseRanges: Set<number>;
  private readonly attrs: AttrPiece[];

  /**
   * `text` is the original (tokens are spelled from it), `maskedText` what tree-sitter read (attributes blanked,
   * typeof and offsetof replaced): the two have the same length.
   */
  constructor(
    readonly text: string,
    readonly maskedText: string,
    pieces: Pieces,
  ) {
    for (const t of pieces.operands) this.operands.set(t.start, t);
    for (const o of pieces.offsetofs) this.offsetofs.set(o.start, o);
    this.caseRanges = new Set(pieces.caseRanges);
    this.attrs = [...pieces.attrs].sort((a, b) => a.start - b.start);
  }

  tok(n: CNode): string {
    return this.text.slice(n.start, n.end);
  }

  span(n: CNode): Span {
    return { start: n.start, end: n.end };
  }

  /** The typeof that a placeholder (an identifier, or the keyword `int`) starting at `n` stands for. */
  typeofAt(n: CNode): OperandPiece | undefined {
    const t = this.operands.get(n.start);
    return t?.kind === 'typeof' ? t : undefined;
  }

  alignofAt(n: CNode): OperandPiece | undefined {
    const t = this.operands.get(n.start);
    return t?.kind === 'alignof' && t.end === n.end ? t : undefined;
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
