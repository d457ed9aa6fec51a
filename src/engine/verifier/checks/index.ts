// Every diagnostic code of the verifier, for documentation and for the test that each has a fixture.

import type { CheckInfo } from './types';
import { info as ctxAccess } from './ctx-access';
import { info as helperArg } from './helper-arg';
import { info as helperUnavailable } from './helper-unavailable';
import { info as invalidDeref } from './invalid-deref';
import { info as mapValueBounds } from './map-value-bounds';
import { info as nullDeref } from './null-deref';
import { info as packetBounds } from './packet-bounds';
import { info as packetEndArith } from './packet-end-arith';
import { info as pointerArith } from './pointer-arith';
import { info as readonlyWrite } from './readonly-write';
import { info as referenceLeak } from './reference-leak';
import { info as returnCode } from './return-code';
import { info as stackBounds } from './stack-bounds';
import { info as stackLimit } from './stack-limit';
import { info as stalePacket } from './stale-packet';
import { info as tooComplex } from './too-complex';
import { info as unboundedLoop } from './unbounded-loop';
import { info as uninit } from './uninit';
import { info as unreachable } from './unreachable';
import { info as unsupported } from './unsupported';

export const CHECKS: readonly CheckInfo[] = [
  packetBounds, packetEndArith, nullDeref, mapValueBounds, uninit, stackLimit, stackBounds, returnCode, readonlyWrite,
  helperArg, helperUnavailable, ctxAccess, unboundedLoop, tooComplex, unreachable, stalePacket, invalidDeref,
  pointerArith, referenceLeak, unsupported,
];
