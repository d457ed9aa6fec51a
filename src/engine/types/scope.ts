// Lexical scopes: the ordinary-identifier namespace (variables, functions, typedefs, enum constants) and the
// tag namespace (struct/union/enum), as C has them.

import type { Span } from '../parse/ast';
import type { CType } from './ctype';

export type Sym =
  /** constValue: a non-volatile const integer variable with a constant initialiser, which clang folds (GNU). */
  | { kind: 'var'; name: string; type: CType; global: boolean; span: Span; id: number; attrs?: SymAttrs; constValue?: bigint }
  | { kind: 'func'; name: string; type: CType; span: Span; id: number; attrs?: SymAttrs; defined: boolean }
  | { kind: 'typedef'; name: string; type: CType; span: Span; align?: number }
  | { kind: 'enumconst'; name: string; value: bigint; type: CType; span: Span };

export interface SymAttrs {
  section?: string;
  alwaysInline?: boolean;
  noinline?: boolean;
  isStatic?: boolean;
  isExtern?: boolean;
  weak?: boolean;
}

export type Tag = { kind: 'struct' | 'union' | 'enum'; type: CType; span: Span };

export class Scope {
  readonly names = new Map<string, Sym>();
  readonly tags = new Map<string, Tag>();

  constructor(readonly parent?: Scope) {}

  lookup(name: string): Sym | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.names.get(name);
      if (v) return v;
    }
    return undefined;
  }

  lookupTag(name: string): Tag | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.tags.get(name);
      if (v) return v;
    }
    return undefined;
  }

  isTypedef(name: string): boolean {
    return this.lookup(name)?.kind === 'typedef';
  }
}
