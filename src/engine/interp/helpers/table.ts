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
