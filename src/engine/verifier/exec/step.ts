// One instruction: dispatch to its transfer function. Function calls are the explorer's (they move the cursor).

import type { Inst } from '../../ir/ir';
import * as unsupported from '../checks/unsupported';
import { execAddr, execBin, execBswap, execCmp, execConv, execMov, execPtradd, execUnary } from './alu';
import type { Exec, Outcome } from './env';
import { execHelperCall } from './helper-call';
import { execAtomic, execCopy, execLoad, execSet, execStore } from './memory';
import { fail } from './report';

export function execInst(x: Exec, i: Exclude<Inst, { op: 'callfn' }>): Outcome {
  switch (i.op) {
    case 'mov': return execMov(x, i);
    case 'bin': return execBin(x, i);
    case 'neg': case 'not': return execUnary(x, i);
    case 'cmp': return execCmp(x, i);
    case 'conv': return execConv(x, i);
    case 'ptradd': return execPtradd(x, i);
    case 'addr': return execAddr(x, i);
    case 'load': return execLoad(x, i);
    case 'store': return execStore(x, i);
    case 'memcpy': case 'memmove': return execCopy(x, i);
    case 'memset': return execSet(x, i);
    case 'bswap': return execBswap(x, i);
    case 'call': return execHelperCall(x, i);
    case 'atomic': return execAtomic(x, i);
    case 'asm':
      // An empty asm with a memory clobber is a compiler barrier: nothing to model.
      if (i.text.trim() !== '') fail(x, unsupported.info, unsupported.message('inline assembly'), 'checked by the kernel instruction by instruction');
      return 'ok';
  }
}
