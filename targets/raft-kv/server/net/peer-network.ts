import type { PeerRequest } from '../../protocol/messages.js';
import type { NodeConfig } from '../args.js';
import type { NodeLogger } from '../logger.js';
import type { PeerNetwork } from '../raft/member.js';
import { PeerLink, type PeerLinkEvents } from './peer-link.js';

// The outgoing side of the peer mesh: one link per peer.

export class PeerLinks implements PeerNetwork {
  private readonly links = new Map<string, PeerLink>();

  constructor(
    private readonly config: NodeConfig,
    private readonly logger: NodeLogger,
  ) {}

  /** Long enough that a busy but healthy peer is never dropped, short enough to notice a partition. */
  get deadAfterMs(): number {
    return Math.max(1000, 4 * this.config.electionTimeoutMs);
  }

  start(events: PeerLinkEvents): void {
    const timing = {
      connectTimeoutMs: Math.max(200, this.config.electionTimeoutMs),
      pingEveryMs: this.config.heartbeatMs,
      deadAfterMs: this.deadAfterMs,
    };
    for (const peer of this.config.peers) {
      this.links.set(peer.id, new PeerLink({ id: this.config.id, host: this.config.host }, peer, events, this.logger, timing));
    }
  }

  send(peer: string, message: PeerRequest): boolean {
    return this.links.get(peer)?.send(message) ?? false;
  }

  isConnected(peer: string): boolean {
    return this.links.get(peer)?.isConnected ?? false;
  }

  stop(): void {
    for (const link of this.links.values()) link.stop();
  }
}
