#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"

namespace cncd::apd {

/// The IATI codelists `cncd import codelists` reads, by file name without ".xml".
inline constexpr std::array<std::string_view, 7> kCodelists = {
    "Sector", "SectorCategory", "AidType", "CRSChannelCode", "Region", "FinanceType", "FlowType"};

/// One code of a list, as imported.
struct Code {
    std::string code;
    std::string name;       ///< French when the list has it, English otherwise
    std::string category;   ///< <category> of the item, empty when none
    std::string continent;  ///< Region only: the continent slug when the region lies in one
};

/// Reads one IATI codelist XML file (codelist/codelist-items/codelist-item: code, name's
/// narratives, category). Withdrawn items are skipped. Fails with kInvalidArgument ("file")
/// for a file that is not a codelist.
Result<std::vector<Code>> ReadCodelistFile(const std::filesystem::path& file);

/// Imports every list of kCodelists found in `dir` (a missing file keeps that list as it is),
/// each list replaced as a whole in one transaction. Returns the number of codes per list.
/// Fails with kNotFound when `dir` has none of them.
Result<std::map<std::string, std::int64_t>> ImportCodelists(db::Database& db,
                                                            const std::filesystem::path& dir);

/// French names of the codes the form and the outputs show: the imported lists when present,
/// the built-in minimal lists otherwise, and for sectors the Atlas themes' DAC codes too.
class CodeBook {
  public:
    /// Loads every list from `c`.
    static CodeBook Load(db::Connection& c);

    bool Has(std::string_view list, std::string_view code) const;
    /// The name, or empty when unknown.
    std::string Name(std::string_view list, std::string_view code) const;
    /// The codes of a list, ordered by code.
    std::vector<Code> List(std::string_view list) const;
    /// The continent of a CRS region code, or empty.
    std::string RegionContinent(std::string_view code) const;

  private:
    std::map<std::string, std::map<std::string, Code, std::less<>>, std::less<>> lists_;
};

}  // namespace cncd::apd
