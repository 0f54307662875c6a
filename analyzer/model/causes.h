// Causes: the documented vocabulary of root causes. TLSANALYZE_CAUSES is the
// one list: each row gives the stable id (JSON, CI assertions), the title the
// text report prints, the evidence the cause rests on and the advice an
// operator gets. docs/causes.md is generated from this list and from the
// diagnosis rules (tests check it); adding a cause is one row here plus the
// rule row(s) in analyzer/diagnosis/ that conclude it.
#pragma once

// clang-format off
#define TLSANALYZE_CAUSES(X) \
  X(success, \
    "handshake completed", \
    "Both Finished messages seen (or, in TLS 1.3 without keys, a Finished-sized client record after the server flight), and no rejection right after.", \
    "") \
  X(incomplete, \
    "the capture ends before the handshake does", \
    "The capture ends (or the flow goes idle, or only one direction is captured) mid-handshake with nothing showing a failure.", \
    "Capture longer, or from a point that sees both directions, to see how the handshake ends.") \
  X(unknown, \
    "the evidence does not decide the cause", \
    "An alert whose surrounding messages do not point at one cause; the report lists the candidates.", \
    "Check the server's and the client's logs for the alert's reason; the capture alone does not decide it.") \
  X(protocol_version_mismatch, \
    "client and server share no TLS version", \
    "Alert 70 from either side; the versions the client offered (supported_versions, else legacy_version) and the one the server chose; a client alert sent instead of a ClientHello.", \
    "Upgrade the side stuck on the old version (usually the client) to TLS 1.2 or 1.3; do not re-enable TLS 1.0/1.1 on servers.") \
  X(inappropriate_fallback, \
    "client fell back to a lower version; server refused (downgrade protection)", \
    "Server alert 86; TLS_FALLBACK_SCSV (0x5600) among the client's suites.", \
    "Find why the first, higher-version attempt failed (see the earlier connection) and fix that; the fallback itself is correctly refused.") \
  X(no_shared_cipher, \
    "no cipher suite in common", \
    "Server alert 40/71 right after the ClientHello; the client's suites classified (TLS 1.3, ECDHE/DHE+AEAD, RSA key exchange, CBC, RC4, 3DES, NULL, export); no commonly enabled suite offered.", \
    "Compare the client's suites with the server's configuration and enable at least one modern suite (ECDHE with AES-GCM or ChaCha20) on both.") \
  X(no_shared_group, \
    "no key-exchange group in common", \
    "Server alert 40 after a TLS 1.3 ClientHello that offers the mandatory suites, or after a HelloRetryRequest; groups and key shares offered.", \
    "Enable a common key-exchange group (x25519 or secp256r1) on both sides.") \
  X(no_shared_signature_algorithm, \
    "no signature algorithm in common", \
    "Server alert 40 while common suites are offered but signature_algorithms has no RSA scheme.", \
    "Give the server a certificate whose key type the client can verify (RSA or ECDSA P-256), or enable the matching signature algorithms on the client.") \
  X(weak_dh_parameters, \
    "client refused the server's Diffie-Hellman group as too weak", \
    "Client alert 40/71 after a DHE ServerKeyExchange; the size of the prime.", \
    "Configure a DH group of at least 2048 bits (ffdhe2048) on the server, or better, prefer ECDHE suites.") \
  X(incomplete_chain, \
    "server sent an incomplete certificate chain (missing intermediate)", \
    "Client alert 48/42/46 (or a silent close) after the Certificate; the chain as sent stops at a certificate whose issuer was neither sent nor trusted (a leaf sent alone).", \
    "Serve the full chain on the server: leaf first, then each intermediate (e.g. fullchain.pem). Browsers hide this mistake; curl, Java, Go and Python do not.") \
  X(unknown_ca, \
    "certificate chain ends at a CA the client does not trust", \
    "As above, but the chain ends in a root (or a CA) the trust store does not hold.", \
    "Install the issuing root CA in the client's trust store, or give the server a certificate from a publicly trusted CA.") \
  X(self_signed, \
    "server certificate is self-signed and not trusted", \
    "The leaf's issuer equals its subject and its own key verifies its signature.", \
    "Replace the self-signed certificate with one from a trusted CA, or add this exact certificate to the client's trust store.") \
  X(interception_suspected, \
    "certificate issued by a TLS-intercepting proxy or corporate CA", \
    "An issuer naming a TLS-inspection product (Zscaler, Umbrella, Fortinet, Palo Alto, Netskope, …).", \
    "A TLS-inspecting proxy or security product re-signs this traffic: install its CA on the client, or exempt this destination from inspection.") \
  X(expired_certificate, \
    "server certificate had expired at capture time", \
    "notAfter before the time of the packet that carried the certificate; client alert 45 (or 42/46).", \
    "Renew the certificate and reload the server; check the renewal automation.") \
  X(not_yet_valid_certificate, \
    "server certificate was not yet valid at capture time", \
    "notBefore after the packet's time.", \
    "Check the server clock and the certificate's notBefore; wait or reissue with a correct start date.") \
  X(client_clock_skew, \
    "certificate valid at capture time, yet rejected as expired: client clock wrong", \
    "Client alert 45 although every certificate was valid at the packet's time.", \
    "Fix the client's clock (NTP); the certificate itself was valid.") \
  X(hostname_mismatch, \
    "certificate does not cover the requested server name", \
    "The SNI is not covered by the leaf's DNS SANs (a wildcard covers one left-most label; the CN counts only without SANs); also when the client completes the handshake and leaves at once with such a certificate.", \
    "Connect with a name the certificate covers, or reissue the certificate with this name in its subjectAltName.") \
  X(missing_sni, \
    "client sent no server name (SNI)", \
    "Alert 112 (or a refusal) after a ClientHello without server_name.", \
    "Make the client send SNI (use a host name, not an IP address; enable SNI in the TLS library).") \
  X(unrecognized_name, \
    "server does not serve the requested name (alert 112)", \
    "Alert 112 after a ClientHello with a server_name.", \
    "Configure the server (or load balancer) for this host name, or fix the name the client uses.") \
  X(client_certificate_required, \
    "server requires a client certificate; none was sent", \
    "A CertificateRequest (its CA names), then an empty client Certificate (or none) and server alert 40/116; TLS 1.3 without keys: the server's encrypted alert right after the client's flight.", \
    "Configure the client with a certificate and key issued by a CA the server accepts (see the CertificateRequest's CA list).") \
  X(client_certificate_unknown_ca, \
    "server does not trust the CA of the client's certificate", \
    "Server alert 48 after a non-empty client Certificate.", \
    "Issue the client certificate from a CA the server trusts, or add its CA to the server's client-CA list.") \
  X(client_certificate_expired, \
    "the client's certificate had expired", \
    "Server alert 45 after the client's Certificate, or the client certificate's notAfter before the packet's time.", \
    "Renew the client certificate.") \
  X(client_certificate_rejected, \
    "server rejected the client's certificate", \
    "Another server alert after a non-empty client Certificate.", \
    "Give the client a certificate issued by a CA the server trusts, valid now, and with clientAuth usage.") \
  X(alpn_mismatch, \
    "no application protocol (ALPN) in common", \
    "Alert 120; the ALPN protocols the client offered.", \
    "Align the application protocols (ALPN): e.g. enable http/1.1 on the server or h2 on the client.") \
  X(missing_extension, \
    "a required TLS extension was missing", \
    "Alert 109.", \
    "Upgrade the peer that omits the required extension; for TLS 1.3 every client must send supported_versions, key_share and signature_algorithms.") \
  X(unsupported_extension, \
    "a peer sent an extension it must not send", \
    "Alert 110.", \
    "A peer sent an extension it must not; upgrade or reconfigure the offending stack.") \
  X(server_internal_error, \
    "server reported an internal error", \
    "Alert 80.", \
    "Check the server's error log: a certificate that does not match its key, an unreadable key, or a failing HSM/backend are the usual reasons.") \
  X(decrypt_error, \
    "a signature or key check failed (decrypt_error)", \
    "Alert 51.", \
    "A signature did not verify: check that the server's key matches its certificate, and look for middleboxes that rewrite handshakes.") \
  X(bad_record_mac, \
    "record integrity check failed: data corrupted on the path", \
    "Alert 20.", \
    "Look for a device that alters traffic (proxy, broken NIC offload, bad link) between the two ends.") \
  X(protocol_error, \
    "a peer sent a malformed or out-of-order message", \
    "Alerts 10/47/50, or malformed messages tlsanalyze itself found (listed as anomalies).", \
    "One side sent bytes the other could not parse: look for a middlebox rewriting traffic or a buggy TLS stack, and upgrade it.") \
  X(port_closed, \
    "nothing listens on the port: SYN answered by RST", \
    "The SYN answered by RST.", \
    "Start the service or connect to the right port; check load-balancer backends.") \
  X(syn_unanswered, \
    "SYN never answered (filtered or host down)", \
    "SYNs (count) never answered; an ICMP unreachable quoting the SYN if one came back.", \
    "Check firewalls and security groups on the path, and that the host is up and routable.") \
  X(tcp_reset, \
    "connection reset during the handshake", \
    "RST from the server (or a middlebox on its side) during the handshake, without an alert.", \
    "A firewall, IPS or load balancer resets TLS to this destination, or the server process crashed: check the device named by the reset's side and TTL.") \
  X(client_hello_unacknowledged, \
    "ClientHello never acknowledged by the server", \
    "The server never acknowledged the ClientHello; the client retransmitted.", \
    "The ClientHello never reached the server: check firewalls/IPS that drop TLS by SNI or signature.") \
  X(path_mtu_black_hole, \
    "large ClientHello lost after its first segment (path-MTU black hole)", \
    "The server acknowledged the first segment of a multi-segment ClientHello but never the rest; retransmissions.", \
    "Large ClientHellos (post-quantum key shares) are lost after the first segment: fix PMTU discovery (allow ICMP 'fragmentation needed') or clamp the MSS on the path.") \
  X(server_silent, \
    "server received the ClientHello and never answered", \
    "The server acknowledged the ClientHello and sent nothing until the client gave up, the flow went idle, or the capture went on for seconds.", \
    "The server accepted the connection but never answered: check that it speaks TLS on this port and is not overloaded or stuck.") \
  X(server_closed_no_alert, \
    "server closed the connection without an alert", \
    "FIN from the server during the handshake without an alert.", \
    "The server closed without saying why: check its logs; some servers and proxies close silently on SNI or cipher problems.") \
  X(client_abort, \
    "client abandoned the handshake without an alert", \
    "RST/FIN from the client during the handshake without an alert, and no certificate problem that explains it.", \
    "The client gave up without an alert: check its logs and timeouts (often a certificate or policy check that failed silently).") \
  X(not_tls, \
    "server answered with something that is not TLS", \
    "The server answered (or greeted) with bytes that are no TLS record; the first bytes are shown escaped.", \
    "The port does not speak TLS: use the right port, or the STARTTLS upgrade the protocol requires.") \
  X(plaintext_client, \
    "client sent plaintext to a TLS server", \
    "The client sent non-TLS bytes (e.g. an HTTP request) to a TLS port.", \
    "The client speaks plaintext to a TLS port: use https:// or the TLS setting of the client.") \
  X(client_sent_nothing, \
    "client connected but sent nothing", \
    "TCP established, then closed without any ClientHello.", \
    "The client connected and left without a ClientHello: its TLS library probably has no version or cipher enabled that it may use; check its configuration.") \
  X(tls13_encrypted_rejection, \
    "TLS 1.3 peer rejected the handshake with an encrypted alert", \
    "TLS 1.3 without keys: a 19-24-byte client record where the Finished (at least 53 bytes) belongs, then a close.", \
    "Re-run the client with SSLKEYLOGFILE set and pass the file with --keylog to read the alert; meanwhile verify the server's chain and name with openssl s_client.") \
  X(renegotiation_refused, \
    "renegotiation refused after the handshake", \
    "After the handshake, an encrypted handshake record (a renegotiation), then alerts and a close.", \
    "Avoid renegotiation; use TLS 1.3 or post-handshake authentication instead.") \
  X(certificate_rejected, \
    "client rejected the server certificate", \
    "A client alert after the Certificate that the checks here cannot explain (the client's own trust store or policy).", \
    "Verify the server's certificate from the client's side (openssl s_client -verify_return_error) with the client's own trust store.")
// clang-format on
