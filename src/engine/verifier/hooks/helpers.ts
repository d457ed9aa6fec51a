// Helper prototypes as data: argument kinds, return kind, whether the helper may move packet data (and so
// invalidates every packet pointer), and which hooks may call it. Facts follow the kernel's bpf_func_proto
// tables (arg*_type, ret_type), bpf_helper_changes_pkt_data, xdp_func_proto and tc_cls_act_func_proto.

import type { ProgramType } from '../../ir/ir';

export type ArgKind =
  | 'any' // ARG_ANYTHING
  | 'ctx' // ARG_PTR_TO_CTX
  | 'map' // ARG_CONST_MAP_PTR
  | 'key' // ARG_PTR_TO_MAP_KEY: key_size readable bytes
  | 'value' // ARG_PTR_TO_MAP_VALUE: value_size readable bytes
  | 'value_out' // ARG_PTR_TO_MAP_VALUE | MEM_UNINIT: value_size writable bytes
  | 'mem' // ARG_PTR_TO_MEM | MEM_RDONLY, sized by the next argument
  | 'mem_or_null'
  | 'mem_rw' // ARG_PTR_TO_MEM: read, then written by the helper
  | 'mem_out' // ARG_PTR_TO_UNINIT_MEM, sized by the next argument
  | 'size' // ARG_CONST_SIZE
  | 'size0' // ARG_CONST_SIZE_OR_ZERO
  | 'u32_out' // a pointer to 4 writable bytes
  | 'func' // a callback
  | 'stack_or_null'
  | 'sock_common' // ARG_PTR_TO_BTF_ID_SOCK_COMMON: any socket pointer, checked for NULL
  | 'sock_common_or_null' // the same, or NULL
  | 'sock_release'; // ARG_PTR_TO_BTF_ID_SOCK_COMMON | OBJ_RELEASE: a referenced socket, released by the call

/**
 * What a helper returns: a number, a map value or NULL, a socket or NULL from a lookup (which holds a reference
 * until released), a socket or NULL cast from its argument (sharing the argument's reference), or something we
 * do not model.
 */
export type RetKind =
  | 'int' | 'void' | 'map_value_or_null' | 'unmodelled'
  | 'sk_lookup' | 'skc_lookup' | 'tcp_sock_cast' | 'fullsock_cast' | 'listener_sock';

export interface HelperProto {
  id: number;
  name: string;
  args: ArgKind[];
  ret: RetKind;
  /** bpf_helper_changes_pkt_data: every packet pointer is invalid after the call. */
  changesPkt?: boolean;
  /** Hooks that may call it; absent means every program type (bpf_base_func_proto). */
  only?: ProgramType[];
}

const X: ProgramType[] = ['xdp'];
const TC: ProgramType[] = ['tc'];

const h = (id: number, name: string, args: ArgKind[], ret: RetKind, extra: Partial<HelperProto> = {}): HelperProto => ({
  id, name, args, ret, ...extra,
});

export const HELPERS: readonly HelperProto[] = [
  h(1, 'bpf_map_lookup_elem', ['map', 'key'], 'map_value_or_null'),
  h(2, 'bpf_map_update_elem', ['map', 'key', 'value', 'any'], 'int'),
  h(3, 'bpf_map_delete_elem', ['map', 'key'], 'int'),
  h(5, 'bpf_ktime_get_ns', [], 'int'),
  h(6, 'bpf_trace_printk', ['mem', 'size', 'any', 'any', 'any'], 'int'),
  h(7, 'bpf_get_prandom_u32', [], 'int'),
  h(8, 'bpf_get_smp_processor_id', [], 'int'),
  h(9, 'bpf_skb_store_bytes', ['ctx', 'any', 'mem', 'size', 'any'], 'int', { changesPkt: true, only: TC }),
  h(10, 'bpf_l3_csum_replace', ['ctx', 'any', 'any', 'any', 'any'], 'int', { changesPkt: true, only: TC }),
  h(11, 'bpf_l4_csum_replace', ['ctx', 'any', 'any', 'any', 'any'], 'int', { changesPkt: true, only: TC }),
  h(12, 'bpf_tail_call', ['ctx', 'map', 'any'], 'void'),
  h(13, 'bpf_clone_redirect', ['ctx', 'any', 'any'], 'int', { changesPkt: true, only: TC }),
  h(17, 'bpf_get_cgroup_classid', ['ctx'], 'int', { only: TC }),
  h(18, 'bpf_skb_vlan_push', ['ctx', 'any', 'any'], 'int', { changesPkt: true, only: TC }),
  h(19, 'bpf_skb_vlan_pop', ['ctx'], 'int', { changesPkt: true, only: TC }),
  h(20, 'bpf_skb_get_tunnel_key', ['ctx', 'mem_out', 'size', 'any'], 'int', { only: TC }),
  h(21, 'bpf_skb_set_tunnel_key', ['ctx', 'mem', 'size', 'any'], 'int', { only: TC }),
  h(23, 'bpf_redirect', ['any', 'any'], 'int'),
  h(24, 'bpf_get_route_realm', ['ctx'], 'int', { only: TC }),
  h(25, 'bpf_perf_event_output', ['ctx', 'map', 'any', 'mem', 'size0'], 'int'),
  h(26, 'bpf_skb_load_bytes', ['ctx', 'any', 'mem_out', 'size'], 'int', { only: TC }),
  h(28, 'bpf_csum_diff', ['mem_or_null', 'size0', 'mem_or_null', 'size0', 'any'], 'int'),
  h(29, 'bpf_skb_get_tunnel_opt', ['ctx', 'mem_out', 'size'], 'int', { only: TC }),
  h(30, 'bpf_skb_set_tunnel_opt', ['ctx', 'mem', 'size'], 'int', { only: TC }),
  h(31, 'bpf_skb_change_proto', ['ctx', 'any', 'any'], 'int', { changesPkt: true, only: TC }),
  h(32, 'bpf_skb_change_type', ['ctx', 'any'], 'int', { only: TC }),
  h(33, 'bpf_skb_under_cgroup', ['ctx', 'map', 'any'], 'int', { only: TC }),
  h(34, 'bpf_get_hash_recalc', ['ctx'], 'int', { only: TC }),
  h(38, 'bpf_skb_change_tail', ['ctx', 'any', 'any'], 'int', { changesPkt: true, only: TC }),
  h(39, 'bpf_skb_pull_data', ['ctx', 'any'], 'int', { changesPkt: true, only: TC }),
  h(40, 'bpf_csum_update', ['ctx', 'any'], 'int', { only: TC }),
  h(41, 'bpf_set_hash_invalid', ['ctx'], 'void', { only: TC }),
  h(42, 'bpf_get_numa_node_id', [], 'int'),
  h(43, 'bpf_skb_change_head', ['ctx', 'any', 'any'], 'int', { changesPkt: true, only: TC }),
  h(44, 'bpf_xdp_adjust_head', ['ctx', 'any'], 'int', { changesPkt: true, only: X }),
  h(46, 'bpf_get_socket_cookie', ['ctx'], 'int', { only: TC }),
  h(47, 'bpf_get_socket_uid', ['ctx'], 'int', { only: TC }),
  h(48, 'bpf_set_hash', ['ctx', 'any'], 'int', { only: TC }),
  h(50, 'bpf_skb_adjust_room', ['ctx', 'any', 'any', 'any'], 'int', { changesPkt: true, only: TC }),
  h(51, 'bpf_redirect_map', ['map', 'any', 'any'], 'int', { only: X }),
  h(54, 'bpf_xdp_adjust_meta', ['ctx', 'any'], 'int', { changesPkt: true, only: X }),
  h(65, 'bpf_xdp_adjust_tail', ['ctx', 'any'], 'int', { changesPkt: true, only: X }),
  h(68, 'bpf_skb_load_bytes_relative', ['ctx', 'any', 'mem_out', 'size', 'any'], 'int', { only: TC }),
  h(69, 'bpf_fib_lookup', ['ctx', 'mem_rw', 'size', 'any'], 'int'),
  h(79, 'bpf_skb_cgroup_id', ['ctx'], 'int', { only: TC }),
  h(87, 'bpf_map_push_elem', ['map', 'value', 'any'], 'int'),
  h(88, 'bpf_map_pop_elem', ['map', 'value_out'], 'int'),
  h(89, 'bpf_map_peek_elem', ['map', 'value_out'], 'int'),
  h(84, 'bpf_sk_lookup_tcp', ['ctx', 'mem', 'size', 'any', 'any'], 'sk_lookup'),
  h(85, 'bpf_sk_lookup_udp', ['ctx', 'mem', 'size', 'any', 'any'], 'sk_lookup'),
  h(86, 'bpf_sk_release', ['sock_release'], 'int'),
  h(95, 'bpf_sk_fullsock', ['sock_common'], 'fullsock_cast', { only: TC }),
  h(96, 'bpf_tcp_sock', ['sock_common'], 'tcp_sock_cast', { only: TC }),
  h(97, 'bpf_skb_ecn_set_ce', ['ctx'], 'int', { only: TC }),
  h(98, 'bpf_get_listener_sock', ['sock_common'], 'listener_sock', { only: TC }),
  h(99, 'bpf_skc_lookup_tcp', ['ctx', 'mem', 'size', 'any', 'any'], 'skc_lookup'),
  h(100, 'bpf_tcp_check_syncookie', ['sock_common', 'mem', 'size', 'mem', 'size'], 'int'),
  h(110, 'bpf_tcp_gen_syncookie', ['sock_common', 'mem', 'size', 'mem', 'size'], 'int'),
  h(118, 'bpf_jiffies64', [], 'int'),
  h(124, 'bpf_sk_assign', ['ctx', 'sock_common_or_null', 'any'], 'int', { only: TC }),
  h(125, 'bpf_ktime_get_boot_ns', [], 'int'),
  h(130, 'bpf_ringbuf_output', ['map', 'mem', 'size0', 'any'], 'int'),
  h(131, 'bpf_ringbuf_reserve', ['map', 'any', 'any'], 'unmodelled'),
  h(132, 'bpf_ringbuf_submit', ['any', 'any'], 'void'),
  h(133, 'bpf_ringbuf_discard', ['any', 'any'], 'void'),
  h(134, 'bpf_ringbuf_query', ['map', 'any'], 'int'),
  h(135, 'bpf_csum_level', ['ctx', 'any'], 'int', { only: TC }),
  h(152, 'bpf_redirect_neigh', ['any', 'mem_or_null', 'size0', 'any'], 'int', { only: TC }),
  h(155, 'bpf_redirect_peer', ['any', 'any'], 'int', { only: TC }),
  h(160, 'bpf_ktime_get_coarse_ns', [], 'int'),
  h(163, 'bpf_check_mtu', ['ctx', 'any', 'u32_out', 'any', 'any'], 'int'),
  h(164, 'bpf_for_each_map_elem', ['map', 'func', 'stack_or_null', 'any'], 'int'),
  h(181, 'bpf_loop', ['any', 'func', 'stack_or_null', 'any'], 'int'),
  h(188, 'bpf_xdp_get_buff_len', ['ctx'], 'int', { only: X }),
  h(189, 'bpf_xdp_load_bytes', ['ctx', 'any', 'mem_out', 'size'], 'int', { only: X }),
  h(190, 'bpf_xdp_store_bytes', ['ctx', 'any', 'mem', 'size'], 'int', { only: X }),
  h(208, 'bpf_ktime_get_tai_ns', [], 'int'),
];

const BY_ID = new Map(HELPERS.map(p => [p.id, p]));

export function helperProto(id: number): HelperProto | undefined {
  return BY_ID.get(id);
}

export function allowedIn(p: HelperProto, type: ProgramType): boolean {
  return !p.only || p.only.includes(type);
}
