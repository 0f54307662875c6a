// Advice: what an operator should do about each cause, in one or two sentences.
#include "analyzer/diagnosis/diagnosis.h"

namespace tlsanalyze::analyzer {

std::string_view advice_for(Cause cause) {
  switch (cause) {
    case Cause::success: return "";
    case Cause::incomplete: return "Capture longer, or from a point that sees both directions, to see how the handshake ends.";
    case Cause::unknown: return "Check the server's and the client's logs for the alert's reason; the capture alone does not decide it.";
    case Cause::protocol_version_mismatch: return "Upgrade the side stuck on the old version (usually the client) to TLS 1.2 or 1.3; do not re-enable TLS 1.0/1.1 on servers.";
    case Cause::inappropriate_fallback: return "Find why the first, higher-version attempt failed (see the earlier connection) and fix that; the fallback itself is correctly refused.";
    case Cause::no_shared_cipher: return "Compare the client's suites with the server's configuration and enable at least one modern suite (ECDHE with AES-GCM or ChaCha20) on both.";
    case Cause::no_shared_group: return "Enable a common key-exchange group (x25519 or secp256r1) on both sides.";
    case Cause::no_shared_signature_algorithm: return "Give the server a certificate whose key type the client can verify (RSA or ECDSA P-256), or enable the matching signature algorithms on the client.";
    case Cause::weak_dh_parameters: return "Configure a DH group of at least 2048 bits (ffdhe2048) on the server, or better, prefer ECDHE suites.";
    case Cause::incomplete_chain: return "Serve the full chain on the server: leaf first, then each intermediate (e.g. fullchain.pem). Browsers hide this mistake; curl, Java, Go and Python do not.";
    case Cause::unknown_ca: return "Install the issuing root CA in the client's trust store, or give the server a certificate from a publicly trusted CA.";
    case Cause::self_signed: return "Replace the self-signed certificate with one from a trusted CA, or add this exact certificate to the client's trust store.";
    case Cause::interception_suspected: return "A TLS-inspecting proxy or security product re-signs this traffic: install its CA on the client, or exempt this destination from inspection.";
    case Cause::expired_certificate: return "Renew the certificate and reload the server; check the renewal automation.";
    case Cause::not_yet_valid_certificate: return "Check the server clock and the certificate's notBefore; wait or reissue with a correct start date.";
    case Cause::client_clock_skew: return "Fix the client's clock (NTP); the certificate itself was valid.";
    case Cause::hostname_mismatch: return "Connect with a name the certificate covers, or reissue the certificate with this name in its subjectAltName.";
    case Cause::missing_sni: return "Make the client send SNI (use a host name, not an IP address; enable SNI in the TLS library).";
    case Cause::unrecognized_name: return "Configure the server (or load balancer) for this host name, or fix the name the client uses.";
    case Cause::client_certificate_required: return "Configure the client with a certificate and key issued by a CA the server accepts (see the CertificateRequest's CA list).";
    case Cause::client_certificate_unknown_ca: return "Issue the client certificate from a CA the server trusts, or add its CA to the server's client-CA list.";
    case Cause::client_certificate_expired: return "Renew the client certificate.";
    case Cause::client_certificate_rejected: return "Give the client a certificate issued by a CA the server trusts, valid now, and with clientAuth usage.";
    case Cause::alpn_mismatch: return "Align the application protocols (ALPN): e.g. enable http/1.1 on the server or h2 on the client.";
    case Cause::missing_extension: return "Upgrade the peer that omits the required extension; for TLS 1.3 every client must send supported_versions, key_share and signature_algorithms.";
    case Cause::unsupported_extension: return "A peer sent an extension it must not; upgrade or reconfigure the offending stack.";
    case Cause::server_internal_error: return "Check the server's error log: a certificate that does not match its key, an unreadable key, or a failing HSM/backend are the usual reasons.";
    case Cause::decrypt_error: return "A signature did not verify: check that the server's key matches its certificate, and look for middleboxes that rewrite handshakes.";
    case Cause::bad_record_mac: return "Look for a device that alters traffic (proxy, broken NIC offload, bad link) between the two ends.";
    case Cause::protocol_error: return "One side sent bytes the other could not parse: look for a middlebox rewriting traffic or a buggy TLS stack, and upgrade it.";
    case Cause::port_closed: return "Start the service or connect to the right port; check load-balancer backends.";
    case Cause::syn_unanswered: return "Check firewalls and security groups on the path, and that the host is up and routable.";
    case Cause::tcp_reset: return "A firewall, IPS or load balancer resets TLS to this destination, or the server process crashed: check the device named by the reset's side and TTL.";
    case Cause::client_hello_unacknowledged: return "The ClientHello never reached the server: check firewalls/IPS that drop TLS by SNI or signature.";
    case Cause::path_mtu_black_hole: return "Large ClientHellos (post-quantum key shares) are lost after the first segment: fix PMTU discovery (allow ICMP 'fragmentation needed') or clamp the MSS on the path.";
    case Cause::server_silent: return "The server accepted the connection but never answered: check that it speaks TLS on this port and is not overloaded or stuck.";
    case Cause::server_closed_no_alert: return "The server closed without saying why: check its logs; some servers and proxies close silently on SNI or cipher problems.";
    case Cause::client_abort: return "The client gave up without an alert: check its logs and timeouts (often a certificate or policy check that failed silently).";
    case Cause::not_tls: return "The port does not speak TLS: use the right port, or the STARTTLS upgrade the protocol requires.";
    case Cause::plaintext_client: return "The client speaks plaintext to a TLS port: use https:// or the TLS setting of the client.";
    case Cause::client_sent_nothing: return "The client connected and left without a ClientHello: its TLS library probably has no version or cipher enabled that it may use; check its configuration.";
    case Cause::tls13_encrypted_rejection: return "Re-run the client with SSLKEYLOGFILE set and pass the file with --keylog to read the alert; meanwhile verify the server's chain and name with openssl s_client.";
    case Cause::renegotiation_refused: return "Avoid renegotiation; use TLS 1.3 or post-handshake authentication instead.";
    case Cause::certificate_rejected: return "Verify the server's certificate from the client's side (openssl s_client -verify_return_error) with the client's own trust store.";
  }
  return "";
}

}  // namespace tlsanalyze::analyzer
