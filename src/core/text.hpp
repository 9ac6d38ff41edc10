#pragma once

#include <string>
#include <string_view>

namespace cncd::text {

/// Lower-cases and strips the diacritics of French and other Latin text ("Côte d'Ivoire" →
/// "cote d'ivoire"). Characters outside Latin-1 and Latin Extended-A are kept as they are.
std::string Fold(std::string_view utf8);

/// A URL slug: folded, every run of non-alphanumeric characters turned into one '-',
/// no leading or trailing '-' ("Seine-Saint-Denis (93)" → "seine-saint-denis-93").
std::string Slugify(std::string_view utf8);

/// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view raw);

/// Formats an integer with French thousands separators (narrow no-break space): 7 804 600.
std::string FormatThousands(long long value);

/// True when the bytes are valid UTF-8.
bool IsValidUtf8(std::string_view bytes);

}  // namespace cncd::text
