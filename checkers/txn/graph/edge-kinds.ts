// Dependency edge kinds as bits, so one adjacency entry can carry every reason two
// transactions are ordered (T1 may both write before T2 and be read by it).

export const WW = 1;
export const WR = 2;
export const RW = 4;
export const PROCESS = 8;
export const REALTIME = 16;

/** Indexed by bit position: EDGE_KIND_NAMES[k] names the kind with bit 1 << k. */
export const EDGE_KIND_NAMES = ['ww', 'wr', 'rw', 'process', 'realtime'] as const;

export type EdgeKind = (typeof EDGE_KIND_NAMES)[number];

export const KIND_COUNT = EDGE_KIND_NAMES.length;
export const KIND_WW = 0;
export const KIND_WR = 1;
export const KIND_RW = 2;
export const KIND_PROCESS = 3;
export const KIND_REALTIME = 4;
