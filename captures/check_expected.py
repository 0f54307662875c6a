#!/usr/bin/env python3
"""check_expected.py - compare expected.tsv with what tshark sees in the captures.

Optional helper for whoever re-makes the captures (make_captures.sh does not
need tshark). For every row of expected.tsv it finds the connection by its
client port (or the only connection when the port is "*") and checks the
facts a packet view can settle on its own:

  * tcp_end: the first packet of the connection carrying FIN or RST, and who
    sent it; "silence" when there is none. Expected values may list
    alternatives separated by "|", and a bare "FIN" accepts a FIN from
    either side (used where both peers close at once and the order is a
    race).
  * alert_sender / alert_code / alert_encrypted: the ending alert. That is
    the first fatal alert of the connection, or else its first alert. An
    alert record is encrypted when its length is not 2. The code is read
    through the <capture>.keylog beside the capture when there is one; an
    encrypted alert without a key log has its code left unchecked.
  * outcome "succeeded": no fatal alert and no RST before the first FIN.
  * the capture itself: no segment missing (tshark's lost-segment and
    ACKed-unseen-segment analysis), which would mean tcpdump dropped packets.

Usage: python3 captures/check_expected.py [expected.tsv]
Exit status 0 when every row matches, 1 otherwise.
"""
import csv
import json
import os
import subprocess
import sys

SERVER_PORT = 4433


def records_of(tls_layer):
    """Yields every tls.record dict of one frame's tls layer(s)."""
    layers = tls_layer if isinstance(tls_layer, list) else [tls_layer]
    for layer in layers:
        if not isinstance(layer, dict):
            continue
        recs = layer.get("tls.record", [])
        for rec in recs if isinstance(recs, list) else [recs]:
            if isinstance(rec, dict):
                yield rec


def connections(pcap):
    """Returns {client_port: [event, ...]} in packet order.

    An event is ("fin"|"rst", sender) or ("alert", sender, level, code, length).
    """
    args = ["tshark", "-r", pcap, "-T", "json"]
    keylog = pcap[: -len(".pcap")] + ".keylog"
    if os.path.exists(keylog):
        args += ["-o", "tls.keylog_file:" + keylog]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    conns = {}
    for pkt in json.loads(out):
        layers = pkt["_source"]["layers"]
        tcp = layers.get("tcp")
        if not tcp:
            continue
        # tcp.analysis -> tcp.analysis.flags -> _ws.expert holds the markers;
        # searching the serialised subtree avoids depending on that nesting.
        analysis = json.dumps(tcp.get("tcp.analysis", {}))
        if "tcp.analysis.lost_segment" in analysis or "tcp.analysis.ack_lost_segment" in analysis:
            conns.setdefault("lost", 0)
            conns["lost"] += 1
        sport, dport = int(tcp["tcp.srcport"]), int(tcp["tcp.dstport"])
        sender = "server" if sport == SERVER_PORT else "client"
        cport = dport if sender == "server" else sport
        events = conns.setdefault(cport, [])
        for rec in records_of(layers.get("tls", [])):
            alert = rec.get("tls.alert_message")
            ctype = rec.get("tls.record.content_type")
            if ctype == "21":
                level = code = None
                if isinstance(alert, dict):
                    level = alert.get("tls.alert_message.level")
                    code = alert.get("tls.alert_message.desc")
                events.append(("alert", sender, level, code, int(rec["tls.record.length"])))
        flags = int(tcp["tcp.flags"], 16)
        if flags & 0x04:
            events.append(("rst", sender))
        elif flags & 0x01:
            events.append(("fin", sender))
    return conns


def ending_alert(events):
    alerts = [e for e in events if e[0] == "alert"]
    fatal = [a for a in alerts if a[2] == "2"]
    return fatal[0] if fatal else (alerts[0] if alerts else None)


def tcp_end(events):
    for e in events:
        if e[0] in ("fin", "rst"):
            return ("FIN" if e[0] == "fin" else "RST") + " from " + e[1]
    return "silence"


def check_row(row, conns_cache, here):
    pcap = os.path.join(here, row["file"])
    if pcap not in conns_cache:
        conns_cache[pcap] = connections(pcap)
    conns = dict(conns_cache[pcap])
    if conns.pop("lost", 0):
        return ["the capture misses segments (tcpdump dropped packets?)"]
    if row["client_port"] == "*":
        if len(conns) != 1:
            return ["client_port * but %d connections" % len(conns)]
        events = next(iter(conns.values()))
    else:
        events = conns.get(int(row["client_port"]))
        if events is None:
            return ["no connection from client port " + row["client_port"]]
    problems = []
    end = tcp_end(events)
    allowed = row["tcp_end"].split("|")
    if end not in allowed and not (end.startswith("FIN") and "FIN" in allowed):
        problems.append("tcp_end: expected %r, capture shows %r" % (row["tcp_end"], end))
    alert = ending_alert(events)
    if row["outcome"] == "succeeded":
        if alert and alert[2] == "2":
            problems.append("succeeded but fatal alert %s from %s" % (alert[3], alert[1]))
        if end.startswith("RST"):
            problems.append("succeeded but " + end)
        return problems
    if row["alert_sender"] == "-":
        if alert:
            problems.append("expected no alert, capture shows %s from %s" % (alert[3], alert[1]))
        return problems
    if not alert:
        return problems + ["expected alert %s from %s, capture shows none"
                           % (row["alert_code"], row["alert_sender"])]
    _, sender, _, code, length = alert
    encrypted = "yes" if length != 2 else "no"
    if sender != row["alert_sender"]:
        problems.append("alert sender: expected %s, got %s" % (row["alert_sender"], sender))
    if encrypted != row["alert_encrypted"]:
        problems.append("alert encrypted: expected %s, got %s" % (row["alert_encrypted"], encrypted))
    if code is not None and code != row["alert_code"]:
        problems.append("alert code: expected %s, got %s" % (row["alert_code"], code))
    if code is None and encrypted == "no":
        problems.append("plaintext alert without a code")
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    tsv = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "expected.tsv")
    cache = {}
    failed = 0
    with open(tsv, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        problems = check_row(row, cache, here)
        tag = "ok  " if not problems else "FAIL"
        print("%s %s %s %s" % (tag, row["file"], row["client_port"], "; ".join(problems)))
        failed += bool(problems)
    print("%d passed, %d failed" % (len(rows) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
