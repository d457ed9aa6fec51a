// The little network the captures are taken on: one client, its gateway and
// a few servers, all in documentation ranges (RFC 5737, RFC 3849).

import { mac, ip4, ip6 } from './addr.mjs';
import { ethernet, ETH_P } from './layers.mjs';

export const client = { mac: mac('02:00:00:00:00:0a'), ip: ip4('192.0.2.10'), ip6: ip6('2001:db8::10') };
export const gateway = { mac: mac('02:00:00:00:00:01'), ip: ip4('192.0.2.1'), ip6: ip6('2001:db8::1') };
export const web = { ip: ip4('198.51.100.20'), ip6: ip6('2001:db8:1::20') };
export const resolver = { ip: ip4('198.51.100.53'), ip6: ip6('2001:db8:1::53') };
export const peer = { ip: ip4('203.0.113.7'), ip6: ip6('2001:db8:2::7') };
export const BROADCAST = mac('ff:ff:ff:ff:ff:ff');

const typeOf = (l3) => (l3[0] >> 4 === 6 ? ETH_P.IPV6 : ETH_P.IPV4);

/** Frame from the client towards the gateway; type follows the IP version. */
export function fromClient(l3, tags = [], opts = {}) {
  return ethernet({ dst: gateway.mac, src: client.mac, tags, type: typeOf(l3) }, l3, opts);
}

/** Frame from the gateway to the client. */
export function toClient(l3, tags = [], opts = {}) {
  return ethernet({ dst: client.mac, src: gateway.mac, tags, type: typeOf(l3) }, l3, opts);
}

export const dot1q = (vid, pcp = 0) => ({ tpid: ETH_P.VLAN, vid, pcp });
export const dot1ad = (vid) => ({ tpid: ETH_P.QINQ, vid });
