// A compact S-expression rendering of the AST, for golden tests and debugging. Spans are left out (tests check
// them separately); statements inside blocks go one per line, everything else stays inline.
//   (decl (specs static int) (id x) = 1)        (ptr const (id p))        (call f a (+ b 1))

import type {
  AsmOperand,
  Attribute, Declaration, DeclSpecs, Declarator, Designator, Expr, FieldDecl, Initializer, InitList, Stmt,
  StaticAssert, TopLevel, TranslationUnit, TypeName, TypeSpec,
} from './ast';

type Item = Stmt | Declaration | StaticAssert;

function str(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92) out += `\\${s[i]}`;
    else if (c >= 32 && c < 127) out += s[i];
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

function list(head: string, parts: Array<string | undefined>): string {
  const rest = parts.filter((p): p is string => p !== undefined && p !== '');
  return rest.length === 0 ? `(${head})` : `(${head} ${rest.join(' ')})`;
}

class Printer {
  private depth = 0;

  private nl(): string {
    return `\n${'  '.repeat(this.depth)}`;
  }

  unit(tu: TranslationUnit): string {
    return tu.items.map(i => this.top(i)).join('\n') + '\n';
  }

  top(i: TopLevel): string {
    if (i.kind === 'function') {
      const head = list('function', [this.specs(i.specs), this.decl(i.declarator), this.attrs(i.attributes)]);
      this.depth++;
      const body = this.nl() + this.stmt(i.body);
      this.depth--;
      return `${head.slice(0, -1)}${body})`;
    }
    return this.item(i);
  }

  attrs(as: Attribute[]): string {
    return as.map(a => (a.args.length === 0 ? `@${a.name}` : `@${a.name}(${a.args.map(e => this.expr(e)).join(', ')})`)).join(' ');
  }

  specs(s: DeclSpecs): string {
    const words = [...s.storage, ...(s.inline ? ['inline'] : []), ...s.qualifiers];
    return list('specs', [...words, this.type(s.type), this.attrs(s.attributes)]);
  }

  type(t: TypeSpec): string {
    switch (t.kind) {
      case 'builtin':
        return list('builtin', t.words);
      case 'named':
        return `(named ${t.name})`;
      case 'typeof':
        return list('typeof', [t.type && `type:${this.typeName(t.type)}`, t.expr && `expr:${this.expr(t.expr)}`]);
      case 'enum': {
        const body = t.enumerators?.map(e => (e.value ? `(${e.name} ${this.expr(e.value)})` : e.name));
        return list('enum', [t.name, body && `{${body.join(' ')}}`, this.attrs(t.attributes)]);
      }
      default: {
        const body = t.fields && `{${t.fields.map(f => this.field(f)).join(' ')}}`;
        return list(t.kind, [t.name, body, this.attrs(t.attributes)]);
      }
    }
  }

  field(f: FieldDecl): string {
    const ds = f.declarators.map(d =>
      list('member', [d.declarator && this.decl(d.declarator), d.bitWidth && `: ${this.expr(d.bitWidth)}`, this.attrs(d.attributes)]),
    );
    return list('field', [this.specs(f.specs), ...ds]);
  }

  decl(d: Declarator): string {
    switch (d.kind) {
      case 'ident':
        return `(id ${d.name})`;
      case 'none':
        return 'none';
      case 'pointer':
        return list('ptr', [...d.qualifiers, this.attrs(d.attributes), this.decl(d.inner)]);
      case 'array':
        return list('array', [...d.qualifiers, d.size ? this.expr(d.size) : '[]', this.decl(d.inner)]);
      case 'function': {
        const ps = d.params.map(p => list('param', [this.specs(p.specs), this.decl(p.declarator)]));
        return list('fn', [list('params', [...ps, d.variadic ? '...' : undefined]), this.decl(d.inner)]);
      }
    }
  }

  typeName(t: TypeName): string {
    return list('type', [this.specs(t.specs), t.declarator.kind === 'none' ? undefined : this.decl(t.declarator)]);
  }

  init(i: Initializer): string {
    return i.kind === 'init-list' ? this.initList(i) : this.expr(i);
  }

  initList(l: InitList): string {
    const items = l.items.map(it =>
      it.designators.length === 0 ? this.init(it.value) : `(= ${this.designators(it.designators)} ${this.init(it.value)})`,
    );
    return list('init', items);
  }

  designators(ds: Designator[]): string {
    return ds
      .map(d => (d.kind === 'field' ? `.${d.name}` : `[${this.expr(d.index)}${d.last ? ` ... ${this.expr(d.last)}` : ''}]`))
      .join('');
  }

  item(i: Item): string {
    if (i.kind === 'declaration') {
      const ds = i.declarators.map(d =>
        [this.decl(d.declarator), d.init && `= ${this.init(d.init)}`, this.attrs(d.attributes)].filter(Boolean).join(' '),
      );
      return list('decl', [this.specs(i.specs), ...ds]);
    }
    if (i.kind === 'static-assert') return list('static-assert', [this.expr(i.cond), i.message !== undefined ? str(i.message) : undefined]);
    return this.stmt(i);
  }

  block(items: Item[]): string {
    this.depth++;
    const body = items.map(i => this.nl() + this.item(i)).join('');
    this.depth--;
    return `(block${body})`;
  }

  /** A sub-statement: blocks stay multi-line, others inline. */
  sub(s: Stmt | undefined): string | undefined {
    return s && this.stmt(s);
  }

  stmt(s: Stmt): string {
    switch (s.kind) {
      case 'compound':
        return this.block(s.items);
      case 'expr':
        return s.expr ? list('expr', [this.expr(s.expr)]) : '(empty)';
      case 'if':
        return list('if', [this.expr(s.cond), this.stmt(s.then), this.sub(s.else)]);
      case 'while':
        return list('while', [this.expr(s.cond), this.stmt(s.body)]);
      case 'do':
        return list('do', [this.stmt(s.body), this.expr(s.cond)]);
      case 'for': {
        const init = s.init ? (s.init.kind === 'declaration' ? this.item(s.init) : this.expr(s.init)) : '_';
        return list('for', [init, s.cond ? this.expr(s.cond) : '_', s.step ? this.expr(s.step) : '_', this.stmt(s.body)]);
      }
      case 'switch':
        return list('switch', [this.expr(s.cond), this.stmt(s.body)]);
      case 'case':
        return list('case', [this.expr(s.value), s.last && `... ${this.expr(s.last)}`, this.sub(s.body)]);
      case 'default':
        return list('default', [this.sub(s.body)]);
      case 'break':
      case 'continue':
        return `(${s.kind})`;
      case 'return':
        return list('return', [s.value && this.expr(s.value)]);
      case 'goto':
        return `(goto ${s.label})`;
      case 'label':
        return list('label', [s.label, this.sub(s.body)]);
      case 'asm':
        return list('asm', [s.volatile ? 'volatile' : undefined, str(s.text), ...this.asmOperands(s.outputs, s.inputs)]);
    }
  }

  expr(e: Expr): string {
    switch (e.kind) {
      case 'ident':
        return e.name;
      case 'int':
        return (e.decimal ? e.value.toString() : `0x${e.value.toString(16)}`) + e.suffix;
      case 'float':
        return `(float ${e.raw})`;
      case 'char':
        return `(char ${e.value})`;
      case 'string':
        return str(e.value);
      case 'binary':
      case 'assign':
        return list(e.op, [this.expr(e.left), this.expr(e.right)]);
      case 'unary':
        return list(e.op, [this.expr(e.arg)]);
      case 'update':
        return list(e.prefix ? `${e.op}pre` : `post${e.op}`, [this.expr(e.arg)]);
      case 'cond':
        return e.then ? list('?', [this.expr(e.cond), this.expr(e.then), this.expr(e.else)]) : list('?:', [this.expr(e.cond), this.expr(e.else)]);
      case 'comma':
        return list(',', [this.expr(e.left), this.expr(e.right)]);
      case 'call':
        return list('call', [this.expr(e.callee), ...e.args.map(a => this.expr(a))]);
      case 'member':
        return list(e.arrow ? '->' : '.', [this.expr(e.object), e.field]);
      case 'index':
        return list('[]', [this.expr(e.object), this.expr(e.index)]);
      case 'cast':
        return list('cast', [this.typeName(e.type), this.expr(e.arg)]);
      case 'sizeof':
      case 'alignof':
        return list(e.kind, [e.type && `type:${this.typeName(e.type)}`, e.expr && `expr:${this.expr(e.expr)}`]);
      case 'offsetof':
        return list('offsetof', [this.typeName(e.type), this.designators(e.path)]);
      case 'compound-literal':
        return list('clit', [this.typeName(e.type), this.initList(e.init)]);
      case 'stmt-expr':
        return list('stmt-expr', [this.stmt(e.body)]);
      case 'asm':
        return list('asm', [e.volatile ? 'volatile' : undefined, str(e.text), ...this.asmOperands(e.outputs, e.inputs)]);
    }
  }

  private asmOperands(outputs: readonly AsmOperand[], inputs: readonly AsmOperand[]): Array<string | undefined> {
    const one = (o: AsmOperand) => list('operand', [str(o.constraint), this.expr(o.expr)]);
    return [outputs.length ? list('out', outputs.map(one)) : undefined, inputs.length ? list('in', inputs.map(one)) : undefined];
  }
}

export function printAst(tu: TranslationUnit): string {
  return new Printer().unit(tu);
}

/** One expression, for messages and tests. */
export function printExpr(e: Expr): string {
  return new Printer().expr(e);
}
