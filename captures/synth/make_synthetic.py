#!/usr/bin/env python3
"""make_synthetic.py - write the SYNTHETIC captures in captures/.

Some ways a handshake dies cannot be produced by a real stack on loopback: a
path that loses big segments, a server that never acknowledges, a router
answering with ICMP, VLAN double tagging, tunnels, a path that reorders and
duplicates segments. This script builds those captures. Only the TCP/IP
behaviour is synthetic: every TLS byte is taken from a real capture in
captures/ (read with the small pcap reader below), so the TLS content is what
a real stack sent. Where a scenario changes TLS bytes (the padded ClientHello
of the path-MTU capture) it says so and recomputes every length.

Usage:
    python3 captures/synth/make_synthetic.py              # write every capture and its rows
    python3 captures/synth/make_synthetic.py --rows-only  # only re-append the rows
    python3 captures/synth/make_synthetic.py --list       # scenario names

Every file is named synthetic-<what>.pcap and every expected.tsv row's notes
start with "SYNTHETIC:". The rows are appended to captures/expected.tsv after
removing any earlier synthetic-* rows; make_captures.sh rewrites expected.tsv
from its own `expect` lines and drops them, so run this script (or
--rows-only) after it.

Output is deterministic: fixed addresses, ISNs, IP IDs and timestamps, so
re-running it rewrites identical bytes.

Python 3 standard library only (struct); no scapy.
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.path.dirname(HERE)

LINKTYPE_ETHERNET = 1
ETH_IPV4, ETH_IPV6, ETH_VLAN, ETH_QINQ = 0x0800, 0x86DD, 0x8100, 0x88A8
PROTO_ICMP, PROTO_TCP, PROTO_IPV6, PROTO_GRE = 1, 6, 41, 47
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10

# Documentation addresses (RFC 5737, RFC 3849): nothing here is a real host.
CLIENT_V4, SERVER_V4, ROUTER_V4 = "192.0.2.10", "198.51.100.20", "203.0.113.1"
CLIENT_V6, SERVER_V6 = "2001:db8:1::10", "2001:db8:2::20"
CLIENT_MAC, SERVER_MAC = bytes.fromhex("020000000a01"), bytes.fromhex("020000001401")
CLIENT_PORT, SERVER_PORT = 40001, 4433  # as in the real captures

US = 1
MS = 1000 * US
S = 1000 * MS


# ---------------------------------------------------------------------------
# Classic pcap (https://www.tcpdump.org/manpages/pcap-savefile.5.html)
# ---------------------------------------------------------------------------

def read_pcap(path):
    """Returns (linktype, [(timestamp_us, frame_bytes), ...]) of a classic pcap."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise ValueError(path + ": not a classic pcap file")
    nanos = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(endian + "I", data[20:24])[0] & 0x0FFFFFFF
    frames, off = [], 24
    while off + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        off += 16
        ts = sec * S + (frac // 1000 if nanos else frac)
        frames.append((ts, data[off:off + caplen]))
        off += caplen
    return linktype, frames


def write_pcap(name, packets, linktype=LINKTYPE_ETHERNET):
    """Writes [(timestamp_us, frame), ...] as a classic little-endian pcap."""
    path = os.path.join(CAPTURES, name)
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, linktype))
        for ts, frame in sorted(packets, key=lambda p: p[0]):
            f.write(struct.pack("<IIII", ts // S, ts % S, len(frame), len(frame)))
            f.write(frame)
    print("wrote", os.path.relpath(path, CAPTURES), "(%d packets)" % len(packets))


# ---------------------------------------------------------------------------
# Headers: Ethernet, IPv4 (RFC 791), IPv6 (RFC 8200), TCP (RFC 9293),
# ICMP (RFC 792), GRE (RFC 2784)
# ---------------------------------------------------------------------------

def checksum(data):
    """The Internet checksum (RFC 1071)."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ip_bytes(addr):
    if ":" in addr:
        head, _, tail = addr.partition("::")
        h = [int(x, 16) for x in head.split(":") if x]
        t = [int(x, 16) for x in tail.split(":") if x]
        return struct.pack("!8H", *(h + [0] * (8 - len(h) - len(t)) + t))
    return bytes(int(x) for x in addr.split("."))


def ethernet(payload, ethertype, src_mac, dst_mac, vlans=()):
    """An Ethernet II frame; vlans = [(tpid, tci), ...], outermost first (IEEE 802.1Q/802.1ad)."""
    tags = b"".join(struct.pack("!HH", tpid, tci) for tpid, tci in vlans)
    # A tag's TPID sits where the EtherType would be; the real EtherType follows the tags.
    return dst_mac + src_mac + tags + struct.pack("!H", ethertype) + payload


def ipv4(src, dst, proto, payload, ident, ttl=64, df=True):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0x4000 if df else 0,
                         ttl, proto, 0, ip_bytes(src), ip_bytes(dst))
    return header[:10] + struct.pack("!H", checksum(header)) + header[12:] + payload


def ipv6(src, dst, next_header, payload, hop_limit=64):
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), next_header, hop_limit,
                       ip_bytes(src), ip_bytes(dst)) + payload


def tcp(src, dst, sport, dport, seq, ack, flags, window, options=b"", payload=b""):
    """A TCP segment with its checksum over the IPv4 or IPv6 pseudo-header."""
    assert len(options) % 4 == 0
    header = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                         (5 + len(options) // 4) << 4, flags, window, 0, 0) + options
    segment = header + payload
    if ":" in src:
        pseudo = ip_bytes(src) + ip_bytes(dst) + struct.pack("!IxxxB", len(segment), PROTO_TCP)
    else:
        pseudo = ip_bytes(src) + ip_bytes(dst) + struct.pack("!xBH", PROTO_TCP, len(segment))
    return segment[:16] + struct.pack("!H", checksum(pseudo + segment)) + segment[18:]


def icmp_unreachable(code, quoted):
    """ICMP destination unreachable (type 3) quoting an IP header + 8 bytes (RFC 792)."""
    body = struct.pack("!BBHI", 3, code, 0, 0) + quoted
    return body[:2] + struct.pack("!H", checksum(body)) + body[4:]


def gre(payload, ethertype):
    """GRE version 0 without checksum, key or sequence number (RFC 2784)."""
    return struct.pack("!HH", 0, ethertype) + payload


# TCP options as a Linux stack sends them in a SYN, without timestamps so a
# full-size segment carries the whole MSS (1460 bytes): MSS, SACK permitted,
# window scale (RFC 9293 3.2, RFC 2018, RFC 7323).
SYN_OPTIONS = struct.pack("!BBH", 2, 4, 1460) + b"\x01\x01\x04\x02" + b"\x01\x03\x03\x07"


# ---------------------------------------------------------------------------
# Reading the real captures
# ---------------------------------------------------------------------------

class Segment:
    """One TCP segment of a real Ethernet capture, decoded enough to re-address it."""

    def __init__(self, ts, frame):
        self.ts = ts
        ethertype = struct.unpack("!H", frame[12:14])[0]
        ip = frame[14:]
        if ethertype == ETH_IPV4:
            ihl = (ip[0] & 0x0F) * 4
            self.v6 = False
            self.ident = struct.unpack("!H", ip[4:6])[0]
            self.ttl = ip[8]
            self.src, self.dst = ip[12:16], ip[16:20]
            total = struct.unpack("!H", ip[2:4])[0]
            seg = ip[ihl:total]
        elif ethertype == ETH_IPV6:
            self.v6 = True
            self.ident, self.ttl = 0, ip[7]
            self.src, self.dst = ip[8:24], ip[24:40]
            assert ip[6] == PROTO_TCP, "IPv6 extension headers not expected in these captures"
            seg = ip[40:40 + struct.unpack("!H", ip[4:6])[0]]
        else:
            raise ValueError("unexpected EtherType 0x%04x" % ethertype)
        (self.sport, self.dport, self.seq, self.ack, off, self.flags, self.window) = \
            struct.unpack("!HHIIBBH", seg[:16])
        hlen = (off >> 4) * 4
        self.options = seg[20:hlen]
        self.payload = seg[hlen:]

    def from_client(self):
        return self.dport == SERVER_PORT

    def rebuild(self, client_ip, server_ip, **changes):
        """This segment's IP packet with new addresses (and fields), checksums recomputed."""
        f = dict(seq=self.seq, ack=self.ack, flags=self.flags, window=self.window,
                 options=self.options, payload=self.payload, ident=self.ident)
        f.update(changes)
        src, dst = (client_ip, server_ip) if self.from_client() else (server_ip, client_ip)
        seg = tcp(src, dst, self.sport, self.dport, f["seq"], f["ack"], f["flags"], f["window"],
                  f["options"], f["payload"])
        if ":" in src:
            return ipv6(src, dst, PROTO_TCP, seg, self.ttl)
        return ipv4(src, dst, PROTO_TCP, seg, f["ident"], self.ttl)


def real_segments(name):
    linktype, frames = read_pcap(os.path.join(CAPTURES, name))
    assert linktype == LINKTYPE_ETHERNET, name + ": expected an Ethernet capture"
    return [Segment(ts, frame) for ts, frame in frames]


def stream(segments, from_client):
    """The bytes one side sent, in sequence order, each byte once."""
    data = {}
    for s in segments:
        if s.from_client() == from_client and s.payload:
            for i, b in enumerate(s.payload):
                data.setdefault(s.seq + i, b)
    if not data:
        return b""
    start = min(data)
    return bytes(data[start + i] for i in range(len(data)))


def tls_records(data):
    """Splits a TLS byte stream into whole records (RFC 8446 5.1)."""
    out, off = [], 0
    while off + 5 <= len(data):
        length = struct.unpack("!H", data[off + 3:off + 5])[0]
        out.append(data[off:off + 5 + length])
        off += 5 + length
    return out


def client_hello_of(name):
    record = tls_records(stream(real_segments(name), True))[0]
    assert record[0] == 22 and record[5] == 1, name + ": first client record is no ClientHello"
    return record


def pad_client_hello(record, total):
    """Returns the ClientHello record grown to `total` bytes with a padding
    extension (RFC 7685), every length field recomputed: record (RFC 8446
    5.1), handshake (4), extensions block (4.1.2). The padding goes last, or
    just before pre_shared_key, which must stay last (RFC 8446 4.2.11)."""
    body = record[9:]
    off = 2 + 32
    off += 1 + body[off]                                             # legacy_session_id
    off += 2 + struct.unpack("!H", body[off:off + 2])[0]             # cipher_suites
    off += 1 + body[off]                                             # legacy_compression_methods
    ext_len = struct.unpack("!H", body[off:off + 2])[0]
    exts, rest = body[off + 2:off + 2 + ext_len], body[off + 2 + ext_len:]
    assert rest == b"", "bytes after the extensions"
    items, e = [], 0
    while e < len(exts):
        etype, elen = struct.unpack("!HH", exts[e:e + 4])
        items.append((etype, exts[e:e + 4 + elen]))
        e += 4 + elen
    assert all(t != 21 for t, _ in items), "ClientHello already padded"
    pad_len = total - len(record) - 4
    assert pad_len >= 0, "ClientHello already larger than %d bytes" % total
    padding = struct.pack("!HH", 21, pad_len) + b"\0" * pad_len
    at = len(items) - 1 if items and items[-1][0] == 41 else len(items)
    items.insert(at, (21, padding))
    new_exts = b"".join(x for _, x in items)
    new_body = body[:off] + struct.pack("!H", len(new_exts)) + new_exts
    handshake = struct.pack("!B", 1) + struct.pack("!I", len(new_body))[1:] + new_body
    out = record[:3] + struct.pack("!H", len(handshake)) + handshake
    assert len(out) == total
    return out


# ---------------------------------------------------------------------------
# Synthetic TCP conversations
# ---------------------------------------------------------------------------

class Conversation:
    """One TCP connection between CLIENT_V4:CLIENT_PORT and SERVER_V4:SERVER_PORT
    on Ethernet, tracking both sides' next sequence number and IP ID."""

    def __init__(self, start_us, client_isn, server_isn):
        self.t = start_us
        self.packets = []
        self.next = {"c": client_isn, "s": server_isn}
        self.isn = {"c": client_isn, "s": server_isn}
        self.ident = {"c": 0x3A10, "s": 0x5B20, "r": 0x7100}   # IPv4 IDs: client, server, router

    def emit(self, at_us, side, flags, payload=b"", seq=None, ack=None, window=None, options=b""):
        """Adds one segment from side "c" or "s" at time at_us. seq defaults to
        the side's next sequence number (and advances it); ack defaults to the
        other side's next sequence number."""
        other = "s" if side == "c" else "c"
        advance = seq is None
        if seq is None:
            seq = self.next[side]
        if ack is None:
            ack = self.next[other] if flags & ACK else 0
        if window is None:
            window = 64240 if flags & SYN else 502  # scaled by 2^7 after the handshake
        src, dst = (CLIENT_V4, SERVER_V4) if side == "c" else (SERVER_V4, CLIENT_V4)
        sport, dport = (CLIENT_PORT, SERVER_PORT) if side == "c" else (SERVER_PORT, CLIENT_PORT)
        seg = tcp(src, dst, sport, dport, seq, ack, flags, window, options, payload)
        self.ident[side] += 1
        packet = ipv4(src, dst, PROTO_TCP, seg, self.ident[side])
        smac, dmac = (CLIENT_MAC, SERVER_MAC) if side == "c" else (SERVER_MAC, CLIENT_MAC)
        self.packets.append((at_us, ethernet(packet, ETH_IPV4, smac, dmac)))
        if advance:
            self.next[side] = seq + len(payload) + (1 if flags & (SYN | FIN) else 0)
        return packet

    def handshake(self, rtt_us):
        """SYN, SYN/ACK, ACK as seen at the client; returns the time of the ACK."""
        syn = self.emit(self.t, "c", SYN, options=SYN_OPTIONS)
        self.emit(self.t + rtt_us, "s", SYN | ACK, options=SYN_OPTIONS)
        self.emit(self.t + rtt_us + 60 * US, "c", ACK)
        return syn, self.t + rtt_us + 60 * US


def backoff(first_rto_us, count):
    """Offsets of `count` retransmissions after the timer starts: RTO, then
    doubling (RFC 6298 5.5)."""
    out, at, rto = [], 0, first_rto_us
    for _ in range(count):
        at += rto
        out.append(at)
        rto *= 2
    return out


# The fully synthetic conversations start at the time of the capture their
# ClientHello comes from, so certificate dates and packet times stay consistent.
def start_of(name):
    return real_segments(name)[0].ts


def scn_pmtu_black_hole():
    """A 2920-byte ClientHello in two full-size segments; only the first is
    ever acknowledged; the second is retransmitted 5 times; the client resets."""
    hello = pad_client_hello(client_hello_of("tls13-success.pcap"), 2 * 1460)
    c = Conversation(start_of("tls13-success.pcap"), 0x6C0FFEE1, 0x1D5EA5E0)
    rtt = 48 * MS
    _, t = c.handshake(rtt)
    first, second = hello[:1460], hello[1460:]
    base = c.next["c"]
    c.emit(t + 150 * US, "c", ACK, first)
    c.emit(t + 160 * US, "c", PSH | ACK, second)
    # The server acknowledges the first segment only: the second never reaches it.
    acked_at = t + 150 * US + rtt
    c.emit(acked_at, "s", ACK, ack=base + 1460)
    # The retransmission timer restarts at the ACK; RTO 480 ms, doubling.
    for off in backoff(480 * MS, 5):
        c.emit(acked_at + off, "c", PSH | ACK, second, seq=base + 1460)
    # The client gives up after its 20 s handshake timeout and resets.
    c.emit(c.t + 20 * S, "c", RST | ACK, window=0)
    write_pcap("synthetic-pmtu-black-hole.pcap", c.packets)


def scn_client_hello_unacknowledged():
    """A one-segment ClientHello, never acknowledged, retransmitted 5 times; client resets."""
    hello = client_hello_of("tls12-success.pcap")
    c = Conversation(start_of("tls12-success.pcap"), 0x2B7E1516, 0x28AED2A6)
    rtt = 32 * MS
    _, t = c.handshake(rtt)
    sent_at = t + 120 * US
    seq = c.next["c"]
    c.emit(sent_at, "c", PSH | ACK, hello)
    for off in backoff(430 * MS, 5):
        c.emit(sent_at + off, "c", PSH | ACK, hello, seq=seq)
    c.emit(c.t + 20 * S, "c", RST | ACK, window=0)
    write_pcap("synthetic-client-hello-unacknowledged.pcap", c.packets)


def scn_syn_icmp_unreachable():
    """SYN answered twice by a router's ICMP host unreachable; no SYN/ACK."""
    c = Conversation(start_of("port-closed.pcap"), 0x0BADC0DE, 0)
    # The client (a BSD-style stack) treats host unreachable during connect as
    # a soft error and retransmits its SYN after its 1 s initial RTO (RFC 6298 2.1).
    for at in (c.t, c.t + 1 * S):
        syn = c.emit(at, "c", SYN, seq=c.isn["c"], options=SYN_OPTIONS)
        # The router quotes the SYN's IP header as it arrived (3 hops: TTL 61,
        # header checksum updated) and the first 8 bytes of TCP (RFC 792).
        arrived = bytearray(syn[:20])
        arrived[8] = syn[8] - 3
        arrived[10:12] = b"\0\0"
        arrived[10:12] = struct.pack("!H", checksum(bytes(arrived)))
        quoted = bytes(arrived) + syn[20:28]
        c.ident["r"] += 1
        packet = ipv4(ROUTER_V4, CLIENT_V4, PROTO_ICMP, icmp_unreachable(1, quoted), c.ident["r"],
                      ttl=253, df=False)
        c.packets.append((at + 21 * MS, ethernet(packet, ETH_IPV4, SERVER_MAC, CLIENT_MAC)))
    # The client's connect timeout ends it: nothing more is sent.
    write_pcap("synthetic-syn-icmp-unreachable.pcap", c.packets)


def scn_client_sent_nothing():
    """TCP opens; 20 ms later the client closes without sending a byte."""
    c = Conversation(start_of("plaintext-client.pcap"), 0x4A09E667, 0x3C6EF372)
    _, t = c.handshake(2 * MS)
    c.emit(t + 20 * MS, "c", FIN | ACK)
    # The server reads EOF and closes at once; the client acknowledges its FIN.
    c.emit(t + 22 * MS, "s", FIN | ACK)
    c.emit(t + 22 * MS + 40 * US, "c", ACK)
    write_pcap("synthetic-client-sent-nothing.pcap", c.packets)


def rewritten(name, client_ip, server_ip):
    """The real capture's packets as IP packets between new addresses."""
    return [(s.ts, s.rebuild(client_ip, server_ip), s.from_client()) for s in real_segments(name)]


def scn_vlan_qinq():
    """tls12-success, every frame double-tagged: 802.1ad S-tag 100, 802.1Q C-tag 200."""
    out = []
    for ts, packet, from_client in rewritten("tls12-success.pcap", CLIENT_V4, SERVER_V4):
        smac, dmac = (CLIENT_MAC, SERVER_MAC) if from_client else (SERVER_MAC, CLIENT_MAC)
        out.append((ts, ethernet(packet, ETH_IPV4, smac, dmac, vlans=[(ETH_QINQ, 100), (ETH_VLAN, 200)])))
    write_pcap("synthetic-vlan-qinq.pcap", out)


def tunnelled(name, inner_client, inner_server, proto, wrap):
    """Each packet of a real capture inside an outer IPv4 packet between two
    tunnel endpoints (Ethernet outside)."""
    out, ident = [], {True: 0x1100, False: 0x2200}
    a, b = "192.0.2.1", "192.0.2.2"   # tunnel endpoints on the client and server sides
    for ts, packet, from_client in rewritten(name, inner_client, inner_server):
        ident[from_client] += 1
        src, dst = (a, b) if from_client else (b, a)
        outer = ipv4(src, dst, proto, wrap(packet), ident[from_client])
        smac, dmac = (CLIENT_MAC, SERVER_MAC) if from_client else (SERVER_MAC, CLIENT_MAC)
        out.append((ts, ethernet(outer, ETH_IPV4, smac, dmac)))
    return out


def scn_gre_tunnel():
    """tls13-success inside GRE (IPv4 over GRE over IPv4)."""
    packets = tunnelled("tls13-success.pcap", "10.0.0.10", "10.0.1.20", PROTO_GRE,
                        lambda p: gre(p, ETH_IPV4))
    write_pcap("synthetic-gre-tunnel.pcap", packets)


def scn_6in4():
    """tls13-ipv6-success inside 6in4 (IPv6 in IPv4, protocol 41, RFC 4213 3.5)."""
    packets = tunnelled("tls13-ipv6-success.pcap", CLIENT_V6, SERVER_V6, PROTO_IPV6, lambda p: p)
    write_pcap("synthetic-6in4.pcap", packets)


def tcp_ts_option(tsval, tsecr):
    return b"\x01\x01\x08\x0a" + struct.pack("!II", tsval, tsecr)


def sack_option(blocks):
    """SACK blocks (RFC 2018 3), NOP-padded."""
    body = b"".join(struct.pack("!II", l & 0xFFFFFFFF, r & 0xFFFFFFFF) for l, r in blocks)
    return b"\x01\x01" + struct.pack("!BB", 5, 2 + len(body)) + body


def scn_reordered_retransmitted():
    """tls13-success with its server flight cut into 300-byte segments that
    arrive out of order, one twice, and one retransmission overlapping bytes
    already received. The client answers as a SACK stack does."""
    segs = real_segments("tls13-success.pcap")
    flight = [s for s in segs if not s.from_client() and s.payload][:2]  # ServerHello .. Finished
    flight_seq = flight[0].seq
    flight_bytes = stream(flight, False)
    assert flight[1].seq == flight_seq + len(flight[0].payload)
    # The client's ACKs of the original flight are replaced by the ones below.
    first_ack = next(s for s in segs if s.from_client() and s.ts > flight[0].ts)
    second_ack = next(s for s in segs if s.from_client() and s.ts > flight[1].ts)
    next_client = next(s for s in segs if s.from_client() and s.ts > second_ack.ts)
    server_ts = flight[0].options[4:12]    # TSval/TSecr of the real server segment
    s_tsval, s_tsecr = struct.unpack("!II", server_ts)
    c_tsval = struct.unpack("!I", first_ack.options[4:8])[0]

    n = len(flight_bytes)
    cut = list(range(0, n, 300)) + [n]
    piece = [(cut[i], cut[i + 1]) for i in range(len(cut) - 1)]   # 8 pieces of the 2277 bytes
    assert len(piece) == 8
    # Arrival order at the client, as (start, end) offsets into the flight.
    arrivals = [piece[0], piece[2], piece[1], piece[4], piece[3],
                piece[2],                       # duplicate of an earlier segment
                piece[5], piece[7],             # piece 6 is late...
                (piece[5][0] + 150, piece[6][1])]  # ...and comes in a retransmission overlapping piece 5
    out = []
    t0, t_end = flight[0].ts, next_client.ts
    step = (t_end - t0) // (2 * len(arrivals) + 1)
    t = t0
    have = set()
    ident = flight[0].ident
    client_ident = first_ack.ident
    for start, end in arrivals:
        ident += 1
        last = end == n
        pkt = flight[0].rebuild(CLIENT_V4, SERVER_V4, seq=flight_seq + start, payload=flight_bytes[start:end],
                                flags=ACK | (PSH if last else 0), options=tcp_ts_option(s_tsval, s_tsecr),
                                ident=ident)
        out.append((t, pkt, False))
        t += step
        dup = all(i in have for i in range(start, end))
        have.update(range(start, end))
        rcv = 0
        while rcv in have:
            rcv += 1
        # Blocks above the cumulative ACK point, most recent first (RFC 2018 4);
        # a duplicate is reported as a D-SACK block first (RFC 2883).
        blocks, i = [], rcv
        while i < n:
            if i in have:
                j = i
                while j in have:
                    j += 1
                blocks.append((flight_seq + i, flight_seq + j))
                i = j
            else:
                i += 1
        if dup:
            blocks.insert(0, (flight_seq + start, flight_seq + end))
        options = tcp_ts_option(c_tsval, s_tsval) + (sack_option(blocks[:3]) if blocks else b"")
        client_ident += 1
        ack = first_ack.rebuild(CLIENT_V4, SERVER_V4, ack=flight_seq + rcv, options=options, ident=client_ident)
        out.append((t, ack, True))
        t += step
    assert len(have) == n
    replaced = {id(s) for s in flight + [first_ack, second_ack]}
    for s in segs:
        if id(s) not in replaced:
            out.append((s.ts, s.rebuild(CLIENT_V4, SERVER_V4), s.from_client()))
    frames = []
    for ts, packet, from_client in out:
        smac, dmac = (CLIENT_MAC, SERVER_MAC) if from_client else (SERVER_MAC, CLIENT_MAC)
        frames.append((ts, ethernet(packet, ETH_IPV4, smac, dmac)))
    write_pcap("synthetic-reordered-retransmitted.pcap", frames)


# ---------------------------------------------------------------------------
# Expected verdicts (same columns as the `expect` lines of make_captures.sh)
# ---------------------------------------------------------------------------

STACK = "synthetic TCP/IP (make_synthetic.py)"
ROWS = [
    ("synthetic-pmtu-black-hole.pcap", "40001", "failed", "after ClientHello", "-", "-", "-",
     "RST from client", "path_mtu_black_hole", STACK + "; ClientHello bytes from openssl 3.0 s_client",
     "SYNTHETIC: tls13-success's ClientHello padded (RFC 7685) to 2920 bytes, sent as two 1460-byte "
     "segments; the server ACKs the first only; the second is retransmitted 5 times with doubling "
     "RTO (0.48 s .. 7.7 s, about 15 s); client RST after 20 s"),
    ("synthetic-client-hello-unacknowledged.pcap", "40001", "failed", "after ClientHello", "-", "-", "-",
     "RST from client", "client_hello_unacknowledged", STACK + "; ClientHello bytes from openssl 3.0 s_client",
     "SYNTHETIC: tls12-success's 215-byte ClientHello in one segment, never ACKed; retransmitted 5 "
     "times with doubling RTO (0.43 s .. 6.9 s); client RST after 20 s"),
    ("synthetic-syn-icmp-unreachable.pcap", "40001", "failed", "tcp connect", "-", "-", "-",
     "silence", "syn_unanswered", STACK,
     "SYNTHETIC: SYN answered by a router's ICMP host unreachable (type 3 code 1, quoting the SYN's "
     "IP header + 8 TCP bytes); SYN retransmitted after 1 s, ICMP again; no SYN/ACK; client gives up"),
    ("synthetic-client-sent-nothing.pcap", "40001", "failed", "before ClientHello", "-", "-", "-",
     "FIN from client", "client_sent_nothing", STACK,
     "SYNTHETIC: SYN, SYN/ACK, ACK; the client sends FIN 20 ms later without a byte of data (what a "
     "TLS library that refuses every version does, FAILURES.md 1); server FIN"),
    ("synthetic-vlan-qinq.pcap", "40001", "succeeded", "-", "-", "-", "-", "FIN", "success",
     STACK + "; TLS from openssl 3.0 s_server + s_client",
     "SYNTHETIC: tls12-success re-addressed and double-tagged (802.1ad S-tag 0x88a8 VID 100, "
     "802.1Q C-tag VID 200): link-layer coverage"),
    ("synthetic-reordered-retransmitted.pcap", "40001", "succeeded", "-", "-", "-", "-", "FIN", "success",
     STACK + "; TLS from openssl 3.0 s_server + s_client",
     "SYNTHETIC: tls13-success with the server flight in 300-byte segments delivered out of order, "
     "one twice (D-SACK), one retransmission overlapping received bytes; client SACKs"),
    ("synthetic-gre-tunnel.pcap", "40001", "succeeded", "-", "-", "-", "-", "FIN", "success",
     STACK + "; TLS from openssl 3.0 s_server + s_client",
     "SYNTHETIC: tls13-success inside GRE (RFC 2784) between 192.0.2.1 and 192.0.2.2 (underlay MTU "
     "above 1524 assumed): tunnel decapsulation coverage"),
    ("synthetic-6in4.pcap", "40001", "succeeded", "-", "-", "-", "-", "FIN", "success",
     STACK + "; TLS from openssl 3.0 s_server + s_client",
     "SYNTHETIC: tls13-ipv6-success inside 6in4 (IPv4 protocol 41, RFC 4213) between 192.0.2.1 and "
     "192.0.2.2: tunnel decapsulation coverage"),
]


def write_rows():
    """Appends ROWS to expected.tsv after dropping earlier synthetic-* rows;
    every other line is kept as it is."""
    path = os.path.join(CAPTURES, "expected.tsv")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    kept = [l for l in lines if not l.startswith("synthetic-")]
    for row in ROWS:
        assert len(row) == 11 and row[10].startswith("SYNTHETIC: ") and all("\t" not in c for c in row)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(kept + ["\t".join(r) for r in ROWS]) + "\n")
    print("appended %d rows to expected.tsv" % len(ROWS))


SCENARIOS = {
    "pmtu-black-hole": scn_pmtu_black_hole,
    "client-hello-unacknowledged": scn_client_hello_unacknowledged,
    "syn-icmp-unreachable": scn_syn_icmp_unreachable,
    "client-sent-nothing": scn_client_sent_nothing,
    "vlan-qinq": scn_vlan_qinq,
    "reordered-retransmitted": scn_reordered_retransmitted,
    "gre-tunnel": scn_gre_tunnel,
    "6in4": scn_6in4,
}


def main(argv):
    if argv[1:] == ["--list"]:
        print("\n".join(SCENARIOS))
        return 0
    if argv[1:] != ["--rows-only"]:
        if argv[1:]:
            print(__doc__.split("\n\n")[2], file=sys.stderr)
            return 2
        for run in SCENARIOS.values():
            run()
    write_rows()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
