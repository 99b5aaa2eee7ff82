// How a node talks: its listening port (clients and peers) and its outgoing peer links.
export { ClientSession } from './client-session.js';
export { FrameWriter, MAX_BUFFERED_BYTES } from './frame-writer.js';
export { startListener } from './listener.js';
export type { Listener } from './listener.js';
export { PeerLink } from './peer-link.js';
export type { PeerLinkEvents, PeerLinkTiming } from './peer-link.js';
export { PeerLinks } from './peer-network.js';
