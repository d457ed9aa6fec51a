// What every bench section shares: where its inputs are, and the statistics it prints.

export interface BenchContext {
  /** The ~500-line translation unit (bench/firewall.c unless given on the command line). */
  tuFile: string;
  /** Folder holding the tree-sitter wasm files (dist/ when bundled). */
  wasmDir: string;
  /** Repository root (examples/, bench/). */
  root: string;
  /** A big capture for end-to-end figures (XDP_LAB_BIG_PCAP), if one exists. */
  bigPcap?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))];
}

/** "MET" / "NOT MET" beside a figure and its target. */
export function verdict(ok: boolean): string {
  return ok ? 'MET' : 'NOT MET';
}
