// The lean per-packet path for replay loops: runFrame reads the packet straight from the caller's buffer
// (a capture reader's chunk), runs the program and returns the return value, allocating nothing for a
// packet that prints nothing and raises nothing. Everything else about the packet is read afterwards, on
// demand, from the program's FrameOutput: views valid until the next packet, and objects made when asked.

import type { CFunc } from './compile';
import { callFunction } from './exec';
import { RuntimeFault } from './fault';
import type { Machine } from './machine';
import { NO_ACCESS } from './memory';
import { MAX_FRAME } from './packet';
import { setupTcFrom, setupXdpFrom } from './packet-setup';
import type { ProgramType } from '../ir/ir';
import type { PacketEvent, PacketMeta, RedirectInfo, RunHooks, RuntimeError, SkbOut } from './types';

const XDP_ACTIONS = ['XDP_ABORTED', 'XDP_DROP', 'XDP_PASS', 'XDP_TX', 'XDP_REDIRECT'];
const TC_ACTIONS: Record<number, string> = {
  [-1]: 'TC_ACT_UNSPEC', 0: 'TC_ACT_OK', 1: 'TC_ACT_RECLASSIFY', 2: 'TC_ACT_SHOT', 3: 'TC_ACT_PIPE', 4: 'TC_ACT_STOLEN',
  5: 'TC_ACT_QUEUED', 6: 'TC_ACT_REPEAT', 7: 'TC_ACT_REDIRECT', 8: 'TC_ACT_TRAP',
};

/** Room for headroom, tailroom and growth inside the largest frame. */
export const MAX_PACKET = MAX_FRAME - 64 * 1024;

const EMPTY = new Uint8Array(0);

export function actionName(type: ProgramType, retval: number): string {
  if (type === 'xdp') return XDP_ACTIONS[retval] ?? `XDP_UNKNOWN(${retval})`;
  return TC_ACTIONS[retval | 0] ?? `TC_ACT_UNKNOWN(${retval | 0})`;
}

/** What the last packet run through a program left: read after runFrame, valid until the next packet. */
export class FrameOutput {
  retval = 0;
  /** The packet's error (a fault, the budget, a refused packet), or undefined. */
  error: RuntimeError | undefined = undefined;
  private refused = false;

  constructor(private readonly m: Machine, readonly type: ProgramType) {}

  /** False when the packet was refused before running (too big to model). */
  get ran(): boolean {
    return !this.refused;
  }

  get action(): string {
    return actionName(this.type, this.retval);
  }

  /** IR steps the packet took. */
  get steps(): number {
    return this.refused ? 0 : this.m.steps;
  }

  /**
   * The packet as it leaves, [data, data_end): a view (fragments appended in a copy), valid until the next
   * packet; a packet the program did not write is a view of the caller's own buffer.
   */
  dataOut(): Uint8Array {
    if (this.refused) return EMPTY;
    const p = this.m.pkt;
    return p.frags.length === 0 ? p.buf.subarray(p.data, p.end) : p.output();
  }

  /** Length of the packet as it leaves, without making a view of it. */
  get lenOut(): number {
    if (this.refused) return 0;
    const p = this.m.pkt;
    return p.frags.length === 0 ? p.end - p.data : p.output().length;
  }

  /** XDP metadata, [data_meta, data): a view. */
  metaOut(): Uint8Array {
    if (this.refused) return EMPTY;
    const p = this.m.pkt;
    return p.meta === p.data ? EMPTY : p.buf.subarray(p.meta, p.data);
  }

  /** printk lines (a shared empty array when there were none). */
  get printk(): readonly string[] {
    return this.refused ? [] : this.m.printk;
  }

  get events(): readonly PacketEvent[] {
    return this.refused ? [] : this.m.events;
  }

  /** Where the packet was redirected, when the verdict is a redirect. */
  redirect(): RedirectInfo | undefined {
    const redirected = this.type === 'xdp' ? this.retval === 4 : this.retval === 7;
    return redirected && !this.refused ? this.m.redirect : undefined;
  }

  /** TC: the __sk_buff fields the program may have written (a new object). */
  skb(): SkbOut | undefined {
    if (this.type !== 'tc') return undefined;
    const s = this.m.skbCtx.state;
    const dv = this.m.skbCtx.cbView;
    return {
      mark: s.mark, priority: s.priority, tcIndex: s.tcIndex, tcClassid: s.tcClassid, queueMapping: s.queueMapping,
      cb: [dv.getUint32(0, true), dv.getUint32(4, true), dv.getUint32(8, true), dv.getUint32(12, true), dv.getUint32(16, true)], tstamp: s.tstamp,
      vlanPresent: s.vlanPresent, vlanTci: s.vlanTci, vlanProto: s.vlanProto, protocol: s.protocol,
    };
  }

  /** Records a packet that never ran (too big to model). */
  refuse(message: string): number {
    this.refused = true;
    this.error = { message };
    this.retval = this.type === 'xdp' ? 0 : 2;
    return this.retval;
  }

  finish(retval: number, error: RuntimeError | undefined): number {
    this.refused = false;
    this.retval = retval;
    this.error = error;
    return retval;
  }
}

/** The parts of a prepared program the run loop needs (program.ts's PreparedProgram has them all). */
export interface Runnable {
  readonly type: ProgramType;
  readonly machine: Machine;
  readonly entry: CFunc;
  readonly frame: FrameOutput;
}

/**
 * Runs the packet at buffer[offset, offset+length) and returns its return value; `program.frame` tells the
 * rest. The capture time is given as seconds and nanoseconds (what capture records hold), so no BigInt is
 * made unless the program reads a clock. No exception leaves this function.
 */
export function runFrame(program: Runnable, buffer: Uint8Array, offset: number, length: number, tsSec = 0, tsNsec = 0, meta?: PacketMeta): number {
  const m = program.machine;
  m.resetPacketState(0n);
  m.setTime(tsSec, tsNsec);
  return execute(program, buffer, offset, length, meta, undefined);
}

/** The run shared by runFrame and runPacket: the time is already set on the machine. */
export function execute(program: Runnable, buffer: Uint8Array, offset: number, length: number, meta: PacketMeta | undefined, hooks: RunHooks | undefined): number {
  const m = program.machine;
  const out = program.frame;
  if (length > MAX_PACKET) return out.refuse(`packet of ${length} bytes is larger than the ${MAX_PACKET} bytes the interpreter models`);
  let retval: number;
  let error: RuntimeError | undefined;
  try {
    if (program.type === 'xdp') setupXdpFrom(m, buffer, offset, length, meta);
    else setupTcFrom(m, buffer, offset, length, meta);
    if (hooks?.onStep) {
      m.onStep = hooks.onStep;
      m.mem.log = NO_ACCESS;
    }
    const entry = program.entry;
    if (hooks === undefined && entry.fast !== undefined) {
      // Fast code takes its parameters directly; the argument registers are not read before being written.
      entry.fast(m.ctxAddr, 0);
    } else {
      const al = m.argLo;
      const ah = m.argHi;
      for (let i = 0; i < 5; i++) {
        al[i] = 0;
        ah[i] = 0;
      }
      al[0] = m.ctxAddr;
      callFunction(m, entry);
    }
    retval = m.retLo >>> 0;
  } catch (e) {
    error = describe(m, e);
    retval = program.type === 'xdp' ? 0 : 2;
  } finally {
    m.onStep = undefined;
    m.mem.log = undefined;
  }
  return out.finish(retval, error);
}

function describe(m: Machine, e: unknown): RuntimeError {
  if (e instanceof RuntimeFault) {
    const at = e.kind === 'budget' || !e.range ? '' : ` (${m.names.at(e.range)})`;
    return e.range ? { message: e.message + at, range: e.range } : { message: e.message };
  }
  return { message: `internal error in the interpreter: ${(e as Error)?.message ?? String(e)}` };
}
