// What the classic pcap and pcapng parsers share: the step results, error bookkeeping and limits.

import type { ByteQueue } from './byte-queue';
import { captureError, type CaptureError, type CaptureErrorKind } from './errors';
import { isReplayableLinkType, unsupportedLinkTypeMessage } from './linktype';
import type { InterfaceInfo, PacketRecord, ReaderOptions } from './types';

/** Result of one parser step. */
export const STEP_PACKET = 0;
export const STEP_NEED_DATA = 1;
export const STEP_DONE = 2;
export const STEP_ERROR = 3;
export type Step = typeof STEP_PACKET | typeof STEP_NEED_DATA | typeof STEP_DONE | typeof STEP_ERROR;

/** No packet is longer than this (libpcap's largest snaplen); a larger caplen is damage, never an allocation. */
export const MAX_CAPLEN = 262144;
export const DEFAULT_SNAPLEN_SLACK = 1024;

export abstract class FormatParser {
  error: CaptureError | undefined;
  /** Packets yielded so far. */
  packets = 0;
  readonly interfaces: InterfaceInfo[] = [];
  protected readonly slack: number;
  protected readonly anyLinkType: boolean;

  constructor(protected readonly q: ByteQueue, options: ReaderOptions) {
    this.slack = options.snapLenSlack ?? DEFAULT_SNAPLEN_SLACK;
    this.anyLinkType = options.linkTypes === 'any';
  }

  /** Fills rec with the next packet, or says why there is none. */
  abstract next(rec: PacketRecord): Step;

  protected fail(kind: CaptureErrorKind, byteOffset: number, message: string): Step {
    this.error = captureError(kind, this.packets + 1, byteOffset, message);
    return STEP_ERROR;
  }

  /** The most a packet on this interface may capture before its caplen counts as damage. */
  protected capLimit(snapLen: number): number {
    return snapLen === 0 ? MAX_CAPLEN : Math.min(MAX_CAPLEN, snapLen + this.slack);
  }

  /** A caplen that exceeds capLimit, as an error (absurd or over the snaplen). */
  protected capLenError(capLen: number, snapLen: number, byteOffset: number): Step {
    if (capLen > MAX_CAPLEN) {
      return this.fail('caplen-absurd', byteOffset, `captured length ${capLen} is larger than any packet can be (${MAX_CAPLEN} bytes)`);
    }
    return this.fail('caplen-over-snaplen', byteOffset,
      `captured length ${capLen} is larger than the snapshot length ${snapLen} (+${this.slack} bytes slack)`);
  }

  /** Error for an unsupported link type, unless every link type was asked for. */
  protected checkLinkType(linkType: number, byteOffset: number): Step | undefined {
    if (this.anyLinkType || isReplayableLinkType(linkType)) return undefined;
    return this.fail('unsupported-link-type', byteOffset, unsupportedLinkTypeMessage(linkType));
  }
}
