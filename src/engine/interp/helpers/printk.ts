// bpf_trace_printk (up to three arguments in R3..R5) and bpf_trace_vprintk (up to twelve u64 arguments in
// memory). Each call that formats becomes one captured line of the packet's printk output, without the one
// trailing newline a format usually ends with (the trace pipe shows one line per call either way). The
// return value is the formatted length, as bstr_printf reports it.

import type { Machine } from '../machine';
import { formatPrintk, PrintkArgs } from '../printk-format';
import { HelperSpec, needPtr, num, ptr, u32, u64 } from './spec';

const EINVAL = 22;
const MAX_VARARGS = 12;

function memoryReader(m: Machine): Pick<PrintkArgs, 'readString' | 'readBytes'> {
  const address = (a: bigint): number => (a >= 0n && a < 0x80000000n ? Number(a) : -1);
  return {
    readString: (a, max) => {
      const r = m.mem.regionAt(address(a));
      if (!r || r.kind !== 0) return undefined;
      const off = address(a) - r.base;
      if (off < r.lo || off >= r.hi) return undefined;
      const end = Math.min(r.hi, off + max - 1);
      const bytes = r.bytes.subarray(off, end);
      const nul = bytes.indexOf(0);
      return nul < 0 ? bytes.slice() : bytes.slice(0, nul);
    },
    readBytes: (a, n) => {
      const r = m.mem.regionAt(address(a));
      if (!r || r.kind !== 0) return undefined;
      const off = address(a) - r.base;
      if (off < r.lo || off + n > r.hi) return undefined;
      return r.bytes.slice(off, off + n);
    },
  };
}

function emit(m: Machine, fmt: Uint8Array, args: PrintkArgs): number {
  const r = formatPrintk(fmt, args);
  if ('errno' in r) return -r.errno;
  m.addPrintk(r.text.endsWith('\n') ? r.text.slice(0, -1) : r.text);
  return r.text.length;
}

const tracePrintk: HelperSpec = {
  id: 6, name: 'bpf_trace_printk',
  impl: m => {
    const size = u32(m, 1);
    if (size === 0) return -EINVAL;
    const fmt = m.mem.view(needPtr(m, 0, 'bpf_trace_printk', 'the format'), size, 'read');
    const regs = [u64(m, 2), u64(m, 3), u64(m, 4)];
    return emit(m, fmt, { arg: i => regs[i], count: 3, ...memoryReader(m) });
  },
};

const traceVprintk: HelperSpec = {
  id: 177, name: 'bpf_trace_vprintk',
  impl: m => {
    const size = u32(m, 1);
    const dataLen = num(m, 3);
    if (size === 0 || dataLen % 8 !== 0 || dataLen > MAX_VARARGS * 8 || (dataLen > 0 && ptr(m, 2) === 0)) return -EINVAL;
    const fmt = m.mem.view(needPtr(m, 0, 'bpf_trace_vprintk', 'the format'), size, 'read');
    const data = dataLen > 0 ? m.mem.view(ptr(m, 2), dataLen, 'read') : new Uint8Array(0);
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const arg = (i: number): bigint => (i * 8 < data.length ? dv.getBigUint64(i * 8, true) : 0n);
    return emit(m, fmt, { arg, count: dataLen / 8, ...memoryReader(m) });
  },
};

export const PRINTK_HELPERS: HelperSpec[] = [tracePrintk, traceVprintk];
