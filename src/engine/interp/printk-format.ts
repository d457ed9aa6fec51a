// bpf_trace_printk / bpf_trace_vprintk formatting as the kernel does it: bpf_bprintf_prepare's checks (ASCII
// text, at most one argument per conversion, only %d %i %u %x %X with l/ll, %c, %s/%ks/%us, %p/%pK/%px/%ps/
// %pS/%pB, %pI4 %pi4 %pI6 %pi6, flags 0 + - space and a width, no precision), then vsprintf's number(),
// string() and IP-address rules (bstr_printf). A rejected format makes the helper return -EINVAL and print
// nothing, exactly like the kernel.

const EINVAL = 22;

export interface PrintkArgs {
  /** The i-th argument as an unsigned 64-bit value. */
  arg(i: number): bigint;
  count: number;
  /** Reads up to max bytes of a NUL-terminated string at an address; undefined if the address is invalid. */
  readString(addr: bigint, max: number): Uint8Array | undefined;
  /** Reads exactly n bytes at an address; undefined if invalid. */
  readBytes(addr: bigint, n: number): Uint8Array | undefined;
}

export type PrintkResult = { text: string } | { errno: number };

interface Spec {
  left: boolean;
  plus: boolean;
  space: boolean;
  zero: boolean;
  width: number;
}

const MAX_BPRINTF_BUF = 1024;

export function formatPrintk(fmtBytes: Uint8Array, args: PrintkArgs): PrintkResult {
  const nul = fmtBytes.indexOf(0);
  if (nul < 0) return { errno: EINVAL };
  const fmt = fmtBytes.subarray(0, nul);
  for (const c of fmt) if (c > 0x7e || (c < 0x20 && !(c >= 9 && c <= 13))) return { errno: EINVAL };
  const at = (i: number): number => (i < fmt.length ? fmt[i] : 0);
  let out = '';
  let n = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== 0x25) {
      out += String.fromCharCode(c);
      continue;
    }
    if (at(i + 1) === 0x25) {
      out += '%';
      i++;
      continue;
    }
    if (n >= args.count) return { errno: EINVAL };
    i++;
    const spec: Spec = { left: false, plus: false, space: false, zero: false, width: 0 };
    for (;; i++) {
      const f = at(i);
      if (f === 0x30) spec.zero = true;
      else if (f === 0x2b) spec.plus = true;
      else if (f === 0x2d) spec.left = true;
      else if (f === 0x20) spec.space = true;
      else break;
    }
    while (at(i) >= 0x30 && at(i) <= 0x39) spec.width = spec.width * 10 + (at(i++) - 0x30);
    const conv = at(i);
    const arg = args.arg(n++);
    if (conv === 0x70) { // p
      const r = formatPointer(fmt, i, arg, spec, args);
      if ('errno' in r) return r;
      out += r.text;
      i = r.end;
      continue;
    }
    if (conv === 0x73) { // s
      if (!endsWord(at(i + 1))) return { errno: EINVAL };
      out += pad(stringArg(arg, args), spec);
      continue;
    }
    if (conv === 0x63) { // c
      out += pad(String.fromCharCode(Number(arg & 0xffn)), spec);
      continue;
    }
    let bits = 32;
    if (at(i) === 0x6c) { bits = 64; i++; }
    if (at(i) === 0x6c) i++;
    const k = at(i);
    if (k !== 0x69 && k !== 0x64 && k !== 0x75 && k !== 0x78 && k !== 0x58) return { errno: EINVAL };
    out += formatNumber(arg, bits, k, spec);
  }
  return { text: out.length >= MAX_BPRINTF_BUF ? out.slice(0, MAX_BPRINTF_BUF - 1) : out };
}

/** %s and %ps-style strings end at NUL, whitespace or punctuation in the format. */
function endsWord(c: number): boolean {
  return c === 0 || (c >= 9 && c <= 13) || c === 0x20 || isPunct(c);
}

function isPunct(c: number): boolean {
  return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function stringArg(addr: bigint, args: PrintkArgs): string {
  const b = args.readString(addr, MAX_BPRINTF_BUF);
  if (!b) return '';
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}

function formatPointer(fmt: Uint8Array, i: number, arg: bigint, spec: Spec, args: PrintkArgs): { text: string; end: number } | { errno: number } {
  const at = (k: number): number => (k < fmt.length ? fmt[k] : 0);
  const next = at(i + 1);
  if (next === 0 || endsWord(next)) return { text: pad(hex16(arg), spec), end: i };
  if ((next === 0x6b || next === 0x75) && at(i + 2) === 0x73) { // %ks %us
    if (!endsWord(at(i + 3))) return { errno: EINVAL };
    return { text: pad(stringArg(arg, args), spec), end: i + 2 };
  }
  if (next === 0x4b || next === 0x78 || next === 0x73 || next === 0x53 || next === 0x42) { // K x s S B
    return { text: pad(hex16(arg), spec), end: skipAlnum(fmt, i + 2) - 1 };
  }
  const v = at(i + 2);
  if ((next !== 0x69 && next !== 0x49) || (v !== 0x34 && v !== 0x36)) return { errno: EINVAL };
  const bytes = args.readBytes(arg, v === 0x34 ? 4 : 16) ?? new Uint8Array(v === 0x34 ? 4 : 16);
  const text = v === 0x34 ? ipv4(bytes, next === 0x69) : ipv6(bytes, next === 0x69);
  // bstr_printf swallows any letters or digits that follow the %pI4-style conversion.
  return { text: pad(text, spec), end: skipAlnum(fmt, i + 3) - 1 };
}

function skipAlnum(fmt: Uint8Array, k: number): number {
  while (k < fmt.length && isAlnum(fmt[k])) k++;
  return k;
}

function ipv4(b: Uint8Array, leadingZeros: boolean): string {
  return [...b].map(x => (leadingZeros ? x.toString().padStart(3, '0') : x.toString())).join('.');
}

function ipv6(b: Uint8Array, plain: boolean): string {
  const hex = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  if (plain) return hex;
  const groups: string[] = [];
  for (let k = 0; k < 32; k += 4) groups.push(hex.slice(k, k + 4));
  return groups.join(':');
}

function hex16(v: bigint): string {
  return BigInt.asUintN(64, v).toString(16).padStart(16, '0');
}

/** vsprintf's number(): sign, width, zero padding; no precision (BPF rejects it). */
function formatNumber(raw: bigint, bits: number, conv: number, spec: Spec): string {
  const signed = conv === 0x64 || conv === 0x69;
  let v = bits === 64 ? BigInt.asUintN(64, raw) : BigInt.asUintN(32, raw);
  let sign = '';
  if (signed) {
    const sv = bits === 64 ? BigInt.asIntN(64, v) : BigInt.asIntN(32, v);
    if (sv < 0n) {
      sign = '-';
      v = -sv;
    } else if (spec.plus) sign = '+';
    else if (spec.space) sign = ' ';
  }
  let digits = conv === 0x78 ? v.toString(16) : conv === 0x58 ? v.toString(16).toUpperCase() : v.toString(10);
  const zero = spec.zero && !spec.left;
  let width = spec.width - sign.length;
  if (zero && digits.length < width) digits = digits.padStart(width, '0');
  width -= digits.length;
  const body = sign + digits;
  if (width <= 0) return body;
  return spec.left ? body + ' '.repeat(width) : ' '.repeat(width) + body;
}

/** Strings and characters pad with spaces only. */
function pad(s: string, spec: Spec): string {
  if (s.length >= spec.width) return s;
  return spec.left ? s + ' '.repeat(spec.width - s.length) : ' '.repeat(spec.width - s.length) + s;
}
