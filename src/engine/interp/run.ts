// runPacket: one packet through a prepared program. The packet is laid out as BPF_PROG_TEST_RUN lays it out,
// the entry function runs with the context pointer in R1, and the result says what the kernel would answer:
// the return value and action, the bytes out, printk lines, captured events and where a redirect went. A
// run-time violation ends the packet with XDP_ABORTED / TC_ACT_SHOT and an error naming the source; no
// exception leaves this function. Maps and globals keep their contents for the next packet. It is the lean
// path of frame.ts plus a result object that owns its bytes.

import { actionName, execute } from './frame';
import { NO_EVENTS, NO_LINES } from './machine';
import type { PreparedProgram } from './program';
import type { PacketMeta, PacketResult, RunHooks } from './types';

export { actionName };

export function runPacket(program: PreparedProgram, packet: Uint8Array, meta: PacketMeta = {}, hooks?: RunHooks): PacketResult {
  const m = program.machine;
  m.resetPacketState(meta.tsNs ?? 0n);
  const at = packet.byteOffset;
  const whole = at === 0 && packet.length === packet.buffer.byteLength ? packet : m.pkt.whole(packet);
  const retval = execute(program, whole, at, packet.length, meta, hooks);
  const f = program.frame;
  const p = m.pkt;
  const out: PacketResult = {
    retval,
    action: actionName(program.type, retval),
    dataOut: !f.ran ? new Uint8Array(0) : p.output(),
    metaOut: p.copyOut(f.metaOut()),
    printk: m.printk === NO_LINES ? [] : m.printk,
    events: m.events === NO_EVENTS ? [] : m.events,
    steps: f.steps,
  };
  const redirect = f.redirect();
  if (redirect) out.redirect = redirect;
  if (program.type === 'tc' && f.ran) out.skb = f.skb();
  if (f.error) out.error = f.error;
  return out;
}
