// BPF_MAP_TYPE_* values (from the kernel UAPI's enum bpf_map_type), for naming map types in output.

const NAMES = [
  'UNSPEC', 'HASH', 'ARRAY', 'PROG_ARRAY', 'PERF_EVENT_ARRAY', 'PERCPU_HASH', 'PERCPU_ARRAY', 'STACK_TRACE',
  'CGROUP_ARRAY', 'LRU_HASH', 'LRU_PERCPU_HASH', 'LPM_TRIE', 'ARRAY_OF_MAPS', 'HASH_OF_MAPS', 'DEVMAP', 'SOCKMAP',
  'CPUMAP', 'XSKMAP', 'SOCKHASH', 'CGROUP_STORAGE', 'REUSEPORT_SOCKARRAY', 'PERCPU_CGROUP_STORAGE', 'QUEUE', 'STACK',
  'SK_STORAGE', 'DEVMAP_HASH', 'STRUCT_OPS', 'RINGBUF', 'INODE_STORAGE', 'TASK_STORAGE', 'BLOOM_FILTER',
  'USER_RINGBUF', 'CGRP_STORAGE', 'ARENA',
];

export function mapTypeName(type: number): string {
  const n = NAMES[type];
  return n === undefined ? `BPF_MAP_TYPE_${type}` : `BPF_MAP_TYPE_${n}`;
}
