// Every helper the interpreter models, by helper id. A program calling anything else is refused before it
// runs, naming the helper.

import { CONTROL_HELPERS } from './control';
import { CSUM_HELPERS } from './csum';
import { EVENT_HELPERS } from './events';
import { FIB_HELPERS } from './fib';
import { MAP_HELPERS } from './maps';
import { MISC_HELPERS } from './misc';
import { PRINTK_HELPERS } from './printk';
import { REDIRECT_HELPERS } from './redirect';
import { SKB_DATA_HELPERS } from './skb-data';
import { SKB_ROOM_HELPERS } from './skb-room';
import type { HelperSpec } from './spec';
import { TIME_RANDOM_HELPERS } from './time-random';
import { XDP_HELPERS } from './xdp';

export const HELPERS: ReadonlyMap<number, HelperSpec> = new Map(
  [
    ...MAP_HELPERS, ...TIME_RANDOM_HELPERS, ...PRINTK_HELPERS, ...XDP_HELPERS, ...SKB_DATA_HELPERS, ...SKB_ROOM_HELPERS,
    ...CSUM_HELPERS, ...REDIRECT_HELPERS, ...FIB_HELPERS, ...EVENT_HELPERS, ...CONTROL_HELPERS, ...MISC_HELPERS,
  ].map(h => [h.id, h]),
);

/**
 * Helpers that never write packet bytes except through checked memory accesses (which own a lent packet by
 * themselves) and never move it: a lent packet stays lent across them. Any other helper owns it first.
 */
export const KEEPS_LENT_PACKET: ReadonlySet<number> = new Set([
  1, 2, 3, 87, 88, 89, 195, // map lookup, update, delete, push, pop, peek, per-CPU lookup
  5, 125, 160, 208, 7, 8, 42, // clocks, prandom, CPU, NUMA node
  6, 177, // trace_printk, trace_vprintk
  23, 51, 152, 155, // redirects
  25, 130, 131, 134, // perf and ring buffer output (they read the packet)
  28, 69, 163, 182, 188, 189, 26, 68, // csum_diff, fib_lookup, check_mtu, strncmp, get_buff_len, load_bytes
  93, 94, 164, 181, // spin locks, for_each_map_elem, loop (their callbacks own the packet when they write)
]);
