#pragma once

#include <cstdint>
#include <optional>
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

/// A record id written in a path or a form: decimal digits only, at least 1 ("12" → 12;
/// "", "0", "-3", "12a", " 12" and values beyond int64 → nothing).
std::optional<std::int64_t> ParseId(std::string_view digits);

}  // namespace cncd::text
