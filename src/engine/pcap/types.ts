// Shapes shared by the capture readers and writers.

const EMPTY = new Uint8Array(0);

/**
 * One packet as read from a capture. The reader hands out the same object for every packet (no allocation per
 * packet): it and the bytes it points at are valid until the next call to `next()` or `push()`. Call `clone()`
 * to keep a packet.
 */
export class PacketRecord {
  /** 1-based position of the packet among the packets of the file. */
  index = 0;
  /** Capture time: whole seconds since the epoch (if_tsoffset applied) and nanoseconds within the second. */
  tsSec = 0;
  tsNsec = 0;
  /** False for pcapng Simple Packet Blocks, which carry no time (tsSec and tsNsec are then 0). */
  hasTimestamp = true;
  /** Length of the packet on the wire, and how many of its bytes the file holds. */
  origLen = 0;
  capLen = 0;
  /** LINKTYPE_* of the interface (16 bits; classic pcap's FCS bits are masked off). */
  linkType = 0;
  /** pcapng interface id within its section (0 for classic pcap). */
  interfaceId = 0;
  /** pcapng section number, 0-based (0 for classic pcap). */
  section = 0;
  /** File offset of the record header (pcap) or block (pcapng). */
  byteOffset = 0;
  /** Buffer holding the packet at [dataOffset, dataOffset + capLen): read it directly to avoid a view per packet. */
  buffer: Uint8Array = EMPTY;
  dataOffset = 0;
  /** pcapng EPB/PB options area in `buffer` ([optionsOffset, optionsEnd), empty otherwise) and its byte order. */
  optionsOffset = 0;
  optionsEnd = 0;
  littleEndian = true;

  private view: Uint8Array | undefined;

  /** The captured bytes (a view, created on first use for this packet). */
  get data(): Uint8Array {
    if (this.view === undefined) this.view = this.buffer.subarray(this.dataOffset, this.dataOffset + this.capLen);
    return this.view;
  }

  /** Readers call this before filling the record for the next packet. */
  resetView(): void {
    this.view = undefined;
  }

  /** A copy that owns its bytes (packet data and options), safe to keep after the reader moves on. */
  clone(): PacketRecord {
    const c = new PacketRecord();
    const optLen = this.optionsEnd - this.optionsOffset;
    const bytes = new Uint8Array(this.capLen + optLen);
    bytes.set(this.buffer.subarray(this.dataOffset, this.dataOffset + this.capLen), 0);
    bytes.set(this.buffer.subarray(this.optionsOffset, this.optionsEnd), this.capLen);
    Object.assign(c, this);
    c.buffer = bytes;
    c.dataOffset = 0;
    c.optionsOffset = this.capLen;
    c.optionsEnd = this.capLen + optLen;
    c.view = undefined;
    return c;
  }
}

/** The capture time of a record in nanoseconds since the epoch. */
export function timestampNs(rec: Pick<PacketRecord, 'tsSec' | 'tsNsec'>): bigint {
  return BigInt(rec.tsSec) * 1_000_000_000n + BigInt(rec.tsNsec);
}

export type CaptureFormat = 'pcap' | 'pcapng';

/** An interface as described by the pcap file header or a pcapng Interface Description Block. */
export interface InterfaceInfo {
  linkType: number;
  snapLen: number;
  /** if_name, if any. */
  name?: string;
  /** Ticks per second of the interface's timestamps (1e6 unless if_tsresol says otherwise). */
  ticksPerSecond: number;
  /** if_tsoffset in seconds (0 if absent). */
  tsOffsetSec: number;
  /** FCS bytes at the end of each frame: classic pcap's link-type FCS bits or pcapng if_fcslen (0 if unknown). */
  fcsLength: number;
}

export interface ReaderOptions {
  /**
   * 'replayable' (default): a link type that `toEthernet` cannot turn into Ethernet is a capture error at the
   * file header / IDB. 'any': every link type is read; `toEthernet` then fails for the packets it cannot frame.
   */
  linkTypes?: 'replayable' | 'any';
  /** How far a packet's caplen may exceed the interface snaplen before it counts as damage (default 1024). */
  snapLenSlack?: number;
}

/** Where a reader stands after `next()` returned undefined. */
export type ReaderState = 'reading' | 'need-data' | 'done' | 'error';

/** Where chunks come from: `null` at the end of the input. */
export interface ChunkSource {
  read(): Uint8Array | null;
}
