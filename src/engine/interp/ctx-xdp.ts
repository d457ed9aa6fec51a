// struct xdp_md as an XDP program sees it. Loads of data, data_end and data_meta return the packet's current
// addresses; the kernel allows only aligned 4-byte loads of the six fields and no stores at all.

import { fault } from './fault';
import type { CtxModel } from './memory';
import type { Packet } from './packet';

export const XDP_MD_SIZE = 24;

export interface XdpCtxState {
  ingressIfindex: number;
  rxQueue: number;
  /** Non-zero only for programs attached to a devmap entry. */
  egressIfindex: number;
}

export class XdpCtx implements CtxModel {
  hiOut = 0;
  state: XdpCtxState = { ingressIfindex: 1, rxQueue: 0, egressIfindex: 0 };
  /** Programs in an xdp/devmap section may read egress_ifindex; others may not. */
  devmapProgram = false;

  constructor(private readonly pkt: Packet) {}

  read(off: number, size: number): number {
    this.hiOut = 0;
    if (size !== 4 || off % 4 !== 0 || off < 0 || off >= XDP_MD_SIZE) {
      fault('memory', `invalid xdp_md access: ${size}-byte load at offset ${off} (the kernel allows aligned 4-byte loads of its fields only: invalid bpf_context access off=${off} size=${size})`);
    }
    switch (off) {
      case 0: return this.pkt.addr(this.pkt.data);
      case 4: return this.pkt.addr(this.pkt.end);
      case 8: return this.pkt.addr(this.pkt.meta);
      case 12: return this.state.ingressIfindex | 0;
      case 16: return this.state.rxQueue | 0;
      default:
        if (!this.devmapProgram) fault('memory', 'xdp_md->egress_ifindex is readable only by programs attached to a devmap entry (SEC("xdp/devmap")) (kernel: invalid bpf_context access off=20 size=4)');
        return this.state.egressIfindex | 0;
    }
  }

  write(off: number, size: number): void {
    fault('memory', `store to xdp_md at offset ${off}: the XDP context is read-only (kernel: invalid bpf_context access off=${off} size=${size})`);
  }
}
