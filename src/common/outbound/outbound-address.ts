import ipaddr from 'ipaddr.js';
import { unbracket } from '@/config/allowed-hosts';

export interface AddressVerdict {
  /** The address as ipaddr.js reads it (an IPv4-mapped IPv6 address becomes IPv4). */
  address: string;
  /** ipaddr.js's range name: `unicast`, `loopback`, `private`, `linkLocal`, … */
  range: string;
  allowed: boolean;
}

/**
 * Whether an outbound request may connect to `address`: only ipaddr.js's
 * `unicast` range is public. Everything else — loopback, private, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, 0.0.0.0/8, unique
 * local, multicast, reserved, and IPv6 forms that embed an IPv4 address
 * (NAT64, 6to4, Teredo) — is refused. `process()` unwraps ::ffff:a.b.c.d
 * first, so a mapped loopback address is judged as loopback.
 */
export function classifyAddress(address: string): AddressVerdict {
  const bare = unbracket(address);
  if (!ipaddr.isValid(bare)) return { address, range: 'invalid', allowed: false };
  const parsed = ipaddr.process(bare);
  const range = parsed.range();
  return { address: parsed.toString(), range, allowed: range === 'unicast' };
}
