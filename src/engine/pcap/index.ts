// Capture I/O: streaming pcap/pcapng reader, Ethernet framing for replay, pcap/pcapng writers.

export { CaptureReader, readPackets, captureDiagnostics, type ReadSummary } from './reader';
export { PacketRecord, timestampNs, type CaptureFormat, type ChunkSource, type InterfaceInfo, type ReaderOptions, type ReaderState } from './types';
export { captureErrorDiagnostic, type CaptureError, type CaptureErrorKind } from './errors';
export { EthernetFramer, toEthernet, SYNTH_DST_MAC, SYNTH_SRC_MAC, type FramingInput, type FramingResult } from './to-ethernet';
export * from './linktype';
export { readPacketOptions, VERDICT_EBPF_TC, VERDICT_EBPF_XDP, VERDICT_HARDWARE, type PacketOptions, type Verdict } from './pcapng-options';
export { PcapWriter, type OutputPacket, type PcapWriterOptions } from './writer-pcap';
export { PcapngWriter, type PacketVerdict, type PcapngInterface, type PcapngPacket, type PcapngWriterOptions } from './writer-pcapng';
export type { ChunkSink } from './output-buffer';
export { MAX_CAPLEN } from './parser';
