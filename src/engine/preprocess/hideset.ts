// Hide sets: the names of macros whose expansion produced a token, which must not expand it again. Sets are
// interned per run so that unions and intersections of the same operands are computed once.

export class Hideset {
  /** Memoised results of adding a name / uniting with another set. */
  readonly withName = new Map<string, Hideset>();
  readonly unions = new Map<Hideset, Hideset>();

  constructor(
    readonly names: ReadonlySet<string>,
    readonly key: string,
  ) {}

  has(name: string): boolean {
    return this.names.has(name);
  }
}

export class HidesetTable {
  private readonly byKey = new Map<string, Hideset>();

  private intern(names: Set<string>): Hideset | null {
    if (names.size === 0) return null;
    const key = [...names].sort().join(' ');
    let hs = this.byKey.get(key);
    if (hs === undefined) {
      hs = new Hideset(names, key);
      this.byKey.set(key, hs);
    }
    return hs;
  }

  add(hs: Hideset | null, name: string): Hideset {
    if (hs === null) return this.intern(new Set([name]))!;
    const hit = hs.withName.get(name);
    if (hit !== undefined) return hit;
    const r = hs.has(name) ? hs : this.intern(new Set([...hs.names, name]))!;
    hs.withName.set(name, r);
    return r;
  }

  union(a: Hideset | null, b: Hideset | null): Hideset | null {
    if (a === null || a === b) return b;
    if (b === null) return a;
    const hit = a.unions.get(b);
    if (hit !== undefined) return hit;
    const r = this.intern(new Set([...a.names, ...b.names]))!;
    a.unions.set(b, r);
    return r;
  }

  intersect(a: Hideset | null, b: Hideset | null): Hideset | null {
    if (a === null || b === null) return null;
    if (a === b) return a;
    const out = new Set<string>();
    for (const n of a.names) if (b.has(n)) out.add(n);
    return this.intern(out);
  }
}
