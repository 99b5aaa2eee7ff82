// The private range every local runtime takes its subnet from: 10.214.<block>.0/24 per runtime.

export const SUBNET_PREFIX = '10.214';

export const POOL = `${SUBNET_PREFIX}.0.0/16`;

/** Whether a route (as /proc/net/route lists it) is the pool's own blackhole; route checks look past it. */
export function isPoolBlackhole(route: { device: string; base: number; bits: number }): boolean {
  return route.device === '*' && route.bits === 16 && route.base === ((10 << 24) | (214 << 16)) >>> 0;
}
