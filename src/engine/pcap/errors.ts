// Capture damage: one error per capture, naming the packet that broke and where in the file.

import { diag, type Diagnostic } from '../diagnostics';

export type CaptureErrorKind =
  | 'empty-file' // zero bytes
  | 'truncated-file-header' // file shorter than the pcap file header / the first SHB
  | 'bad-magic' // neither pcap nor pcapng (or a bad pcapng byte-order magic)
  | 'unsupported-version' // pcap major version other than 2, pcapng major other than 1
  | 'unsupported-link-type' // a link type toEthernet cannot frame (with linkTypes: 'replayable')
  | 'truncated-record-header' // the file ends inside a pcap record header or a pcapng block header
  | 'truncated-record' // the file ends inside a record's data / a block's body (length past the end of file)
  | 'caplen-absurd' // caplen (or a packet block length) above the 256 KiB any packet can have
  | 'caplen-over-snaplen' // caplen above the interface snaplen plus slack
  | 'caplen-past-block' // pcapng packet data runs past the end of its block
  | 'bad-timestamp' // fraction of a second out of range (>= 1e6 µs / 1e9 ns)
  | 'block-length-unaligned' // pcapng block length not a multiple of 4
  | 'block-too-short' // pcapng block length below the minimum for its type
  | 'block-trailer-mismatch' // the trailing block length differs from the leading one
  | 'option-too-long' // an SHB/IDB option runs past the end of its block
  | 'bad-option' // an IDB option with a value of the wrong size or out of range (if_tsresol, if_tsoffset)
  | 'block-too-long' // a pcapng block this reader must hold in memory (SHB, IDB, packets) above 320 KiB
  | 'no-interface'; // packet block naming an interface its section has not described

export interface CaptureError {
  kind: CaptureErrorKind;
  message: string;
  /** The index the broken packet would have had: packets yielded before the error + 1. */
  packetIndex: number;
  /** File offset of the broken record or block (of the option, for option errors). */
  byteOffset: number;
}

export function captureError(kind: CaptureErrorKind, packetIndex: number, byteOffset: number, message: string): CaptureError {
  return { kind, message, packetIndex, byteOffset };
}

/** The error as an engine diagnostic; its range is the byte offset in the capture file. */
export function captureErrorDiagnostic(err: CaptureError, file: string): Diagnostic {
  const where = `packet ${err.packetIndex}, byte offset ${err.byteOffset}`;
  const hint = err.packetIndex > 1 ? `the ${err.packetIndex - 1} packets before it were read` : undefined;
  return diag('pcap', 'error', `PCAP_${err.kind.toUpperCase().replace(/-/g, '_')}`,
    { file, start: err.byteOffset, end: err.byteOffset }, `${err.message} (${where})`, hint);
}
