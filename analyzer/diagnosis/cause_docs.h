// CauseDocs: docs/causes.md, rendered from the code that decides — the cause
// vocabulary (model/causes.h) and every diagnosis rule table in the order it
// is consulted. A unit test keeps the committed file equal to this output.
#pragma once

#include <string>

namespace tlsanalyze::analyzer {

// causes_markdown renders the whole of docs/causes.md.
std::string causes_markdown();

}  // namespace tlsanalyze::analyzer
