// Limits: the caps on per-flow state that more than one stage must know (the
// tracker enforces them, the reports quote them).
#pragma once

#include <cstddef>

namespace tlsanalyze::analyzer {

// kMaxHandshakeMessage caps one handshake message. Certificate chains are the
// largest messages in practice (tens of KiB; the corpus's longest is ~20 KiB);
// 256 KiB leaves room for huge chains and post-quantum certificates while
// bounding per-flow memory. Larger messages are skipped, not buffered.
inline constexpr std::size_t kMaxHandshakeMessage = 256 * 1024;

// kMaxEvents caps a flow's event log; later events are counted, not kept.
// A handshake needs a few dozen; the cap bounds hostile flows.
inline constexpr std::size_t kMaxEvents = 256;

}  // namespace tlsanalyze::analyzer
