#pragma once

#include <functional>
#include <string>

#include "modules/apd/apd.hpp"

namespace cncd::apd {

/// The acknowledgement of a submitted declaration as a one-page (or more) A4 PDF (cairo +
/// pango): the authority, the year, the version, when and by whom it was submitted, its total
/// and its lines (recipient, type of expenditure, sector, amount), and a reference
/// "APD-<year>-<id>-v<version>". `names` gives the French names of the codes shown.
struct ReceiptNames {
    std::function<std::string(const Line&)> recipient;
    std::function<std::string(const Line&)> sector;
};
std::string ReceiptPdf(const Declaration& declaration, const ReceiptNames& names);

/// "APD-2024-12-v2".
std::string ReceiptReference(const Declaration& declaration);

}  // namespace cncd::apd
