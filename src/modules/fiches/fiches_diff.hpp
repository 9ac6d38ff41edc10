#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "modules/fiches/fiches.hpp"

namespace cncd::fiches {

/// A word diff of two texts: equal, deleted and inserted runs in reading order. Words and the
/// spaces and line breaks between them are the units, so joining the equal and deleted runs
/// gives `before` and joining the equal and inserted runs gives `after`. Common ends are
/// matched first; a middle too large for an exact diff (kMaxDiffCells) is shown as one deleted
/// and one inserted run.
std::vector<DiffSegment> WordDiff(std::string_view before, std::string_view after);

/// The largest middle part (words before × words after) diffed word by word.
inline constexpr std::size_t kMaxDiffCells = 4'000'000;

/// Every field of two versions of a fiche, in the order of the edit form, each marked changed
/// or not, with French labels.
std::vector<FieldDiff> DiffFiches(const Fiche& before, const Fiche& after);

/// The French labels of the fields that differ, in form order ("titre, thématiques").
std::vector<std::string> ChangedFields(const Fiche& before, const Fiche& after);

/// The label with its first letter in lower case ("Thématiques" → "thématiques").
std::string LowerFirst(std::string label);

}  // namespace cncd::fiches
