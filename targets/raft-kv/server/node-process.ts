import { mkdirSync } from 'node:fs';
import type { NodeConfig } from './args.js';
import { BUG_SUMMARIES, BugSet } from './bugs.js';
import { NodeLogger } from './logger.js';
import { startListener } from './net/listener.js';
import { PeerLinks } from './net/peer-network.js';
import { RaftNode } from './raft/node.js';
import { RaftLog } from './raft/raft-log.js';
import { LogFile, type LogDurability } from './storage/log-file.js';
import { recoverLog } from './storage/log-recovery.js';
import { MetaStore } from './storage/meta-store.js';
import { SnapshotStore } from './storage/snapshot-store.js';

// Assembles one node from its config: recover what is on disk, listen, join the peer mesh.

/** How long the no-fsync bug keeps acknowledged entries in memory before writing them. */
const NO_FSYNC_FLUSH_AFTER_MS = 10_000;

export interface RunningNode {
  readonly node: RaftNode;
  readonly logger: NodeLogger;
  stop(): Promise<void>;
}

export async function runNode(config: NodeConfig, onFatal: (err: Error) => void): Promise<RunningNode> {
  const logger = new NodeLogger(config.id);
  const bugs = new BugSet(config.bugs);
  logger.info('start', {
    pid: process.pid,
    listen: `${config.host}:${config.port}`,
    peers: config.peers.map((p) => `${p.id}=${p.host}:${p.port}`).join(','),
    dataDir: config.dataDir,
    bugs: bugs.list().join(',') || 'none',
    electionTimeoutMs: config.electionTimeoutMs,
    heartbeatMs: config.heartbeatMs,
    snapshotEvery: config.snapshotEvery,
    requestTimeoutMs: config.requestTimeoutMs,
  });
  for (const bug of bugs.list()) logger.warn('bug-enabled', { bug, effect: BUG_SUMMARIES[bug] });

  mkdirSync(config.dataDir, { recursive: true });
  const noFsync = bugs.has('no-fsync');
  const snapshots = new SnapshotStore(config.dataDir, !noFsync);
  const snapshot = snapshots.load();
  const recovered = recoverLog(config.dataDir, snapshot);
  const meta = new MetaStore(config.dataDir, bugs.has('forget-vote') ? 'forget' : noFsync ? 'no-fsync' : 'fsync');
  const durability: LogDurability = noFsync ? { kind: 'buffered', flushAfterMs: NO_FSYNC_FLUSH_AFTER_MS } : { kind: 'fsync' };
  let node: RaftNode | undefined;
  const file = new LogFile(recovered, durability, (index) => node?.onLogDurable(index), onFatal);
  const log = new RaftLog(recovered.header, recovered.entries, file);
  if (snapshot && log.term(snapshot.index) !== snapshot.term) {
    // The log does not reach the snapshot (entries that never hit the disk): start after it.
    recovered.notes.push(`log did not hold snapshot entry ${snapshot.index}; restarted the log after it`);
    log.resetAfterSnapshot(snapshot.index, snapshot.term);
  }
  const network = new PeerLinks(config, logger);
  node = new RaftNode({ config, bugs, logger, meta, snapshots, log, network });
  for (const note of recovered.notes) logger.warn('recovery', { note });
  logger.info('recovered', {
    term: node.term,
    votedFor: node.votedFor ?? 'none',
    snapshotIndex: snapshot?.index ?? 0,
    logBase: log.baseIndex,
    lastLogIndex: log.lastIndex,
    keys: node.sm.size,
  });

  const running = node;
  const listener = await startListener(config.host, config.port, running, logger, network.deadAfterMs);
  network.start({
    onReply: (peer, message) => running.handlePeerReply(peer, message),
    onDisconnected: (peer) => running.peerDisconnected(peer),
  });
  running.start();
  logger.info('listening', { address: `${config.host}:${config.port}` });

  return {
    node: running,
    logger,
    async stop() {
      running.stop();
      network.stop();
      await listener.close();
      file.close();
      logger.info('stopped');
    },
  };
}
