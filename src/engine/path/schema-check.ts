// A checker for the subset of JSON Schema (draft-07) that schemas/scenario.schema.json uses, so the schema
// editors complete against is also the one documents are checked with: type, enum, properties, required,
// additionalProperties, items, minItems, minimum/maximum/exclusiveMinimum, minLength, pattern, oneOf and local
// $ref. Errors name the JSON path of the offending value.

export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  pattern?: string;
  oneOf?: SchemaNode[];
  description?: string;
  definitions?: Record<string, SchemaNode>;
}

export interface PathIssue {
  /** JSONPath of the value: `$.interfaces[0].mtu`. */
  path: string;
  message: string;
}

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, want: string): boolean {
  const got = typeOf(v);
  return got === want || (want === 'number' && got === 'integer');
}

function show(v: unknown): string {
  return JSON.stringify(v);
}

/** Levenshtein distance, for "did you mean" on misspelt property names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function suggestion(key: string, known: string[]): string {
  let best = '';
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return bestD <= Math.max(1, Math.floor(key.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

export class SchemaChecker {
  constructor(private readonly root: SchemaNode) {}

  check(value: unknown, path = '$'): PathIssue[] {
    const out: PathIssue[] = [];
    this.visit(value, this.root, path, out);
    return out;
  }

  private resolve(node: SchemaNode): SchemaNode {
    if (!node.$ref) return node;
    const name = node.$ref.replace(/^#\/definitions\//, '');
    return this.root.definitions?.[name] ?? {};
  }

  private visit(v: unknown, raw: SchemaNode, path: string, out: PathIssue[]): void {
    const s = this.resolve(raw);
    if (s.oneOf) return this.visitOneOf(v, s.oneOf, path, out);
    if (s.enum && !s.enum.some(e => e === v)) {
      out.push({ path, message: `must be one of ${s.enum.map(show).join(', ')}, not ${show(v)}` });
      return;
    }
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (!types.some(t => typeMatches(v, t))) {
        out.push({ path, message: `must be ${types.map(t => (t === 'integer' ? 'an integer' : `a ${t}`)).join(' or ')}, not ${typeOf(v)} ${show(v)}` });
        return;
      }
    }
    if (typeof v === 'number') this.visitNumber(v, s, path, out);
    else if (typeof v === 'string') this.visitString(v, s, path, out);
    else if (Array.isArray(v)) this.visitArray(v, s, path, out);
    else if (typeof v === 'object' && v !== null) this.visitObject(v as Record<string, unknown>, s, path, out);
  }

  private visitOneOf(v: unknown, branches: SchemaNode[], path: string, out: PathIssue[]): void {
    const results = branches.map(b => {
      const issues: PathIssue[] = [];
      this.visit(v, b, path, issues);
      return issues;
    });
    if (results.some(r => r.length === 0)) return;
    // Report the branch whose type fits the value, if any: its complaint is the useful one.
    const fitting = results.find(r => !r.some(i => i.path === path && /^must be (a|an) /.test(i.message)));
    if (fitting) {
      out.push(...fitting);
      return;
    }
    out.push({ path, message: `must be ${branches.map(b => this.describe(b)).join(' or ')}, not ${typeOf(v)} ${show(v)}` });
  }

  private describe(raw: SchemaNode): string {
    const s = this.resolve(raw);
    if (s.enum) return `one of ${s.enum.map(show).join(', ')}`;
    if (s.oneOf) return s.oneOf.map(b => this.describe(b)).join(' or ');
    const t = Array.isArray(s.type) ? s.type.join('/') : s.type ?? 'a value';
    return t === 'array' && s.items ? `a list of (${this.describe(s.items)})` : t === 'integer' ? 'an integer' : `a ${t}`;
  }

  private visitNumber(v: number, s: SchemaNode, path: string, out: PathIssue[]): void {
    if (s.minimum !== undefined && v < s.minimum) out.push({ path, message: `must be at least ${s.minimum}, not ${v}` });
    if (s.maximum !== undefined && v > s.maximum) out.push({ path, message: `must be at most ${s.maximum}, not ${v}` });
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) {
      out.push({ path, message: `must be greater than ${s.exclusiveMinimum}, not ${v}` });
    }
  }

  private visitString(v: string, s: SchemaNode, path: string, out: PathIssue[]): void {
    if (s.minLength !== undefined && v.length < s.minLength) out.push({ path, message: 'must not be empty' });
    if (s.pattern !== undefined && !new RegExp(s.pattern).test(v)) {
      out.push({ path, message: `${show(v)} does not have the expected form${s.description ? ` (${s.description})` : ''}` });
    }
  }

  private visitArray(v: unknown[], s: SchemaNode, path: string, out: PathIssue[]): void {
    if (s.minItems !== undefined && v.length < s.minItems) {
      out.push({ path, message: `needs at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}` });
    }
    if (s.items) v.forEach((item, i) => this.visit(item, s.items as SchemaNode, childPath(path, i), out));
  }

  private visitObject(v: Record<string, unknown>, s: SchemaNode, path: string, out: PathIssue[]): void {
    const props = s.properties ?? {};
    for (const req of s.required ?? []) {
      if (!(req in v)) out.push({ path, message: `missing required property "${req}"` });
    }
    for (const [key, val] of Object.entries(v)) {
      const sub = props[key];
      if (sub) {
        this.visit(val, sub, childPath(path, key), out);
        continue;
      }
      if (s.additionalProperties === false) {
        out.push({ path: childPath(path, key), message: `unknown property "${key}"${suggestion(key, Object.keys(props))}` });
      } else if (typeof s.additionalProperties === 'object') {
        this.visit(val, s.additionalProperties, childPath(path, key), out);
      }
    }
  }
}
