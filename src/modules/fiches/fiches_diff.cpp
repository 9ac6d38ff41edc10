#include "modules/fiches/fiches_diff.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <utility>

#include "core/text.hpp"
#include "modules/atlas/atlas.hpp"
#include "modules/atlas/atlas_labels.hpp"

namespace cncd::fiches {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Runs of spaces and runs of everything else, in order.
std::vector<std::string_view> Tokens(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const bool space = IsSpace(text[start]);
        std::size_t end = start + 1;
        while (end < text.size() && IsSpace(text[end]) == space) ++end;
        out.push_back(text.substr(start, end - start));
        start = end;
    }
    return out;
}

void Append(std::vector<DiffSegment>& out, DiffSegment::Op op, std::string_view text) {
    if (text.empty()) return;
    if (!out.empty() && out.back().op == op) {
        out.back().text.append(text);
        return;
    }
    out.push_back({op, std::string(text)});
}

std::string Join(const std::vector<std::string_view>& tokens, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) out.append(tokens[i]);
    return out;
}

std::string YearText(const std::optional<int>& year) {
    return year ? std::to_string(*year) : std::string();
}

std::string KindText(const std::string& code) {
    const auto kind = atlas::ParseProjectKind(code);
    return kind ? std::string(atlas::labels::ProjectKindName(*kind)) : code;
}

std::string StatusText(const std::string& code) {
    const auto status = atlas::ParseProjectStatus(code);
    return status ? std::string(atlas::labels::StatusName(*status)) : code;
}

std::string FinancingText(const FinancingLine& line) {
    return line.cofinancer_name + " — " + std::to_string(line.year) + " : " +
           text::FormatThousands(line.amount_eur) + " €";
}

std::vector<std::string> Names(const std::vector<NamedId>& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item.name);
    return out;
}

std::vector<std::string> FinancingTexts(const std::vector<FinancingLine>& lines) {
    std::vector<std::string> out;
    for (const auto& line : lines) out.push_back(FinancingText(line));
    return out;
}

FieldDiff TextField(std::string key, std::string label, const std::string& before,
                    const std::string& after) {
    FieldDiff d;
    d.key = std::move(key);
    d.label = std::move(label);
    d.text = true;
    d.changed = before != after;
    d.before = before;
    d.after = after;
    d.segments = d.changed ? WordDiff(before, after)
                           : std::vector<DiffSegment>{{DiffSegment::Op::kEqual, before}};
    if (before.empty() && after.empty()) d.segments.clear();
    return d;
}

FieldDiff ValueField(std::string key, std::string label, std::string before, std::string after) {
    FieldDiff d;
    d.key = std::move(key);
    d.label = std::move(label);
    d.changed = before != after;
    d.before = std::move(before);
    d.after = std::move(after);
    return d;
}

// Items are compared by their text; the order of a list is not a change.
FieldDiff ListField(std::string key, std::string label, const std::vector<std::string>& before,
                    const std::vector<std::string>& after) {
    FieldDiff d;
    d.key = std::move(key);
    d.label = std::move(label);
    std::multiset<std::string> unmatched_before(before.begin(), before.end());
    for (const auto& item : after) {
        const auto it = unmatched_before.find(item);
        if (it == unmatched_before.end()) {
            d.added.push_back(item);
        } else {
            d.kept.push_back(item);
            unmatched_before.erase(it);
        }
    }
    for (const auto& item : before) {
        const auto it = unmatched_before.find(item);
        if (it == unmatched_before.end()) continue;
        d.removed.push_back(item);
        unmatched_before.erase(it);
    }
    d.changed = !d.removed.empty() || !d.added.empty();
    return d;
}

}  // namespace

std::vector<DiffSegment> WordDiff(std::string_view before, std::string_view after) {
    const auto a = Tokens(before);
    const auto b = Tokens(after);
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;

    std::vector<DiffSegment> out;
    Append(out, DiffSegment::Op::kEqual, Join(a, 0, prefix));
    const std::size_t n = a.size() - prefix - suffix;
    const std::size_t m = b.size() - prefix - suffix;
    if (n == 0 || m == 0 || n * m > kMaxDiffCells) {
        Append(out, DiffSegment::Op::kDelete, Join(a, prefix, prefix + n));
        Append(out, DiffSegment::Op::kInsert, Join(b, prefix, prefix + m));
    } else {
        // Longest common subsequence of the middle tokens, lengths from the end.
        const std::size_t width = m + 1;
        std::vector<std::uint32_t> lcs((n + 1) * width, 0);
        for (std::size_t i = n; i-- > 0;) {
            for (std::size_t j = m; j-- > 0;) {
                lcs[i * width + j] =
                    a[prefix + i] == b[prefix + j]
                        ? lcs[(i + 1) * width + j + 1] + 1
                        : std::max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
            }
        }
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < n && j < m) {
            if (a[prefix + i] == b[prefix + j]) {
                Append(out, DiffSegment::Op::kEqual, a[prefix + i]);
                ++i;
                ++j;
            } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
                Append(out, DiffSegment::Op::kDelete, a[prefix + i]);
                ++i;
            } else {
                Append(out, DiffSegment::Op::kInsert, b[prefix + j]);
                ++j;
            }
        }
        for (; i < n; ++i) Append(out, DiffSegment::Op::kDelete, a[prefix + i]);
        for (; j < m; ++j) Append(out, DiffSegment::Op::kInsert, b[prefix + j]);
    }
    Append(out, DiffSegment::Op::kEqual, Join(a, a.size() - suffix, a.size()));
    return out;
}

std::vector<FieldDiff> DiffFiches(const Fiche& before, const Fiche& after) {
    const auto lead = [](const Fiche& f) { return f.lead ? f.lead->name : std::string(); };
    std::vector<FieldDiff> out;
    out.push_back(TextField("title", "Titre", before.title, after.title));
    out.push_back(ValueField("kind", "Type d’action", KindText(before.kind), KindText(after.kind)));
    out.push_back(
        ValueField("status", "État", StatusText(before.status), StatusText(after.status)));
    out.push_back(TextField("objectives", "Objectifs", before.objectives, after.objectives));
    out.push_back(TextField("description", "Description", before.description, after.description));
    out.push_back(TextField("history", "Historique", before.history, after.history));
    out.push_back(TextField("context", "Contexte", before.context, after.context));
    out.push_back(ValueField("start_year", "Année de début", YearText(before.start_year),
                             YearText(after.start_year)));
    out.push_back(ValueField("end_year", "Année de fin", YearText(before.end_year),
                             YearText(after.end_year)));
    out.push_back(ValueField("convention_date", "Date de la convention",
                             atlas::labels::FrenchDate(before.convention_date),
                             atlas::labels::FrenchDate(after.convention_date)));
    out.push_back(ValueField("lead", "Collectivité chef de file", lead(before), lead(after)));
    out.push_back(ListField("associates", "Collectivités françaises associées",
                            Names(before.associates), Names(after.associates)));
    out.push_back(ListField("themes", "Thématiques", Names(before.themes), Names(after.themes)));
    out.push_back(ListField("partners", "Collectivités partenaires", Names(before.partners),
                            Names(after.partners)));
    out.push_back(ListField("financing", "Financements", FinancingTexts(before.financing),
                            FinancingTexts(after.financing)));
    return out;
}

std::string LowerFirst(std::string label) {
    if (label.rfind("É", 0) == 0) {
        label.replace(0, std::string("É").size(), "é");
    } else if (!label.empty()) {
        label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(label[0])));
    }
    return label;
}

std::vector<std::string> ChangedFields(const Fiche& before, const Fiche& after) {
    std::vector<std::string> out;
    for (const auto& field : DiffFiches(before, after)) {
        if (!field.changed) continue;
        out.push_back(out.empty() ? field.label : LowerFirst(field.label));
    }
    return out;
}

}  // namespace cncd::fiches
