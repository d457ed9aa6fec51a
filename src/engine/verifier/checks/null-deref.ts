// A map lookup result used before it was compared with NULL.

import { bytes, CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_NULL_DEREF',
  severity: 'error',
  title: 'map value or null used before a null check',
  doc:
    'bpf_map_lookup_elem returns NULL when the key is absent (even for array maps with a constant key), so ' +
    'the kernel types its result "map value or null" until a comparison with NULL proves otherwise. Reading, ' +
    'writing or moving the pointer before that check is rejected. A check on any copy of the pointer counts.',
  example: '__u64 *v = bpf_map_lookup_elem(&counts, &key);\n*v += 1;',
  fixed: '__u64 *v = bpf_map_lookup_elem(&counts, &key);\nif (!v)\n\treturn XDP_PASS;\n*v += 1;',
};

export function message(name: string | undefined, what: string, from: string): string {
  const who = name ? `\`${name}\`` : 'the pointer';
  return `${who} may be NULL here: ${from} returns NULL when the key is missing, so check it before the ${what}`;
}

export function accessWhat(access: 'read' | 'write', size: number): string {
  return `${access} of ${bytes(size)}`;
}

export const KERNEL_ACCESS = "R invalid mem access 'map_value_or_null'";
export const KERNEL_ARITH = 'R pointer arithmetic on map_value_or_null prohibited, null-check it first';

export function checkText(name: string, ret: string): string {
  return `if (!${name})\n\treturn ${ret};`;
}
