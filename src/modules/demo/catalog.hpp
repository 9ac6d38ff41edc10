#pragma once

#include <span>
#include <string_view>

namespace cncd::demo {

/// A theme of the Atlas (a top theme when `parent` is empty), mapped to an OECD DAC
/// purpose code.
struct ThemeDef {
    std::string_view slug;
    std::string_view name;
    std::string_view parent;  ///< slug of the parent theme, "" for a top theme
    std::string_view dac_code;
};

/// A co-financer of projects. Kinds follow the `cofinancers.kind` column.
struct CofinancerDef {
    std::string_view slug;
    std::string_view name;
    std::string_view kind;  ///< state, operator, european, agency, local, other
};

/// The themes written for the Atlas, parents before their sub-themes.
std::span<const ThemeDef> Themes();

/// The co-financers of the demo.
std::span<const CofinancerDef> Cofinancers();

}  // namespace cncd::demo
