// LINKTYPE_* numbers the readers and writers meet, their names for messages, and which of them can be turned
// into the Ethernet frames XDP and TC programs see.

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

const NAMES: Record<number, string> = {
  0: 'NULL (BSD loopback)',
  1: 'ETHERNET',
  6: 'IEEE802_5 (Token Ring)',
  9: 'PPP',
  10: 'FDDI',
  50: 'PPP_HDLC',
  101: 'RAW (raw IP)',
  104: 'C_HDLC',
  105: 'IEEE802_11 (Wi-Fi)',
  108: 'LOOP (OpenBSD loopback)',
  113: 'LINUX_SLL (Linux cooked v1)',
  119: 'PRISM_HEADER',
  127: 'IEEE802_11_RADIOTAP',
  147: 'USER0',
  187: 'BLUETOOTH_HCI_H4',
  189: 'USB_LINUX',
  195: 'IEEE802_15_4_WITHFCS',
  201: 'BLUETOOTH_HCI_H4_WITH_PHDR',
  220: 'USB_LINUX_MMAPPED',
  228: 'IPV4 (raw IPv4)',
  229: 'IPV6 (raw IPv6)',
  249: 'USBPCAP',
  253: 'NETLINK',
  276: 'LINUX_SLL2 (Linux cooked v2)',
};

/** "link type 105 (IEEE802_11 (Wi-Fi))" for messages. */
export function linkTypeLabel(linkType: number): string {
  const name = NAMES[linkType];
  return name === undefined ? `link type ${linkType}` : `link type ${linkType} (${name})`;
}

const REPLAYABLE = new Set([
  LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2,
  LINKTYPE_NULL, LINKTYPE_LOOP,
]);

/** Whether toEthernet can frame packets of this link type. */
export function isReplayableLinkType(linkType: number): boolean {
  return REPLAYABLE.has(linkType);
}

export function unsupportedLinkTypeMessage(linkType: number): string {
  return `${linkTypeLabel(linkType)} is not supported: XDP and TC see Ethernet frames, and only Ethernet, raw IP `
    + '(101, 228, 229), Linux cooked (113, 276) and BSD loopback (0, 108) captures can be turned into them';
}
