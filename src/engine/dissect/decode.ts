// Runs the decoders over one frame. The guard turns an unexpected exception (a bug, never bad input) into
// a result that says so instead of breaking a replay.

import { Decoder } from './decoder';
import { DISPATCH } from './dispatch';
import { decodeLink, LINKTYPE_ETHERNET } from './linktype';
import type { DissectOptions } from './types';

const DEFAULT_MAX_DEPTH = 8;

export interface Decoded {
  d: Decoder;
  /** Set only if a decoder threw; the layers and line then stop where it happened. */
  internalError?: string;
}

export function decodeFrame(frame: Uint8Array, opts: DissectOptions = {}, silent = false): Decoded {
  const d = new Decoder(frame, DISPATCH, opts.maxDepth ?? DEFAULT_MAX_DEPTH, silent ? undefined : opts.tcpSeq, silent);
  const wire = opts.wireLength !== undefined && opts.wireLength >= frame.length ? opts.wireLength : frame.length;
  try {
    decodeLink(d, opts.linkType ?? LINKTYPE_ETHERNET, wire, frame.length);
    return { d };
  } catch (e) {
    return { d, internalError: e instanceof Error ? e.message : String(e) };
  }
}
