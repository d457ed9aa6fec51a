// Clocks, randomness and the CPU: every clock reads the packet's capture timestamp (so replays are
// repeatable), bpf_get_prandom_u32 draws from the machine's seeded generator, and the CPU is the modelled one.

import type { HelperSpec } from './spec';

const clock = (id: number, name: string): HelperSpec => ({ id, name, impl: m => m.tsNs });

export const TIME_RANDOM_HELPERS: HelperSpec[] = [
  clock(5, 'bpf_ktime_get_ns'),
  clock(125, 'bpf_ktime_get_boot_ns'),
  clock(160, 'bpf_ktime_get_coarse_ns'),
  clock(208, 'bpf_ktime_get_tai_ns'),
  { id: 7, name: 'bpf_get_prandom_u32', impl: m => m.random32() },
  { id: 8, name: 'bpf_get_smp_processor_id', impl: m => m.cpuIndex },
  { id: 42, name: 'bpf_get_numa_node_id', impl: () => 0 },
];
