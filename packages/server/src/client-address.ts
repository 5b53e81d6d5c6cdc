/**
 * Who a request comes from, for limits per client address. Behind a proxy or load balancer every
 * connection comes from the proxy: list its addresses as trusted, and the client is then the
 * nearest address in `X-Forwarded-For` that is not one of them.
 */
import type { IncomingMessage } from 'node:http';

/** `::ffff:10.0.0.1` (IPv4 on an IPv6 socket) → `10.0.0.1`. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** The client's address, seen through `trusted` proxies (exact addresses). */
export function clientAddress(incoming: IncomingMessage, trusted: ReadonlySet<string>): string {
  const peer = normalize(incoming.socket.remoteAddress ?? 'unknown');
  if (trusted.size === 0 || !trusted.has(peer)) return peer;
  const header = incoming.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => normalize(h.trim())).filter(Boolean);
  // Right to left: each trusted proxy appended the address it saw; the first one not trusted is the client.
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!;
  return hops[0] ?? peer;
}
