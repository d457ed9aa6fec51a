// runPacket: one packet through a prepared program. The packet is laid out as BPF_PROG_TEST_RUN lays it out,
// the entry function runs with the context pointer in R1, and the result says what the kernel would answer:
// the return value and action, the bytes out, printk lines, captured events and where a redirect went. A
// run-time violation ends the packet with XDP_ABORTED / TC_ACT_SHOT and an error naming the source; no
// exception leaves this function. Maps and globals keep their contents for the next packet.

import type { CFunc } from './compile';
import { callFunction } from './exec';
import { RuntimeFault } from './fault';
import type { Machine } from './machine';
import { MAX_FRAME } from './packet';
import { setupTc, setupXdp } from './packet-setup';
import type { PreparedProgram } from './program';
import type { PacketMeta, PacketResult, RunHooks, RuntimeError, SkbOut } from './types';

const XDP_ACTIONS = ['XDP_ABORTED', 'XDP_DROP', 'XDP_PASS', 'XDP_TX', 'XDP_REDIRECT'];
const TC_ACTIONS: Record<number, string> = {
  [-1]: 'TC_ACT_UNSPEC', 0: 'TC_ACT_OK', 1: 'TC_ACT_RECLASSIFY', 2: 'TC_ACT_SHOT', 3: 'TC_ACT_PIPE', 4: 'TC_ACT_STOLEN',
  5: 'TC_ACT_QUEUED', 6: 'TC_ACT_REPEAT', 7: 'TC_ACT_REDIRECT', 8: 'TC_ACT_TRAP',
};

/** Room for headroom, tailroom and growth inside the largest frame. */
const MAX_PACKET = MAX_FRAME - 64 * 1024;

function tooBig(type: 'xdp' | 'tc'): PacketResult {
  const retval = type === 'xdp' ? 0 : 2;
  return { retval, action: actionName(type, retval), dataOut: new Uint8Array(0), metaOut: new Uint8Array(0), printk: [], events: [], steps: 0 };
}

export function actionName(type: 'xdp' | 'tc', retval: number): string {
  if (type === 'xdp') return XDP_ACTIONS[retval] ?? `XDP_UNKNOWN(${retval})`;
  return TC_ACTIONS[retval | 0] ?? `TC_ACT_UNKNOWN(${retval | 0})`;
}

export function runPacket(program: PreparedProgram, packet: Uint8Array, meta: PacketMeta = {}, hooks?: RunHooks): PacketResult {
  const m = program.machine;
  let retval: number;
  let error: RuntimeError | undefined;
  if (packet.length > MAX_PACKET) {
    const message = `packet of ${packet.length} bytes is larger than the ${MAX_PACKET} bytes the interpreter models`;
    return { ...tooBig(program.type), error: { message } };
  }
  try {
    m.resetPacketState(meta.tsNs ?? 0n);
    if (program.type === 'xdp') setupXdp(m, packet, meta);
    else setupTc(m, packet, meta);
    m.onStep = hooks?.onStep;
    m.mem.log = hooks?.onStep ? [] : undefined;
    m.argLo.fill(0);
    m.argHi.fill(0);
    m.argLo[0] = m.ctxAddr;
    callFunction(m, program.entry as CFunc);
    retval = m.retLo >>> 0;
  } catch (e) {
    error = describe(m, e);
    retval = program.type === 'xdp' ? 0 : 2;
  } finally {
    m.onStep = undefined;
    m.mem.log = undefined;
  }
  return result(program, m, retval, error);
}

function describe(m: Machine, e: unknown): RuntimeError {
  if (e instanceof RuntimeFault) {
    const at = e.kind === 'budget' || !e.range ? '' : ` (${m.names.at(e.range)})`;
    return e.range ? { message: e.message + at, range: e.range } : { message: e.message };
  }
  return { message: `internal error in the interpreter: ${(e as Error)?.message ?? String(e)}` };
}

function result(program: PreparedProgram, m: Machine, retval: number, error: RuntimeError | undefined): PacketResult {
  const action = actionName(program.type, retval);
  const p = m.pkt;
  const out: PacketResult = {
    retval,
    action,
    dataOut: p.output(),
    metaOut: p.copyOut(p.buf.subarray(p.meta, p.data)),
    printk: m.printk,
    events: m.events,
    steps: m.steps,
  };
  const redirected = program.type === 'xdp' ? retval === 4 : retval === 7;
  if (redirected && m.redirect) out.redirect = m.redirect;
  if (program.type === 'tc') out.skb = skbOut(m);
  if (error) out.error = error;
  return out;
}

function skbOut(m: Machine): SkbOut {
  const s = m.skbCtx.state;
  const dv = new DataView(s.cb.buffer, s.cb.byteOffset, 20);
  return {
    mark: s.mark, priority: s.priority, tcIndex: s.tcIndex, tcClassid: s.tcClassid, queueMapping: s.queueMapping,
    cb: [0, 1, 2, 3, 4].map(i => dv.getUint32(i * 4, true)), tstamp: s.tstamp,
    vlanPresent: s.vlanPresent, vlanTci: s.vlanTci, vlanProto: s.vlanProto, protocol: s.protocol,
  };
}
