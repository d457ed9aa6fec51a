// Replay: capture records → Ethernet frames → the prepared program, with totals. See ARCHITECTURE.md.
export { ReplaySession } from './session';
export { parseMapsJson, mapOffset, type MapsFileResult } from './maps-file';
export type * from './types';
