// The documented differences between our one-line summaries and `tcpdump -n` (4.99.x). Each rule says
// whether a (ours, tcpdump) pair differs only in that known way; everything else must match exactly.

export interface KnownDifference {
  id: string;
  why: string;
  /** True when the two lines differ only as this rule describes. */
  applies(ours: string, theirs: string, linkType: number): boolean;
}

/** Our VLAN text ("vlan 10, p 0, ethertype IPv4 (0x0800), ") is what tcpdump prints only with -e. */
export function stripVlanText(line: string): string {
  return line.replace(/vlan \d+, p \d+, (DEI, )?(ethertype [^,]*\(0x[0-9a-f]{4}\), )?/g, '');
}

/** tcpdump's LINUX_SLL2 prefix: interface name and direction ("lo    In  "). */
export function stripSll2Prefix(line: string): string {
  return line.replace(/^\S+\s+(In|Out|B|M|P)\s+/, '');
}

const TCP_TAIL = /, length (\d+)$/;

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: 'tcp-application',
    why: 'tcpdump decodes TCP payloads (HTTP, DNS, SSH, NFS, PPTP, ...) after ", length N"; we stop at the transport.',
    applies: (ours, theirs) => TCP_TAIL.test(ours) && theirs.startsWith(ours) && /^[: ]/.test(theirs.slice(ours.length)),
  },
  {
    id: 'udp-application',
    why: 'tcpdump decodes UDP payloads (DNS, NTP, DHCP, ...) instead of "UDP, length N"; the length still appears in its text.',
    applies: (ours, theirs) => {
      const m = /^(.*: )UDP, length (\d+)$/.exec(ours);
      if (m === null || !theirs.startsWith(m[1])) return false;
      const rest = theirs.slice(m[1].length);
      return !rest.startsWith('UDP') && new RegExp('\\b' + m[2] + '\\b').test(rest);
    },
  },
  {
    id: 'ppp-in-gre',
    why: 'PPP carried by enhanced GRE (PPTP) is not decoded; we print "gre-proto-0x880b" where tcpdump prints LCP/IPCP.',
    applies: (ours, theirs) => ours.endsWith('gre-proto-0x880b') && theirs.startsWith(ours.slice(0, -'gre-proto-0x880b'.length)),
  },
  {
    id: 'unsupported-ip-protocol',
    why: 'IP protocols outside the dissector (IGMP, OSPF, PIM, VRRP, SCTP, ...) print as " ip-proto-N LEN".',
    applies: (ours, theirs) => {
      const i = ours.search(/ ip-proto-\d+ \d+$/);
      return i > 0 && theirs.startsWith(ours.slice(0, i).trimEnd());
    },
  },
  {
    id: 'non-ip-link-payload',
    why: '802.3/LLC payloads (STP, CDP, ...) and ethertypes outside the dissector (Loopback, LLDP, ...) are not decoded.',
    applies: ours => /(^|, )802\.3, length \d+: /.test(ours) || /ethertype [^,]+ \(0x[0-9a-f]{4}\), length \d+: $/.test(ours),
  },
  {
    id: 'icmp6-details',
    why: 'ICMPv6 router renumbering, node information and RPL bodies are named but not decoded.',
    applies: (ours, theirs) => {
      const m = /^(.*ICMP6, (router renumbering|node information (query|reply)|RPL)), length \d+$/.exec(ours);
      return m !== null && theirs.startsWith(m[1].replace(/, node information.*$/, ', '));
    },
  },
];

/** The first rule explaining a difference, or undefined when the lines must be equal but are not. */
export function explain(ours: string, theirs: string, linkType: number): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find(k => k.applies(ours, theirs, linkType));
}

/** Brings both sides to the comparable form: VLAN text off ours, the SLL2 interface prefix off tcpdump's. */
export function normalise(ours: string, theirs: string, linkType: number): [string, string] {
  return [stripVlanText(ours), linkType === 276 ? stripSll2Prefix(theirs) : theirs];
}
