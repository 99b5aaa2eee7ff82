import { describe, expect, it } from 'vitest';
import { overlaps, parseCidr } from './network.js';

// A run's /24 is only taken when it overlaps nothing the host or the engine already routes.

describe('subnet overlap', () => {
  const net = (cidr: string) => {
    const parsed = parseCidr(cidr);
    if (!parsed) throw new Error(`bad test CIDR ${cidr}`);
    return parsed;
  };

  it('sees a /24 inside a wider route, the same /24, and a default route as overlapping', () => {
    expect(overlaps(net('10.213.7.0/24'), net('10.0.0.0/8'))).toBe(true);
    expect(overlaps(net('10.213.7.0/24'), net('10.213.7.0/24'))).toBe(true);
    expect(overlaps(net('10.213.7.0/24'), net('0.0.0.0/0'))).toBe(true);
  });

  it('sees neighbours and other ranges as separate', () => {
    expect(overlaps(net('10.213.7.0/24'), net('10.213.8.0/24'))).toBe(false);
    expect(overlaps(net('10.213.7.0/24'), net('172.17.0.0/16'))).toBe(false);
    expect(overlaps(net('10.213.7.0/24'), net('192.168.0.0/20'))).toBe(false);
  });

  it('does not parse what is not an IPv4 CIDR', () => {
    expect(parseCidr('fd00::/64')).toBeUndefined();
    expect(parseCidr('10.0.0.1')).toBeUndefined();
  });
});
