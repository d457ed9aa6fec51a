// Program types as data: the context structure each hook gets (which fields may be read or written, at which
// sizes, and which fields hold packet pointers), and the return codes it defines. Offsets and rules follow the
// kernel's xdp_is_valid_access and tc_cls_act_is_valid_access / bpf_skb_is_valid_access.

import type { ProgramType } from '../../ir/ir';

export type CtxFieldKind = 'scalar' | 'pkt' | 'pkt_end' | 'pkt_meta' | 'sock';

export interface CtxField {
  name: string;
  off: number;
  size: number;
  read: boolean;
  write: boolean;
  kind: CtxFieldKind;
  /** Loads narrower than the field (1 or 2 bytes of a u32) are allowed. */
  narrow: boolean;
}

export interface ReturnCode {
  name: string;
  value: number;
}

export interface Hook {
  type: ProgramType;
  ctxName: string;
  ctxSize: number;
  fields: CtxField[];
  /** The values the hook gives a meaning to; anything else is accepted by the verifier but misbehaves. */
  returns: ReturnCode[];
  /** What a generated early return uses: drop for a failed bounds check, pass for a missing map entry. */
  drop: ReturnCode;
  pass: ReturnCode;
}

const f = (name: string, off: number, size: number, rw: 'r' | 'rw' | '-', kind: CtxFieldKind = 'scalar', narrow = false): CtxField => ({
  name, off, size, read: rw !== '-', write: rw === 'rw', kind, narrow,
});

const XDP_RETURNS: ReturnCode[] = [
  { name: 'XDP_ABORTED', value: 0 },
  { name: 'XDP_DROP', value: 1 },
  { name: 'XDP_PASS', value: 2 },
  { name: 'XDP_TX', value: 3 },
  { name: 'XDP_REDIRECT', value: 4 },
];

const TC_RETURNS: ReturnCode[] = [
  { name: 'TC_ACT_UNSPEC', value: -1 },
  { name: 'TC_ACT_OK', value: 0 },
  { name: 'TC_ACT_RECLASSIFY', value: 1 },
  { name: 'TC_ACT_SHOT', value: 2 },
  { name: 'TC_ACT_PIPE', value: 3 },
  { name: 'TC_ACT_STOLEN', value: 4 },
  { name: 'TC_ACT_QUEUED', value: 5 },
  { name: 'TC_ACT_REPEAT', value: 6 },
  { name: 'TC_ACT_REDIRECT', value: 7 },
  { name: 'TC_ACT_TRAP', value: 8 },
];

export const XDP_HOOK: Hook = {
  type: 'xdp',
  ctxName: 'xdp_md',
  ctxSize: 24,
  fields: [
    f('data', 0, 4, 'r', 'pkt'),
    f('data_end', 4, 4, 'r', 'pkt_end'),
    f('data_meta', 8, 4, 'r', 'pkt_meta'),
    f('ingress_ifindex', 12, 4, 'r'),
    f('rx_queue_index', 16, 4, 'r'),
    // Readable only by programs attached to a devmap entry.
    f('egress_ifindex', 20, 4, '-'),
  ],
  returns: XDP_RETURNS,
  drop: XDP_RETURNS[1],
  pass: XDP_RETURNS[2],
};

export const TC_HOOK: Hook = {
  type: 'tc',
  ctxName: '__sk_buff',
  ctxSize: 192,
  fields: [
    f('len', 0, 4, 'r', 'scalar', true),
    f('pkt_type', 4, 4, 'r', 'scalar', true),
    f('mark', 8, 4, 'rw', 'scalar', true),
    f('queue_mapping', 12, 4, 'rw', 'scalar', true),
    f('protocol', 16, 4, 'r', 'scalar', true),
    f('vlan_present', 20, 4, 'r', 'scalar', true),
    f('vlan_tci', 24, 4, 'r', 'scalar', true),
    f('vlan_proto', 28, 4, 'r', 'scalar', true),
    f('priority', 32, 4, 'rw', 'scalar', true),
    f('ingress_ifindex', 36, 4, 'r', 'scalar', true),
    f('ifindex', 40, 4, 'r', 'scalar', true),
    f('tc_index', 44, 4, 'rw', 'scalar', true),
    ...[0, 1, 2, 3, 4].map(i => f(`cb[${i}]`, 48 + 4 * i, 4, 'rw', 'scalar', true)),
    f('hash', 68, 4, 'r', 'scalar', true),
    f('tc_classid', 72, 4, 'rw', 'scalar', true),
    f('data', 76, 4, 'r', 'pkt'),
    f('data_end', 80, 4, 'r', 'pkt_end'),
    f('napi_id', 84, 4, 'r', 'scalar', true),
    // family … local_port describe a socket: not available to TC programs.
    f('family', 88, 4, '-'),
    f('remote_ip4', 92, 4, '-'),
    f('local_ip4', 96, 4, '-'),
    f('remote_ip6', 100, 16, '-'),
    f('local_ip6', 116, 16, '-'),
    f('remote_port', 132, 4, '-'),
    f('local_port', 136, 4, '-'),
    f('data_meta', 140, 4, 'r', 'pkt_meta'),
    f('flow_keys', 144, 8, '-'),
    f('tstamp', 152, 8, 'rw'),
    f('wire_len', 160, 4, 'r', 'scalar', true),
    f('gso_segs', 164, 4, 'r', 'scalar', true),
    f('sk', 168, 8, 'r', 'sock'),
    f('gso_size', 176, 4, 'r', 'scalar', true),
    f('tstamp_type', 180, 1, 'r'),
    f('hwtstamp', 184, 8, 'r'),
  ],
  returns: TC_RETURNS,
  drop: TC_RETURNS[3],
  pass: TC_RETURNS[1],
};

export function hookOf(type: ProgramType): Hook {
  return type === 'xdp' ? XDP_HOOK : TC_HOOK;
}

export type CtxAccess = { ok: true; field: CtxField } | { ok: false; field?: CtxField; why: string };

/** Whether a load or store of `size` bytes at `off` in the context is allowed, and which field it touches. */
export function ctxAccess(hook: Hook, off: number, size: number, write: boolean): CtxAccess {
  const field = hook.fields.find(x => off >= x.off && off < x.off + x.size);
  if (!field) return { ok: false, why: off >= hook.ctxSize || off < 0 ? `offset ${off} is outside struct ${hook.ctxName}` : `offset ${off} is padding in struct ${hook.ctxName}` };
  if (off % size !== 0) return { ok: false, field, why: `a ${size}-byte access at offset ${off} is not aligned` };
  if (write && !field.write) return { ok: false, field, why: `${field.name} is read-only for ${hook.type.toUpperCase()} programs` };
  if (!write && !field.read) return { ok: false, field, why: `${field.name} cannot be read by ${hook.type.toUpperCase()} programs` };
  if (!fieldSizeOk(field, off, size, write)) return { ok: false, field, why: `${field.name} must be accessed as ${field.size} bytes, not ${size}` };
  return { ok: true, field };
}

function fieldSizeOk(field: CtxField, off: number, size: number, write: boolean): boolean {
  if (field.size > 8) return size === 4;
  if (write || !field.narrow) return off === field.off && size === field.size;
  return off + size <= field.off + field.size;
}
