import { createSocket } from 'node:dgram';
import { FaultlineError, errorMessage } from '../../core/errors.js';
import type { Endpoint } from '../../core/runtime.js';

// The harness dials only loopback, the run's own bridge on this machine, or the Docker engine the
// user named (whose published ports stand in for containers behind it). Before any client or
// probe connects, the kernel is asked where a packet to each node would go: a UDP socket
// connected to the address sends nothing, yet gets the source address the route would use (or
// an error when there is no route, e.g. a blackhole). A container address that would leave
// through the default route is refused, never dialled: on another network it may well be
// somebody else's machine.

export interface AllowedRoutes {
  /** The run network's gateway: a route from this address goes over the run's own bridge here. */
  gateway?: string;
  /** The engine's host, which the harness reaches anyway (the API). */
  engineHost?: string;
}

/** The source address the kernel would use towards `host`; rejects when there is no route. */
export function routeSource(host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', (err) => {
      socket.close();
      reject(err);
    });
    // Port 9 (discard): connect() only picks a route; no datagram is sent.
    socket.connect(9, host, () => {
      let source: string;
      try {
        source = socket.address().address;
      } catch (err) {
        socket.close();
        reject(err as Error);
        return;
      }
      socket.close();
      // The kernel may accept the connect yet pick no source address (a blackhole route).
      if (source === '0.0.0.0') reject(new Error('the route gives no source address (a blackhole or unreachable route)'));
      else resolve(source);
    });
  });
}

/** Throws FaultlineError RUN_FAILED, naming the node and the route, unless dialling `endpoint` stays here. */
export async function checkRoute(node: string, endpoint: Endpoint, allowed: AllowedRoutes): Promise<void> {
  const { host } = endpoint;
  if (host.startsWith('127.')) return;
  if (allowed.engineHost !== undefined && host === allowed.engineHost) return;
  let source: string;
  try {
    source = await routeSource(host);
  } catch (err) {
    throw new FaultlineError(
      'RUN_FAILED',
      `nemesis/docker: refusing to dial node ${node} at ${host}: this machine has no route to it (${errorMessage(err)}); is the Docker engine on another machine? Its nodes are reached through published ports there`,
      { cause: err },
    );
  }
  if (source.startsWith('127.') || source === host) return;
  if (allowed.gateway !== undefined && source === allowed.gateway) return;
  throw new FaultlineError(
    'RUN_FAILED',
    `nemesis/docker: refusing to dial node ${node} at ${host}: the route leaves this machine from ${source}, not over the run's own network` +
      (allowed.gateway ? ` (gateway ${allowed.gateway})` : '') +
      '; the Docker engine is elsewhere, and its nodes are reached through ports it publishes',
  );
}
