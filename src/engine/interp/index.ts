// The interpreter's public surface: prepare a program from the IR, run packets through it, and read or set
// its maps between packets.

export { prepareProgram, initMaps, dumpMaps } from './program';
export type { PreparedProgram, PrepareResult } from './program';
export { runPacket, actionName } from './run';
export { runFrame, FrameOutput, MAX_PACKET } from './frame';
export type { FastFallback } from './fast';
export { fromHex, toHex } from './map-contents';
export type * from './types';
