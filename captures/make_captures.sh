#!/usr/bin/env bash
# make_captures.sh - re-make the real-stack sample captures in captures/.
#
# Usage (as root):
#   bash captures/make_captures.sh [--new-pki] [scenario...]
#   bash captures/make_captures.sh --list | --expected-only
# No scenario means all of them, in the order of SCENARIOS below. --new-pki
# throws away captures/certs/ and issues a fresh test PKI first. --list
# prints the scenario names; --expected-only only rewrites expected.tsv.
#
# Every scenario runs in its own network namespace (unshare --net) with only
# the loopback interface up, so scenarios never see each other's packets and
# can all use port 4433. Loopback gets an Ethernet-sized MTU (1500) without
# segmentation offload, so handshakes are split into segments as on a LAN.
# Inside: tcpdump starts, then the server, then the client (under timeout),
# then server and tcpdump are stopped by PID. Every wait is bounded. The client's source port is pinned per connection through
# the namespace's ip_local_port_range, so expected.tsv can name each handshake
# by its client port.
#
# expected.tsv is rewritten on every run from the `expect` lines beside each
# scenario: they record what the stacks really did when the captures were
# made (checked with tshark), not what a textbook says they should do.
set -euo pipefail
# Command substitutions below return one argument per line ($(srv_cert ...)),
# so split words on newlines and tabs only: paths may contain spaces.
IFS=$'\n\t'

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CERTS=$HERE/certs
PORT=4433
# Where per-scenario server/client logs go; kept after the run for reading.
LOGROOT=${CAPTURE_LOG_DIR:-/tmp/tlsanalyze-captures-logs}

# ---------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------

# ensure_tools installs the Debian packages for any missing command.
ensure_tools() {
  local -A pkg_of=([openssl]=openssl [gnutls-serv]=gnutls-bin [gnutls-cli]=gnutls-bin
                   [python3]=python3 [curl]=curl [tcpdump]=tcpdump [ip]=iproute2
                   [ss]=iproute2 [unshare]=util-linux [timeout]=coreutils
                   [sysctl]=procps [mkfifo]=coreutils [faketime]=faketime)
  local missing=() cmd
  for cmd in "${!pkg_of[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${pkg_of[$cmd]}")
  done
  if ((${#missing[@]})); then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u)
  fi
}

# ---------------------------------------------------------------------------
# Test PKI (committed in captures/certs/ so captures can be re-made with the
# same certificates; all dates are explicit so validity never drifts)
# ---------------------------------------------------------------------------

# write_ca_config DIR writes the openssl ca/req configuration every test PKI
# uses into DIR/ca.cnf, with an empty database; the extension sections are
# v3_root, v3_inter, v3_server and v3_client (SAN from $SAN).
write_ca_config() {
  local w=$1
  cat >"$w/ca.cnf" <<CNF
[ca]
default_ca = ca_sect
[ca_sect]
database = $w/index.txt
new_certs_dir = $w
serial = $w/serial
default_md = sha256
policy = pol
unique_subject = no
copy_extensions = none
[pol]
commonName = supplied
organizationName = optional
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_root]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_inter]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_server]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = \${ENV::SAN}
[v3_client]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = \${ENV::SAN}
CNF
  : >"$w/index.txt"
  echo 1000 >"$w/serial"
}

# issue NAME CN EXTENSIONS SIGNER(self|NAME) NOT_BEFORE NOT_AFTER [SAN] makes
# $CERTS/NAME.{key,pem} with the CA in $PKI_WORK (see write_ca_config). CN
# may instead be a whole subject starting with "/" ("/CN=x/O=y").
issue() {
  local name=$1 cn=$2 ext=$3 signer=$4 start=$5 end=$6 san=${7:-DNS:unused.invalid}
  local subject="/CN=$cn"
  [[ $cn == /* ]] && subject=$cn
  local sign_args=(-cert "$CERTS/$signer.pem" -keyfile "$CERTS/$signer.key")
  [[ $signer == self ]] && sign_args=(-selfsign -keyfile "$CERTS/$name.key")
  openssl genrsa -out "$CERTS/$name.key" 2048 2>/dev/null
  SAN=$san openssl req -new -config "$PKI_WORK/ca.cnf" -key "$CERTS/$name.key" \
    -subj "$subject" -out "$PKI_WORK/$name.csr"
  SAN=$san openssl ca -batch -notext -config "$PKI_WORK/ca.cnf" "${sign_args[@]}" \
    -in "$PKI_WORK/$name.csr" -out "$CERTS/$name.pem" -extensions "$ext" \
    -startdate "$start" -enddate "$end" 2>"$PKI_WORK/ca.err" || { cat "$PKI_WORK/ca.err"; return 1; }
}

# make_pki issues every certificate the scenarios use. Keys are test-only.
make_pki() {
  local w
  w=$(mktemp -d)
  mkdir -p "$CERTS"
  write_ca_config "$w"
  local PKI_WORK=$w

  local srv_san="DNS:server.example.com,DNS:localhost,IP:127.0.0.1,IP:::1"
  issue root        "tlsanalyze Test Root CA"         v3_root   self   20250101000000Z 20550101000000Z
  issue inter       "tlsanalyze Test Intermediate CA" v3_inter  root   20250101000000Z 20550101000000Z
  issue server      "server.example.com"              v3_server inter  20250101000000Z 20450101000000Z "$srv_san"
  issue wildcard    "*.example.com"                   v3_server inter  20250101000000Z 20450101000000Z "DNS:*.example.com"
  issue expired     "server.example.com"              v3_server inter  20200101000000Z 20210101000000Z "$srv_san"
  issue notyet      "server.example.com"              v3_server inter  20400101000000Z 20500101000000Z "$srv_san"
  issue selfsigned  "server.example.com"              v3_server self   20250101000000Z 20450101000000Z "$srv_san"
  issue client      "client.example.com"              v3_client inter  20250101000000Z 20450101000000Z "DNS:client.example.com"
  issue other-root  "Untrusted Other Root CA"         v3_root   self   20250101000000Z 20550101000000Z
  issue other-server "server.example.com"             v3_server other-root 20250101000000Z 20450101000000Z "$srv_san"
  issue other-client "client.example.com"             v3_client other-root 20250101000000Z 20450101000000Z "DNS:client.example.com"
  # A 1024-bit group: below OpenSSL 3's default security level 2 (2048 bits).
  openssl dhparam -out "$CERTS/dh1024.pem" 1024 2>/dev/null
  rm -rf "$w"
}

# ---------------------------------------------------------------------------
# Helpers used inside a scenario's namespace
# ---------------------------------------------------------------------------

SERVER_PID=
TCPDUMP_PID=
SCN_LOG=

# wait_until SECONDS CMD... polls CMD every 0.1 s; fails after SECONDS.
wait_until() {
  local limit=$1; shift
  local tries=$((limit * 10))
  while ((tries-- > 0)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

# cap_start FILE [IFACE] starts tcpdump on lo (or IFACE) and waits until it
# listens. The 64 MiB buffer matters: with -s 0 and immediate mode, the
# default 2 MiB ring holds only a few packets and bursts get dropped.
cap_start() {
  local file=$HERE/$1 iface=${2:-lo}
  rm -f "$file"
  tcpdump -i "$iface" -s 0 -B 65536 -U --immediate-mode -Z root -w "$file" 2>"$SCN_LOG/tcpdump.err" &
  TCPDUMP_PID=$!
  wait_until 5 grep -q 'listening on' "$SCN_LOG/tcpdump.err" ||
    { echo "tcpdump did not start" >&2; cat "$SCN_LOG/tcpdump.err" >&2; return 1; }
}

# cap_stop lets the last packets land, then stops tcpdump with SIGINT so it
# writes out its buffer, waiting at most 5 s before killing it. Fails when
# the kernel dropped packets: such a capture would mislead.
cap_stop() {
  sleep 0.3
  kill -INT "$TCPDUMP_PID" 2>/dev/null || true
  wait_until 5 bash -c "! kill -0 $TCPDUMP_PID" || kill -KILL "$TCPDUMP_PID" 2>/dev/null || true
  wait "$TCPDUMP_PID" 2>/dev/null || true
  TCPDUMP_PID=
  if ! grep -q '^0 packets dropped by kernel' "$SCN_LOG/tcpdump.err"; then
    echo "tcpdump lost packets (or did not report):" >&2
    cat "$SCN_LOG/tcpdump.err" >&2
    return 1
  fi
}

# srv_start CMD... starts a server in the background (log: server.log) and
# waits up to 5 s until something listens on $PORT. The server's stdin is a
# FIFO opened read-write, so it never sees EOF (openssl s_server quits on
# EOF on stdin) and never gets input.
srv_start() {
  mkfifo "$SCN_LOG/server.stdin"
  "$@" <>"$SCN_LOG/server.stdin" >"$SCN_LOG/server.log" 2>&1 &
  SERVER_PID=$!
  wait_until 5 bash -c "ss -Htln 'sport = :$PORT' | grep -q ." ||
    { echo "server did not listen: $*" >&2; cat "$SCN_LOG/server.log" >&2; return 1; }
}

# srv_stop stops the server (SIGTERM, then SIGKILL after 3 s).
srv_stop() {
  [[ -n $SERVER_PID ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait_until 3 bash -c "! kill -0 $SERVER_PID" || kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# lo_mtu N sets the loopback MTU and turns off segmentation offload (one
# segment per GSO packet), so tcpdump sees wire-sized segments, as on a real
# Ethernet link, instead of 64 KB loopback super-packets.
lo_mtu() {
  ip link set lo mtu "$1"
  ip link set lo gso_max_size "$1" gso_max_segs 1 2>/dev/null ||
    echo "warning: cannot limit GSO on lo; segments may exceed the MTU" >&2
}

# client_port N makes the next connect() in this namespace use source port N.
client_port() {
  sysctl -qw net.ipv4.ip_local_port_range="$1 $1"
}

# run_client SECONDS CMD... runs a client with a time limit; its stdin is
# whatever the caller pipes in. Never fails: failing clients are the point.
run_client() {
  local limit=$1; shift
  local rc=0
  timeout "$limit" "$@" >>"$SCN_LOG/client.log" 2>&1 || rc=$?
  echo "client exit status $rc: $*" >>"$SCN_LOG/client.log"
}

# one_line: client input that sends one line, then waits for the answer
# before EOF makes the client close the connection.
one_line() {
  printf 'hello from the client\n'
  sleep 1
}

# no_input: client input that gives the handshake time to finish or fail,
# then EOF.
no_input() {
  sleep 1
}

# Certificate arguments for openssl s_server, one per line.
srv_cert() { # NAME [CHAIN]: leaf NAME, optionally followed by CHAIN's certificate
  local args=(-cert "$CERTS/$1.pem" -key "$CERTS/$1.key")
  [[ -n ${2:-} ]] && args+=(-cert_chain "$CERTS/$2.pem")
  printf '%s\n' "${args[@]}"
}
SNI=server.example.com
# Arguments of an openssl client that verifies the server strictly.
strict_client() { # [NAME]: the name used for SNI and for the host name check
  local name=${1:-$SNI}
  printf '%s\n' -CAfile "$CERTS/root.pem" -verify_return_error \
    -servername "$name" -verify_hostname "$name"
}
# chain_file NAME CHAIN: a PEM file holding leaf then chain (for gnutls/python).
chain_file() {
  cat "$CERTS/$1.pem" "$CERTS/$2.pem" >"$SCN_LOG/$1-$2.pem"
  echo "$SCN_LOG/$1-$2.pem"
}

# keylog_copy SRC PCAP: put a key log beside its capture, X.pcap -> X.keylog.
keylog_copy() {
  if [[ -s $1 ]]; then
    cp "$1" "$HERE/${2%.pcap}.keylog"
  else
    echo "warning: no key log written for $2" >&2
  fi
}

# ---------------------------------------------------------------------------
# Python servers that misbehave on purpose
# ---------------------------------------------------------------------------

# py_rst_server: accept, read the ClientHello, then close with SO_LINGER 0 so
# the kernel sends RST instead of FIN.
PY_RST_SERVER='
import socket, struct, sys
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", int(sys.argv[1]))); ls.listen(1)
c, _ = ls.accept(); c.settimeout(5)
c.recv(65536)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()
'

# py_silent_server: accept, read whatever comes, never answer; close only
# after the client has closed.
PY_SILENT_SERVER='
import socket, sys
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", int(sys.argv[1]))); ls.listen(1)
c, _ = ls.accept(); c.settimeout(20)
while c.recv(65536):
    pass
c.close()
'

# py_reply_server: accept, read the first bytes, answer with argv[2]
# (escape sequences allowed) and close. With argv[3] == "first" it sends its
# greeting at once, like an SSH or SMTP server, and waits for the client to
# close.
PY_REPLY_SERVER='
import socket, sys
reply = sys.argv[2].encode().decode("unicode_escape").encode("latin-1")
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", int(sys.argv[1]))); ls.listen(1)
c, _ = ls.accept(); c.settimeout(5)
if len(sys.argv) > 3 and sys.argv[3] == "first":
    c.sendall(reply)  # then wait for the client to give up and close first
else:
    c.recv(65536)
    # Cork so the reply and the FIN leave in one segment: the server, not
    # the client, is then always the first to close.
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
    c.sendall(reply)
    c.shutdown(socket.SHUT_WR)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 0)
try:
    while c.recv(65536):
        pass
except OSError:
    pass
c.close()
'

# py_sni_server: TLS server (Python ssl, i.e. OpenSSL) whose SNI callback
# refuses any name but argv[4] (and a missing SNI) with a fatal
# unrecognized_name(112).
PY_SNI_SERVER='
import socket, ssl, sys
port, cert, key, known = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
def pick(sslobj, name, context):
    if name != known:
        return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME
    return None
ctx.sni_callback = pick
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", port)); ls.listen(1)
c, _ = ls.accept(); c.settimeout(5)
try:
    s = ctx.wrap_socket(c, server_side=True)
    s.sendall(s.recv(1024))
    s.unwrap()
except (ssl.SSLError, OSError) as e:
    print("server:", e)
c.close()
'

# ---------------------------------------------------------------------------
# Expected verdicts: one `expect` per handshake, next to its scenario.
# Columns: file client_port outcome failed_at alert_sender alert_code
#          alert_encrypted tcp_end cause stack notes   ("-" = not applicable)
# Stages and causes use the vocabulary of shared/corpus/README.md
# (labels.json). tcp_end is the first FIN or RST of the connection and who
# sent it, or "silence"; a bare "FIN" means either side (both close at once
# and the order is a race), "a|b" lists alternatives. See README.md.
# ---------------------------------------------------------------------------

EXPECTED=()
expect() {
  (($# == 11)) || { echo "expect needs 11 fields, got $#: $*" >&2; exit 1; }
  local IFS=$'\t'
  EXPECTED+=("$*")
}

write_expected() {
  # Rows of the synthetic captures (captures/synth/) are kept as they are.
  local synthetic=""
  [[ -f $HERE/expected.tsv ]] && synthetic=$(grep -P '^synthetic-' "$HERE/expected.tsv" || true)
  {
    printf 'file\tclient_port\toutcome\tfailed_at\talert_sender\talert_code\talert_encrypted\ttcp_end\tcause\tstack\tnotes\n'
    printf '%s\n' "${EXPECTED[@]}"
    [[ -n $synthetic ]] && printf '%s\n' "$synthetic"
  } >"$HERE/expected.tsv"
}

OSSL="openssl 3.0 s_server + s_client"

# ---------------------------------------------------------------------------
# Scenarios: MUST list
# ---------------------------------------------------------------------------

scn_tls12_success() {
  cap_start tls12-success.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2 -rev
  client_port 40001
  one_line | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client) \
    -keylogfile "$SCN_LOG/keylog"
  keylog_copy "$SCN_LOG/keylog" tls12-success.pcap
}
expect tls12-success.pcap 40001 succeeded - - - - FIN success "$OSSL" \
  "ECDHE-RSA, full chain; one line each way; client close_notify then FIN"

scn_tls13_success() {
  cap_start tls13-success.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3 -rev
  client_port 40001
  one_line | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_3 $(strict_client) \
    -keylogfile "$SCN_LOG/keylog"
  keylog_copy "$SCN_LOG/keylog" tls13-success.pcap
}
expect tls13-success.pcap 40001 succeeded - - - - FIN success "$OSSL" \
  "two NewSessionTickets after the client Finished; one line each way; client close_notify then FIN"

scn_tls13_success_gnutls() {
  cap_start tls13-success-gnutls.pcap
  srv_start gnutls-serv --port $PORT --echo --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.3' \
    --x509certfile "$(chain_file server inter)" --x509keyfile "$CERTS/server.key"
  client_port 40001
  one_line | SSLKEYLOGFILE=$SCN_LOG/keylog run_client 10 gnutls-cli 127.0.0.1 --port $PORT \
    --x509cafile "$CERTS/root.pem" --sni-hostname $SNI --verify-hostname $SNI
  keylog_copy "$SCN_LOG/keylog" tls13-success-gnutls.pcap
}
expect tls13-success-gnutls.pcap 40001 succeeded - - - - FIN success \
  "gnutls 3.7 gnutls-serv + gnutls-cli" "echo server; gnutls-serv sends an optional CertificateRequest and the client answers with an empty Certificate, yet the handshake succeeds; one line each way; client close_notify, server close_notify, then both FINs"

scn_tls12_no_shared_cipher() {
  cap_start tls12-no-shared-cipher.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2 -cipher AES256-SHA
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 \
    -cipher ECDHE-RSA-AES128-GCM-SHA256 $(strict_client)
}
expect tls12-no-shared-cipher.pcap 40001 failed "after ClientHello" server 40 no FIN \
  no_shared_cipher "$OSSL" "server has only AES256-SHA, client offers only ECDHE-RSA-AES128-GCM-SHA256"

scn_tls_version_mismatch() {
  cap_start tls-version-mismatch.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client)
}
expect tls-version-mismatch.pcap 40001 failed "after ClientHello" server 70 no FIN \
  protocol_version_mismatch "$OSSL" "server TLS 1.3 only, client TLS 1.2 only"

scn_tls_version_mismatch_reverse() {
  cap_start tls-version-mismatch-reverse.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_3 $(strict_client)
}
expect tls-version-mismatch-reverse.pcap 40001 failed "after ClientHello" server 70 no FIN \
  protocol_version_mismatch "$OSSL" "server TLS 1.2 only, client TLS 1.3 only (supported_versions holds only 1.3)"

scn_tls12_unknown_ca() {
  cap_start tls12-unknown-ca.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert other-server other-root) -tls1_2
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client)
}
expect tls12-unknown-ca.pcap 40001 failed "after server Certificate" client 48 no FIN \
  unknown_ca "$OSSL" "chain leaf + 'Untrusted Other Root CA' (self-signed root sent); client trusts only the test root"

scn_tcp_rst_after_client_hello() {
  cap_start tcp-rst-after-client-hello.pcap
  srv_start python3 -c "$PY_RST_SERVER" $PORT
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT $(strict_client)
}
expect tcp-rst-after-client-hello.pcap 40001 failed "after ClientHello" - - - "RST from server" \
  tcp_reset "python3 socket server (SO_LINGER 0) + openssl 3.0 s_client" "server reads the ClientHello and resets"

scn_tls13_success_any() {
  cap_start tls13-success-any.pcap any
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3 -rev
  client_port 40001
  one_line | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_3 $(strict_client)
}
expect tls13-success-any.pcap 40001 succeeded - - - - FIN success "$OSSL" \
  "captured with tcpdump -i any: Linux cooked v2 (SLL2, linktype 276); every packet appears once (lo)"

scn_tls13_ipv6_success() {
  cap_start tls13-ipv6-success.pcap
  srv_start openssl s_server -accept "[::1]:$PORT" $(srv_cert server inter) -tls1_3 -rev
  client_port 40001
  one_line | run_client 10 openssl s_client -connect "[::1]:$PORT" -tls1_3 $(strict_client)
}
expect tls13-ipv6-success.pcap 40001 succeeded - - - - FIN success "$OSSL" \
  "over ::1"

scn_tls13_ipv6_unknown_ca() {
  cap_start tls13-ipv6-unknown-ca.pcap
  srv_start openssl s_server -accept "[::1]:$PORT" $(srv_cert other-server other-root) -tls1_3
  client_port 40001
  no_input | run_client 10 openssl s_client -connect "[::1]:$PORT" -tls1_3 $(strict_client)
}
expect tls13-ipv6-unknown-ca.pcap 40001 failed "after server Certificate" client 48 no FIN \
  unknown_ca "$OSSL" "over ::1; OpenSSL client sends its alert in plaintext after the TLS 1.3 server flight"

# ---------------------------------------------------------------------------
# Scenarios: SHOULD list (diagnosis)
# ---------------------------------------------------------------------------

scn_tls12_incomplete_chain() {
  cap_start tls12-incomplete-chain.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server) -tls1_2
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client)
}
expect tls12-incomplete-chain.pcap 40001 failed "after server Certificate" client 48 no FIN \
  incomplete_chain "$OSSL" "server sends the leaf only (issuer: Test Intermediate CA); client trusts the root; unable to get local issuer certificate"

scn_tls12_self_signed() {
  cap_start tls12-self-signed.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert selfsigned) -tls1_2
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client)
}
expect tls12-self-signed.pcap 40001 failed "after server Certificate" client 48 no FIN \
  self_signed "$OSSL" "leaf is self-signed (issuer == subject)"

scn_tls12_expired() {
  cap_start tls12-expired.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert expired inter) -tls1_2
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client)
}
expect tls12-expired.pcap 40001 failed "after server Certificate" client 45 no FIN \
  expired_certificate "$OSSL" "leaf valid 2020-01-01..2021-01-01"

scn_tls12_not_yet_valid() {
  cap_start tls12-not-yet-valid.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert notyet inter) -tls1_2
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client)
}
expect tls12-not-yet-valid.pcap 40001 failed "after server Certificate" client 42 no FIN \
  not_yet_valid_certificate "$OSSL" "leaf valid 2040-01-01..2050-01-01"

scn_tls12_hostname_mismatch() {
  cap_start tls12-hostname-mismatch.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client wrong.example.com)
}
expect tls12-hostname-mismatch.pcap 40001 failed "after server Certificate" client 42 no FIN \
  hostname_mismatch "$OSSL" "SNI wrong.example.com; SAN server.example.com, localhost, 127.0.0.1, ::1"

scn_tls12_hostname_wildcard() {
  cap_start tls12-hostname-wildcard.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert wildcard inter) -tls1_2
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client a.b.example.com)
}
expect tls12-hostname-wildcard.pcap 40001 failed "after server Certificate" client 42 no FIN \
  hostname_mismatch "$OSSL" "SNI a.b.example.com; SAN *.example.com covers one label only"

scn_tls_missing_sni_112() {
  cap_start tls-missing-sni-112.pcap
  srv_start python3 -c "$PY_SNI_SERVER" $PORT "$(chain_file server inter)" "$CERTS/server.key" $SNI
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -noservername \
    -CAfile "$CERTS/root.pem" -verify_return_error -verify_hostname $SNI
}
expect tls-missing-sni-112.pcap 40001 failed "after ClientHello" server 112 no FIN \
  missing_sni "python3 ssl server (sni_callback) + openssl 3.0 s_client -noservername" \
  "ClientHello without server_name; the callback sees no name and refuses with fatal 112"

scn_tls_unrecognized_name_112() {
  cap_start tls-unrecognized-name-112.pcap
  srv_start gnutls-serv --port $PORT --sni-hostname $SNI --sni-hostname-fatal \
    --x509certfile "$(chain_file server inter)" --x509keyfile "$CERTS/server.key"
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT $(strict_client unknown.example.com)
}
expect tls-unrecognized-name-112.pcap 40001 failed "after ClientHello" server 112 no FIN \
  unrecognized_name "gnutls 3.7 gnutls-serv --sni-hostname-fatal + openssl 3.0 s_client" \
  "SNI unknown.example.com; server knows only server.example.com (gnutls-serv accepts a ClientHello with no SNI at all)"

scn_tls12_mtls_no_client_cert() {
  cap_start tls12-mtls-no-client-cert.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2 -Verify 1 \
    -CAfile "$CERTS/root.pem"
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client)
}
expect tls12-mtls-no-client-cert.pcap 40001 failed "after client Certificate" server 40 no FIN \
  client_certificate_required "$OSSL" "CertificateRequest; client answers with an empty Certificate"

scn_tls13_mtls_no_client_cert() {
  cap_start tls13-mtls-no-client-cert.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3 -Verify 1 \
    -CAfile "$CERTS/root.pem"
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_3 $(strict_client) \
    -keylogfile "$SCN_LOG/keylog"
  keylog_copy "$SCN_LOG/keylog" tls13-mtls-no-client-cert.pcap
}
expect tls13-mtls-no-client-cert.pcap 40001 failed "after client Certificate" server 116 yes FIN \
  client_certificate_required "$OSSL" "client sends an empty Certificate + Finished; server's alert is encrypted (code readable with the .keylog); close order is a race"

scn_tls13_alpn_mismatch() {
  cap_start tls13-alpn-mismatch.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3 -alpn h2
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_3 $(strict_client) -alpn http/1.1
}
expect tls13-alpn-mismatch.pcap 40001 failed "after ClientHello" server 120 no FIN \
  alpn_mismatch "$OSSL" "server ALPN h2, client ALPN http/1.1"

scn_port_closed() {
  cap_start port-closed.pcap
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT $(strict_client)
}
expect port-closed.pcap 40001 failed "tcp connect" - - - "RST from server" port_closed \
  "openssl 3.0 s_client (nothing listens)" "SYN answered by RST/ACK"

scn_server_silent() {
  cap_start server-silent.pcap
  srv_start python3 -c "$PY_SILENT_SERVER" $PORT
  client_port 40001
  no_input | run_client 3 openssl s_client -connect 127.0.0.1:$PORT $(strict_client)
}
expect server-silent.pcap 40001 failed "after ClientHello" - - - "FIN from client" server_silent \
  "python3 socket server + openssl 3.0 s_client (killed after 3 s)" "ClientHello ACKed, never answered; client gives up after 3 s"

scn_not_tls_http() {
  cap_start not-tls-http.pcap
  srv_start python3 -c "$PY_REPLY_SERVER" $PORT \
    'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\n\r\nBad Request\n'
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT $(strict_client)
}
expect not-tls-http.pcap 40001 failed "after ClientHello" - - - "FIN from server" not_tls \
  "python3 socket server + openssl 3.0 s_client" "server answers the ClientHello with an HTTP 400 page"

scn_not_tls_ssh() {
  cap_start not-tls-ssh.pcap
  srv_start python3 -c "$PY_REPLY_SERVER" $PORT 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n' first
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT $(strict_client)
}
expect not-tls-ssh.pcap 40001 failed "after ClientHello" - - - "FIN from client" not_tls \
  "python3 socket server + openssl 3.0 s_client" "server sends an SSH banner as soon as TCP is up; the client still sends its ClientHello, then reads the banner and closes without an alert"

scn_tls13_unknown_ca_gnutls() {
  cap_start tls13-unknown-ca-gnutls.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert other-server other-root) -tls1_3
  client_port 40001
  no_input | SSLKEYLOGFILE=$SCN_LOG/keylog run_client 10 gnutls-cli 127.0.0.1 --port $PORT \
    --x509cafile "$CERTS/root.pem" --sni-hostname $SNI --verify-hostname $SNI
  keylog_copy "$SCN_LOG/keylog" tls13-unknown-ca-gnutls.pcap
}
expect tls13-unknown-ca-gnutls.pcap 40001 failed "after server Certificate" client 42 yes "FIN from client" \
  unknown_ca "openssl 3.0 s_server + gnutls 3.7 gnutls-cli" "GnuTLS client encrypts its alert and says bad_certificate(42), not unknown_ca; code readable with the .keylog; FIN rides in the alert's segment, then client RST"

scn_tls13_unknown_ca_openssl() {
  cap_start tls13-unknown-ca-openssl.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert other-server other-root) -tls1_3
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_3 $(strict_client) \
    -keylogfile "$SCN_LOG/keylog"
  keylog_copy "$SCN_LOG/keylog" tls13-unknown-ca-openssl.pcap
}
expect tls13-unknown-ca-openssl.pcap 40001 failed "after server Certificate" client 48 no FIN \
  unknown_ca "$OSSL" "OpenSSL client sends its alert in plaintext after the TLS 1.3 server flight; .keylog shows the certificate"

scn_tls13_hostname_curl() {
  cap_start tls13-hostname-curl.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3 -www
  client_port 40001
  SSLKEYLOGFILE=$SCN_LOG/keylog run_client 10 curl -sS -o /dev/null --tlsv1.3 \
    --cacert "$CERTS/root.pem" --resolve wrong.example.com:$PORT:127.0.0.1 \
    https://wrong.example.com:$PORT/ </dev/null
  keylog_copy "$SCN_LOG/keylog" tls13-hostname-curl.pcap
}
expect tls13-hostname-curl.pcap 40001 failed "after handshake" client 0 yes "FIN|RST from client" \
  hostname_mismatch "openssl 3.0 s_server -www + curl 7.88 (OpenSSL)" "handshake completes; curl checks the name (wrong.example.com) afterwards and sends an encrypted close_notify without a request; server answers close_notify + FIN, client RSTs; close order is a race"

scn_plaintext_client() {
  cap_start plaintext-client.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter)
  client_port 40001
  run_client 10 curl -sS -o /dev/null http://127.0.0.1:$PORT/ </dev/null
}
expect plaintext-client.pcap 40001 failed "before ClientHello" - - - "FIN from server" plaintext_client \
  "openssl 3.0 s_server + curl 7.88 (http://)" "client sends GET / HTTP/1.1 to the TLS port"

scn_tls12_weak_dh() {
  cap_start tls12-weak-dh.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2 \
    -dhparam "$CERTS/dh1024.pem" -cipher 'DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0'
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client)
}
expect tls12-weak-dh.pcap 40001 failed "after ServerKeyExchange" client 40 no FIN \
  weak_dh_parameters "$OSSL" "server offers only DHE-RSA with a 1024-bit group; client security level 2 wants 2048"

scn_tls_fallback_scsv() {
  cap_start tls-fallback-scsv.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -cipher 'DEFAULT:@SECLEVEL=0'
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_1 -fallback_scsv \
    -cipher 'DEFAULT:@SECLEVEL=0' $(strict_client)
}
expect tls-fallback-scsv.pcap 40001 failed "after ClientHello" server 86 no FIN \
  inappropriate_fallback "$OSSL" "client retries at TLS 1.1 with TLS_FALLBACK_SCSV; server supports TLS 1.3"

# ---------------------------------------------------------------------------
# Scenarios: extras (parser coverage and causes the public corpus lacks)
# ---------------------------------------------------------------------------

scn_tls12_resumption() {
  cap_start tls12-resumption.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2 -rev -no_ticket
  client_port 40001
  one_line | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client) \
    -sess_out "$SCN_LOG/session.pem"
  client_port 40002
  one_line | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client) \
    -sess_in "$SCN_LOG/session.pem"
}
expect tls12-resumption.pcap 40001 succeeded - - - - FIN success "$OSSL" \
  "full handshake; session-ID cache (no tickets)"
expect tls12-resumption.pcap 40002 succeeded - - - - FIN success "$OSSL" \
  "abbreviated handshake resuming 40001's session ID: no Certificate, server sends CCS+Finished first"

scn_tls13_hrr_success() {
  cap_start tls13-hrr-success.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3 -rev -groups P-256
  client_port 40001
  one_line | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_3 $(strict_client) \
    -groups X25519:P-256
}
expect tls13-hrr-success.pcap 40001 succeeded - - - - FIN success "$OSSL" \
  "key share X25519 only; server wants P-256: HelloRetryRequest, second ClientHello, success"

scn_tls13_no_shared_group() {
  cap_start tls13-no-shared-group.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3 -groups P-384
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_3 $(strict_client) \
    -groups X25519:P-256
}
expect tls13-no-shared-group.pcap 40001 failed "after ClientHello" server 40 no FIN \
  no_shared_group "$OSSL" "server groups P-384 only; client supported_groups X25519, P-256"

scn_tls12_no_shared_sigalg() {
  cap_start tls12-no-shared-sigalg.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client) \
    -sigalgs ECDSA+SHA256:ECDSA+SHA384
}
expect tls12-no-shared-sigalg.pcap 40001 failed "after ClientHello" server 40 no FIN \
  no_shared_signature_algorithm "$OSSL" "server has an RSA key; client signature_algorithms lists ECDSA only"

scn_tls12_mtls_client_unknown_ca() {
  cap_start tls12-mtls-client-unknown-ca.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2 -Verify 1 \
    -verify_return_error -CAfile "$CERTS/root.pem"
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client) \
    -cert "$CERTS/other-client.pem" -key "$CERTS/other-client.key" -cert_chain "$CERTS/other-root.pem"
}
expect tls12-mtls-client-unknown-ca.pcap 40001 failed "after client Certificate" server 48 no FIN \
  client_certificate_unknown_ca "$OSSL" "client certificate issued by 'Untrusted Other Root CA'; server trusts the test root"

scn_tls13_mtls_client_unknown_ca() {
  cap_start tls13-mtls-client-unknown-ca.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3 -Verify 1 \
    -verify_return_error -CAfile "$CERTS/root.pem"
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_3 $(strict_client) \
    -cert "$CERTS/other-client.pem" -key "$CERTS/other-client.key" -cert_chain "$CERTS/other-root.pem" \
    -keylogfile "$SCN_LOG/keylog"
  keylog_copy "$SCN_LOG/keylog" tls13-mtls-client-unknown-ca.pcap
}
expect tls13-mtls-client-unknown-ca.pcap 40001 failed "after client Certificate" server 48 yes FIN \
  client_certificate_unknown_ca "$OSSL" "TLS 1.3 server rejects the client's certificate with an encrypted alert (code readable with the .keylog)"

scn_tls13_mtls_success() {
  cap_start tls13-mtls-success.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3 -Verify 1 \
    -CAfile "$CERTS/root.pem" -rev
  client_port 40001
  one_line | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_3 $(strict_client) \
    -cert "$CERTS/client.pem" -key "$CERTS/client.key" -cert_chain "$CERTS/inter.pem" \
    -keylogfile "$SCN_LOG/keylog"
  keylog_copy "$SCN_LOG/keylog" tls13-mtls-success.pcap
}
expect tls13-mtls-success.pcap 40001 succeeded - - - - FIN success "$OSSL" \
  "client certificate accepted (CertificateRequest, client Certificate + CertificateVerify, all encrypted); close order is a race"

scn_tls13_success_mtu300() {
  lo_mtu 300
  cap_start tls13-success-mtu300.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3 -rev
  client_port 40001
  one_line | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_3 $(strict_client)
}
expect tls13-success-mtu300.pcap 40001 succeeded - - - - FIN success "$OSSL" \
  "MTU 300 (MSS 260, 248 bytes of payload beside TCP timestamps): the ClientHello takes 2 segments, the server flight 10"

# renegotiate: the client types R (s_client's renegotiate command) once the
# handshake is done.
renegotiate() {
  sleep 0.5
  printf 'R\n'
  sleep 1
}

scn_tls12_renegotiation_refused() {
  cap_start tls12-renegotiation-refused.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2 -no_renegotiation
  client_port 40001
  renegotiate | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client) \
    -keylogfile "$SCN_LOG/keylog"
  keylog_copy "$SCN_LOG/keylog" tls12-renegotiation-refused.pcap
}
expect tls12-renegotiation-refused.pcap 40001 failed "after handshake" client 40 yes FIN \
  renegotiation_refused "$OSSL" "handshake completes; client renegotiates, server answers warning no_renegotiation(100), client gives up; all encrypted (.keylog)"

# py_abort_client: Python ssl over memory BIOs, so it can drive the handshake
# by hand: send the ClientHello, read the server's flight, then reset the
# connection (SO_LINGER 0) instead of answering.
PY_ABORT_CLIENT='
import socket, ssl, struct, sys, time
host, port, sni, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations(cafile)
ctx.maximum_version = ssl.TLSVersion.TLSv1_2
inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
obj = ctx.wrap_bio(inc, out, server_hostname=sni)
try:
    obj.do_handshake()
except ssl.SSLWantReadError:
    pass
raw = socket.create_connection((host, port), timeout=5)
raw.sendall(out.read())
got = b""
deadline = time.time() + 5
while time.time() < deadline and not got.endswith(bytes([14, 0, 0, 0])):
    got += raw.recv(65536)  # until ServerHelloDone (type 14, empty body)
raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
raw.close()
print("client read", len(got), "bytes, then reset")
'

scn_tcp_rst_from_client_after_server_flight() {
  cap_start tcp-rst-from-client-after-server-flight.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2
  client_port 40001
  run_client 10 python3 -c "$PY_ABORT_CLIENT" 127.0.0.1 $PORT $SNI "$CERTS/root.pem" </dev/null
}
expect tcp-rst-from-client-after-server-flight.pcap 40001 failed "after server flight" - - - "RST from client" \
  client_abort "openssl 3.0 s_server + python3 ssl (MemoryBIO) client" "client reads ServerHello..ServerHelloDone, then resets without an alert"

# py_backlog_server: listen with backlog 0 and never accept. The first
# connection sits in the accept queue (the kernel ACKs its ClientHello);
# with the queue full, the kernel drops further SYNs.
PY_BACKLOG_SERVER='
import socket, sys, time
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", int(sys.argv[1]))); ls.listen(0)
time.sleep(30)
'

scn_syn_unanswered() {
  cap_start syn-unanswered.pcap
  srv_start python3 -c "$PY_BACKLOG_SERVER" $PORT
  client_port 40001
  no_input | run_client 4 openssl s_client -connect 127.0.0.1:$PORT $(strict_client) &
  local first=$!
  sleep 0.5
  client_port 40002
  no_input | run_client 4 openssl s_client -connect 127.0.0.1:$PORT $(strict_client)
  wait "$first"
}
expect syn-unanswered.pcap 40001 failed "after ClientHello" - - - "FIN from client" server_silent \
  "python3 listen(0) without accept + openssl 3.0 s_client (killed after 4 s)" "kernel completes TCP and ACKs the ClientHello; the application never reads it; a server RST follows the client FIN when the server process is stopped"
expect syn-unanswered.pcap 40002 failed "tcp connect" - - - "silence" syn_unanswered \
  "python3 listen(0) without accept + openssl 3.0 s_client (killed after 4 s)" "accept queue full: SYN and its retransmissions dropped, client gives up"

# make_intercept_pki issues the interception test PKI: a CA named like a
# TLS-inspection product (obviously a test: "(tlsanalyze test)" in both
# names) and a server.example.com leaf it signs, as such a proxy re-signs
# every site. The client trusts only the test root, so it sees an unknown CA.
# Dates are explicit, as in make_pki; keys are test-only.
make_intercept_pki() {
  local w
  w=$(mktemp -d)
  write_ca_config "$w"
  local PKI_WORK=$w
  issue intercept-root "/CN=Zscaler Root CA (tlsanalyze test)/O=Zscaler Inc. (test)" v3_root self \
    20250101000000Z 20550101000000Z
  issue intercept-server "server.example.com" v3_server intercept-root 20250101000000Z 20450101000000Z \
    "DNS:server.example.com,DNS:localhost,IP:127.0.0.1,IP:::1"
  rm -rf "$w"
}

# A TLS-inspecting proxy between client and server: it answers with its own
# leaf for server.example.com, signed by its CA, which this client does not
# trust (the proxy's CA is not installed on it).
scn_tls12_interception_proxy() {
  [[ -f $CERTS/intercept-server.pem && -f $CERTS/intercept-root.pem ]] || make_intercept_pki
  cap_start tls12-interception-proxy.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert intercept-server intercept-root) -tls1_2
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client)
}
expect tls12-interception-proxy.pcap 40001 failed "after server Certificate" client 48 no FIN \
  interception_suspected "$OSSL" "server plays a TLS-inspecting proxy: leaf server.example.com issued by 'Zscaler Root CA (tlsanalyze test)' (O=Zscaler Inc. (test)), chain leaf + that CA; the client trusts only the test root"

# ---------------------------------------------------------------------------
# Scenarios: more causes a real stack produces on loopback
# ---------------------------------------------------------------------------

# The client's clock is wrong: libfaketime moves the client's time() to 2050,
# five years after server.pem's notAfter (2045). Only the client process is
# affected; the capture's timestamps stay real, so at capture time the
# certificate is valid.
SKEWED_CLOCK='2050-01-01 00:00:00'

scn_tls12_client_clock_skew() {
  cap_start tls12-client-clock-skew.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2
  client_port 40001
  no_input | run_client 10 faketime "$SKEWED_CLOCK" openssl s_client -connect 127.0.0.1:$PORT -tls1_2 \
    $(strict_client)
}
expect tls12-client-clock-skew.pcap 40001 failed "after server Certificate" client 45 no FIN \
  client_clock_skew "openssl 3.0 s_server + s_client (faketime 2050-01-01)" \
  "client clock at 2050-01-01 (libfaketime); leaf valid 2025-01-01..2045-01-01, so valid at capture time; the client still says certificate_expired"

scn_tls13_client_clock_skew() {
  cap_start tls13-client-clock-skew.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3
  client_port 40001
  no_input | run_client 10 faketime "$SKEWED_CLOCK" openssl s_client -connect 127.0.0.1:$PORT -tls1_3 \
    $(strict_client) -keylogfile "$SCN_LOG/keylog"
  keylog_copy "$SCN_LOG/keylog" tls13-client-clock-skew.pcap
}
expect tls13-client-clock-skew.pcap 40001 failed "after server Certificate" client 45 no FIN \
  client_clock_skew "openssl 3.0 s_server + s_client (faketime 2050-01-01)" \
  "as tls12-client-clock-skew in TLS 1.3: the OpenSSL client's alert is plaintext; the certificate is encrypted (.keylog shows it)"

# A client configured for SSL 3.0 only, which its own library (GnuTLS 3.7)
# refuses ("No or insufficient priorities were set"): gnutls-cli connects
# first and applies its priority string afterwards, so TCP opens and closes
# with nothing sent.
scn_tls_client_no_usable_version() {
  cap_start tls-client-no-usable-version.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter)
  client_port 40001
  no_input | run_client 10 gnutls-cli 127.0.0.1 --port $PORT --priority 'NORMAL:-VERS-ALL:+VERS-SSL3.0' \
    --x509cafile "$CERTS/root.pem" --sni-hostname $SNI --verify-hostname $SNI
}
expect tls-client-no-usable-version.pcap 40001 failed "before ClientHello" - - - "FIN from client" \
  client_sent_nothing "openssl 3.0 s_server + gnutls 3.7 gnutls-cli" \
  "client priority NORMAL:-VERS-ALL:+VERS-SSL3.0 (No or insufficient priorities were set): TCP opens, the client sends nothing and closes; after that FIN the OpenSSL server sends fatal decode_error(50) (unexpected eof), which draws a client RST"

# The same refusal in OpenSSL 3.0: a client pinned to TLS 1.0 whose own
# security level (3) forbids TLS 1.0 ("no protocols available").
scn_tls_client_no_usable_version_openssl() {
  cap_start tls-client-no-usable-version-openssl.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter)
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1 -cipher 'DEFAULT:@SECLEVEL=3' \
    $(strict_client)
}
expect tls-client-no-usable-version-openssl.pcap 40001 failed "before ClientHello" client 70 no FIN \
  protocol_version_mismatch "$OSSL" \
  "client -tls1 at @SECLEVEL=3 (no protocols available): instead of a ClientHello it sends a plaintext fatal protocol_version(70) (record version 0x0303); the server answers unexpected_message(10); close order is a race"

# A client pinned to TLS 1.0 at OpenSSL 3.0's default security level (2):
# the library still sends a TLS 1.0 ClientHello; the server, at the same
# level, has no signature algorithm it may use in TLS 1.0.
scn_tls10_only_client() {
  cap_start tls10-only-client.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter)
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1 $(strict_client)
}
expect tls10-only-client.pcap 40001 failed "after ClientHello" server 80 no FIN \
  protocol_version_mismatch "$OSSL" \
  "client -tls1: TLS 1.0 ClientHello (legacy_version 0x0301, no supported_versions); server at security level 2 finds no signature algorithm allowed in TLS 1.0 (MD5+SHA1) and sends internal_error(80), not protocol_version(70)"

# py_close_server: accept, read the whole ClientHello record, then close
# normally (FIN, no alert), and wait for the client to close too, so nothing
# the client still sends draws a RST.
PY_CLOSE_SERVER='
import socket, struct, sys
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", int(sys.argv[1]))); ls.listen(1)
c, _ = ls.accept(); c.settimeout(5)
got = b""
while len(got) < 5 or len(got) < 5 + struct.unpack("!H", got[3:5])[0]:
    more = c.recv(65536)
    if not more:
        break
    got += more
print("server read", len(got), "bytes, then closes")
c.shutdown(socket.SHUT_WR)
try:
    while c.recv(65536):
        pass
except OSError:
    pass
c.close()
'

scn_server_closes_without_alert() {
  cap_start server-closes-without-alert.pcap
  srv_start python3 -c "$PY_CLOSE_SERVER" $PORT
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT $(strict_client)
}
expect server-closes-without-alert.pcap 40001 failed "after ClientHello" - - - "FIN from server" \
  server_closed_no_alert "python3 socket server + openssl 3.0 s_client" \
  "server reads the whole ClientHello record, then closes (FIN) without an alert; after that FIN the OpenSSL client sends a plaintext fatal decode_error(50) (unexpected eof while reading), then its FIN"

# A server whose OCSP stapling is misconfigured: its response file does not
# exist. s_server's status callback fails only when a client asks for a
# stapled response (status_request), and OpenSSL then sends internal_error.
scn_tls12_server_internal_error() {
  cap_start tls12-server-internal-error.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_2 \
    -status_file "$SCN_LOG/missing-ocsp-response.der"
  client_port 40001
  no_input | run_client 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_2 $(strict_client) -status
}
expect tls12-server-internal-error.pcap 40001 failed "after ClientHello" server 80 no FIN \
  server_internal_error "openssl 3.0 s_server -status_file (missing) + s_client -status" \
  "client asks for a stapled OCSP response (status_request); the server's response file is missing, its status callback fails and OpenSSL sends internal_error(80) instead of a ServerHello"

# py_verify_client: Python's ssl client (ssl.create_default_context) that
# trusts only argv[4] and writes a key log to argv[5].
PY_VERIFY_CLIENT='
import socket, ssl, sys
host, port, sni, cafile, keylog = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
ctx = ssl.create_default_context(cafile=cafile)
ctx.minimum_version = ssl.TLSVersion.TLSv1_3
ctx.keylog_filename = keylog
raw = socket.create_connection((host, port), timeout=5)
try:
    with ctx.wrap_socket(raw, server_hostname=sni) as s:
        print("client: handshake done", s.version())
except (ssl.SSLError, OSError) as e:
    print("client:", e)
raw.close()
'

scn_tls13_client_rejects_cert_python() {
  cap_start tls13-client-rejects-cert-python.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server inter) -tls1_3
  client_port 40001
  run_client 10 python3 -c "$PY_VERIFY_CLIENT" 127.0.0.1 $PORT $SNI "$CERTS/other-root.pem" \
    "$SCN_LOG/keylog" </dev/null
  keylog_copy "$SCN_LOG/keylog" tls13-client-rejects-cert-python.pcap
}
expect tls13-client-rejects-cert-python.pcap 40001 failed "after server Certificate" client 48 no "RST from client|FIN from server" \
  unknown_ca "openssl 3.0 s_server + python3 ssl client (OpenSSL 3.0)" \
  "ssl.create_default_context(cafile=other-root.pem) does not trust the test root of the complete chain (leaf + intermediate); its alert is plaintext, as s_client's; it closes with the server's CertificateVerify and Finished records unread, so its kernel sends RST; close order is a race"

scn_tls12_curl_incomplete_chain() {
  cap_start tls12-curl-incomplete-chain.pcap
  srv_start openssl s_server -accept $PORT $(srv_cert server) -tls1_2 -www
  client_port 40001
  run_client 10 curl -sS -o /dev/null --tlsv1.2 --tls-max 1.2 --cacert "$CERTS/root.pem" \
    --resolve $SNI:$PORT:127.0.0.1 https://$SNI:$PORT/ </dev/null
}
expect tls12-curl-incomplete-chain.pcap 40001 failed "after server Certificate" client 48 no "FIN from server|RST from client" \
  incomplete_chain "openssl 3.0 s_server -www + curl 7.88 (OpenSSL)" \
  "server sends the leaf only; curl --cacert root.pem checks the chain during the handshake (unable to get local issuer certificate) and sends plaintext unknown_ca(48), then resets with the rest of the server flight unread; close order is a race"

SCENARIOS=(
  tls12-success tls13-success tls13-success-gnutls tls12-no-shared-cipher
  tls-version-mismatch tls-version-mismatch-reverse tls12-unknown-ca
  tcp-rst-after-client-hello tls13-success-any tls13-ipv6-success tls13-ipv6-unknown-ca
  tls12-incomplete-chain tls12-self-signed tls12-expired tls12-not-yet-valid
  tls12-hostname-mismatch tls12-hostname-wildcard tls-missing-sni-112 tls-unrecognized-name-112
  tls12-mtls-no-client-cert tls13-mtls-no-client-cert tls13-alpn-mismatch port-closed
  server-silent not-tls-http not-tls-ssh tls13-unknown-ca-gnutls tls13-unknown-ca-openssl
  tls13-hostname-curl plaintext-client tls12-weak-dh tls-fallback-scsv
  tls12-resumption tls13-hrr-success tls13-no-shared-group tls12-no-shared-sigalg
  tls12-mtls-client-unknown-ca tls13-mtls-client-unknown-ca tls13-mtls-success
  tls12-renegotiation-refused tcp-rst-from-client-after-server-flight syn-unanswered
  tls13-success-mtu300 tls12-interception-proxy
  tls12-client-clock-skew tls13-client-clock-skew tls-client-no-usable-version
  tls-client-no-usable-version-openssl tls10-only-client
  server-closes-without-alert tls12-server-internal-error tls13-client-rejects-cert-python
  tls12-curl-incomplete-chain
)

# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

# run_inside NAME: the body run in the scenario's own network namespace.
run_inside() {
  local name=$1
  SCN_LOG=$LOGROOT/$name
  rm -rf "$SCN_LOG"
  mkdir -p "$SCN_LOG"
  lo_mtu 1500
  ip link set lo up
  trap 'srv_stop; [[ -n $TCPDUMP_PID ]] && cap_stop' EXIT
  "scn_${name//-/_}"
  srv_stop
  cap_stop
}

main() {
  if [[ ${1:-} == --inside ]]; then
    run_inside "$2"
    return
  fi
  local new_pki=0 list=() s
  while (($#)); do
    case $1 in
      --list) printf '%s\n' "${SCENARIOS[@]}"; return ;;
      --new-pki) new_pki=1 ;;
      --expected-only) write_expected; return ;;
      -*) echo "unknown option $1" >&2; return 2 ;;
      *) list+=("$1") ;;
    esac
    shift
  done
  ((${#list[@]})) || list=("${SCENARIOS[@]}")
  [[ $(id -u) == 0 ]] || { echo "needs root (network namespaces, tcpdump)" >&2; return 1; }
  ensure_tools
  if ((new_pki)) || [[ ! -f $CERTS/root.pem ]]; then
    rm -rf "$CERTS"
    make_pki
  fi
  for s in "${list[@]}"; do
    declare -F "scn_${s//-/_}" >/dev/null || { echo "no scenario $s (see --list)" >&2; return 2; }
  done
  local failed=()
  for s in "${list[@]}"; do
    echo "== $s"
    unshare --net -- bash "${BASH_SOURCE[0]}" --inside "$s" || failed+=("$s")
  done
  write_expected
  echo "logs in $LOGROOT; expected verdicts in $HERE/expected.tsv"
  if ((${#failed[@]})); then
    echo "FAILED (re-run these): ${failed[*]}" >&2
    return 1
  fi
}

main "$@"
