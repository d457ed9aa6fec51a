// Options of `xdp-lab run` on top of the ones it shares with `verify` (-I/-D/-U/--include/--json/--timings).

import { CommonArgs, parseCommonArgs, UsageError } from './args';
import type { ReplayHook } from '../engine/replay';

export interface RunArgs extends CommonArgs {
  pcap?: string;
  program?: string;
  hook?: ReplayHook;
  maps?: string;
  out?: string;
  force: boolean;
  /** Counts and maps only, no line per packet. */
  summaryOnly: boolean;
  /** Stop after this many packets. */
  count?: number;
  /** The modelled kernel path (--path, or implied by --scenario / --direction / --xdp-mode). */
  path: boolean;
  scenario?: string;
  direction?: 'ingress' | 'egress';
  xdpMode?: 'native' | 'generic';
}

const HOOKS: readonly ReplayHook[] = ['xdp', 'tc-ingress', 'tc-egress'];

export function parseRunArgs(argv: readonly string[]): RunArgs {
  const common: string[] = [];
  const r: Omit<RunArgs, keyof CommonArgs> = { force: false, summaryOnly: false, path: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--pcap': r.pcap = value(); break;
      case '--program': r.program = value(); break;
      case '--maps': r.maps = value(); break;
      case '--out': r.out = value(); break;
      case '--force': r.force = true; break;
      case '--summary': r.summaryOnly = true; break;
      case '--path': r.path = true; break;
      case '--scenario': r.scenario = value(); r.path = true; break;
      case '--direction': {
        const d = value();
        if (d !== 'ingress' && d !== 'egress') throw new UsageError(`--direction must be ingress or egress (got '${d}')`);
        r.direction = d;
        r.path = true;
        break;
      }
      case '--xdp-mode': {
        const m = value();
        if (m !== 'native' && m !== 'generic') throw new UsageError(`--xdp-mode must be native or generic (got '${m}')`);
        r.xdpMode = m;
        r.path = true;
        break;
      }
      case '--hook': {
        const h = value();
        if (!(HOOKS as readonly string[]).includes(h)) throw new UsageError(`--hook must be one of ${HOOKS.join(', ')} (got '${h}')`);
        r.hook = h as ReplayHook;
        break;
      }
      case '--count': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new UsageError(`--count needs a whole number (got '${v}')`);
        r.count = n;
        break;
      }
      default: common.push(arg);
    }
  }
  return { ...parseCommonArgs(common), ...r };
}
