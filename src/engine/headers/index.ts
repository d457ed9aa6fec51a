// Built-in C headers served for <...> includes before any -I directory.
// The texts live in ./include and are embedded by scripts/gen-headers.mjs.

import { BUILTIN_HEADERS } from './builtin.generated';

export { BUILTIN_HEADERS };

/** Include names of all built-in headers ("linux/bpf.h", "vmlinux.h", ...), sorted. */
export function builtinHeaderNames(): string[] {
  return Object.keys(BUILTIN_HEADERS).sort();
}
