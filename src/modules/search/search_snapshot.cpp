#include "modules/search/search_snapshot.hpp"

#include <algorithm>
#include <bit>
#include <numeric>
#include <utility>

#include "core/text.hpp"
#include "modules/search/search_labels.hpp"

namespace cncd::search {
namespace {

using Pairs = std::vector<std::pair<std::uint32_t, std::uint32_t>>;  // (project, value)

constexpr std::uint32_t kNone = ~0u;

// Finds the number of project `id`, starting from the previous answer: link rows come ordered
// by project, so the search is usually one step.
class ProjectIndex {
  public:
    explicit ProjectIndex(const std::vector<std::int64_t>& ids) : ids_(ids) {}
    std::uint32_t Find(std::int64_t id) {
        if (hint_ < ids_.size() && ids_[hint_] == id) return static_cast<std::uint32_t>(hint_);
        const auto from =
            hint_ < ids_.size() && ids_[hint_] < id ? ids_.begin() + hint_ : ids_.begin();
        const auto it = std::lower_bound(from, ids_.end(), id);
        if (it == ids_.end() || *it != id) return kNone;
        hint_ = static_cast<std::size_t>(it - ids_.begin());
        return static_cast<std::uint32_t>(hint_);
    }

  private:
    const std::vector<std::int64_t>& ids_;
    std::size_t hint_ = 0;
};

std::int16_t Year(const std::optional<int>& year) {
    return year ? static_cast<std::int16_t>(*year) : std::int16_t{0};
}

}  // namespace

std::uint32_t Snapshot::Dimension::Add(std::string code, std::string label, int order, int parent) {
    const auto number = static_cast<std::uint32_t>(values.size());
    by_code.emplace(code, number);
    values.push_back({std::move(code), std::move(label), parent, order, 0});
    return number;
}

std::shared_ptr<const Snapshot> Snapshot::Build(const SnapshotRows& rows, std::int64_t version) {
    auto snapshot = std::make_shared<Snapshot>();
    Snapshot& s = *snapshot;
    s.version_ = version;

    std::vector<const SnapshotRows::Project*> projects;
    projects.reserve(rows.projects.size());
    for (const auto& p : rows.projects) projects.push_back(&p);
    std::sort(projects.begin(), projects.end(), [](auto* a, auto* b) { return a->id < b->id; });
    const std::size_t n = projects.size();
    s.ids_.reserve(n);
    s.start_year_.reserve(n);
    s.end_year_.reserve(n);
    for (const auto* p : projects) {
        s.ids_.push_back(p->id);
        s.start_year_.push_back(Year(p->start_year));
        s.end_year_.push_back(Year(p->end_year));
        s.decentralised_.push_back(labels::KindGroupOf(p->kind) == labels::kKindGroups[0] ? 1 : 0);
    }

    // Sort ranks: latest start first (unknown last), then the newest id; titles without case or
    // accents, then id.
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const int ya = s.start_year_[a] == 0 ? -1 : s.start_year_[a];
        const int yb = s.start_year_[b] == 0 ? -1 : s.start_year_[b];
        if (ya != yb) return ya > yb;
        return s.ids_[a] > s.ids_[b];
    });
    s.recent_rank_.resize(n);
    for (std::uint32_t rank = 0; rank < n; ++rank) s.recent_rank_[order[rank]] = rank;
    {
        std::vector<std::string> folded(n);
        for (std::size_t i = 0; i < n; ++i) folded[i] = text::Fold(projects[i]->title);
        std::iota(order.begin(), order.end(), 0u);
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            if (folded[a] != folded[b]) return folded[a] < folded[b];
            return s.ids_[a] < s.ids_[b];
        });
        s.title_rank_.resize(n);
        for (std::uint32_t rank = 0; rank < n; ++rank) s.title_rank_[order[rank]] = rank;
    }

    std::array<Pairs, kFacetCount> pairs;
    const auto pairs_of = [&](Facet f) -> Pairs& { return pairs[static_cast<std::size_t>(f)]; };

    // Fixed dimensions: kind (each group followed by its kinds), status, authority type.
    {
        Dimension& kinds = s.dim(Facet::kKind);
        int order_number = 0;
        for (const auto group : labels::kKindGroups) {
            const auto g = static_cast<int>(kinds.Add(
                std::string(group), std::string(labels::KindGroupName(group)), order_number++));
            for (const auto kind : labels::kKinds) {
                if (labels::KindGroupOf(kind) != group) continue;
                kinds.Add(std::string(kind), std::string(labels::KindName(kind)), order_number++,
                          g);
            }
        }
        int status_order = 0;
        for (const auto status : labels::kStatuses) {
            s.dim(Facet::kStatus)
                .Add(std::string(status), std::string(labels::StatusName(status)), status_order++);
        }
        int type_order = 0;
        for (const auto type : labels::kAuthorityTypes) {
            s.dim(Facet::kAuthorityType)
                .Add(std::string(type), std::string(labels::AuthorityTypeName(type)), type_order++);
        }
        for (std::uint32_t i = 0; i < n; ++i) {
            const Dimension& k = s.dim(Facet::kKind);
            if (auto it = k.by_code.find(projects[i]->kind); it != k.by_code.end()) {
                pairs_of(Facet::kKind).emplace_back(i, it->second);
                if (k.values[it->second].parent >= 0) {
                    pairs_of(Facet::kKind).emplace_back(i, k.values[it->second].parent);
                }
            }
            const Dimension& st = s.dim(Facet::kStatus);
            if (auto it = st.by_code.find(projects[i]->status); it != st.by_code.end()) {
                pairs_of(Facet::kStatus).emplace_back(i, it->second);
            }
        }
    }

    ProjectIndex index(s.ids_);

    // Themes in tree order: each top-level theme (by sort order) followed by its sub-themes.
    {
        std::vector<const SnapshotRows::Theme*> themes;
        for (const auto& t : rows.themes) themes.push_back(&t);
        std::sort(themes.begin(), themes.end(), [](auto* a, auto* b) {
            return a->sort_order != b->sort_order ? a->sort_order < b->sort_order : a->id < b->id;
        });
        std::unordered_map<std::int64_t, const SnapshotRows::Theme*> by_id;
        for (const auto* t : themes) by_id.emplace(t->id, t);
        const auto is_top = [&](const SnapshotRows::Theme* t) {
            return !t->parent_id || by_id.find(*t->parent_id) == by_id.end();
        };
        std::unordered_map<std::int64_t, std::uint32_t> value_of;
        Dimension& dim = s.dim(Facet::kTheme);
        int order_number = 0;
        for (const auto* top : themes) {
            if (!is_top(top)) continue;
            const auto parent = dim.Add(top->slug, top->name, order_number++);
            value_of.emplace(top->id, parent);
            for (const auto* child : themes) {
                if (is_top(child) || *child->parent_id != top->id) continue;
                value_of.emplace(child->id, dim.Add(child->slug, child->name, order_number++,
                                                    static_cast<int>(parent)));
            }
        }
        for (const auto& link : rows.project_themes) {
            const auto p = index.Find(link.project_id);
            const auto v = value_of.find(link.target_id);
            if (p == kNone || v == value_of.end()) continue;
            for (int value = static_cast<int>(v->second); value >= 0;
                 value = dim.values[value].parent) {
                pairs_of(Facet::kTheme).emplace_back(p, static_cast<std::uint32_t>(value));
            }
        }
    }

    // Co-financers.
    {
        std::unordered_map<std::int64_t, std::uint32_t> value_of;
        for (const auto& c : rows.cofinancers) {
            value_of.emplace(c.id, s.dim(Facet::kCofinancer).Add(c.code, c.name));
        }
        for (const auto& link : rows.project_cofinancers) {
            const auto p = index.Find(link.project_id);
            const auto v = value_of.find(link.target_id);
            if (p != kNone && v != value_of.end())
                pairs_of(Facet::kCofinancer).emplace_back(p, v->second);
        }
    }

    // Partners bring their country and its continent.
    {
        std::vector<const SnapshotRows::Named*> continents;
        for (const auto& c : rows.continents) continents.push_back(&c);
        std::sort(continents.begin(), continents.end(),
                  [](auto* a, auto* b) { return a->sort_order < b->sort_order; });
        int order_number = 0;
        for (const auto* c : continents)
            s.dim(Facet::kContinent).Add(c->code, c->name, order_number++);
        std::unordered_map<std::string, std::pair<std::uint32_t, std::uint32_t>> country_of;
        for (const auto& c : rows.countries) {
            const auto value = s.dim(Facet::kCountry).Add(c.code, c.name);
            const auto& by_code = s.dim(Facet::kContinent).by_code;
            const auto continent = by_code.find(c.parent_code);
            country_of.emplace(
                c.code, std::pair(value, continent == by_code.end() ? kNone : continent->second));
        }
        struct PartnerValues {
            std::uint32_t partner, country, continent;
        };
        std::unordered_map<std::int64_t, PartnerValues> partner_of;
        for (const auto& p : rows.partners) {
            const auto value = s.dim(Facet::kPartner).Add(std::to_string(p.id), p.name);
            const auto country = country_of.find(p.country_iso2);
            partner_of.emplace(
                p.id, country == country_of.end()
                          ? PartnerValues{value, kNone, kNone}
                          : PartnerValues{value, country->second.first, country->second.second});
        }
        for (const auto& link : rows.project_partners) {
            const auto p = index.Find(link.project_id);
            const auto v = partner_of.find(link.target_id);
            if (p == kNone || v == partner_of.end()) continue;
            pairs_of(Facet::kPartner).emplace_back(p, v->second.partner);
            if (v->second.country != kNone)
                pairs_of(Facet::kCountry).emplace_back(p, v->second.country);
            if (v->second.continent != kNone) {
                pairs_of(Facet::kContinent).emplace_back(p, v->second.continent);
            }
        }
    }

    // French authorities bring their type, région and département.
    {
        // A région is named by its slug (as in the Atlas addresses); its INSEE code is an alias.
        std::unordered_map<std::string, std::uint32_t> region_of_code;
        for (const auto& r : rows.regions) {
            Dimension& regions = s.dim(Facet::kRegion);
            const auto value = regions.Add(r.slug.empty() ? r.code : r.slug, r.name);
            regions.by_code.emplace(r.code, value);
            region_of_code.emplace(r.code, value);
        }
        for (const auto& d : rows.departments) s.dim(Facet::kDepartment).Add(d.code, d.name);
        const auto lookup = [](const Dimension& d, const std::string& code) {
            const auto it = d.by_code.find(code);
            return it == d.by_code.end() ? kNone : it->second;
        };
        struct AuthorityValues {
            std::uint32_t authority, type, region, department;
        };
        std::unordered_map<std::int64_t, AuthorityValues> authority_of;
        for (const auto& a : rows.authorities) {
            authority_of.emplace(
                a.id, AuthorityValues{s.dim(Facet::kAuthority).Add(std::to_string(a.id), a.name),
                                      lookup(s.dim(Facet::kAuthorityType), a.kind),
                                      region_of_code.count(a.region_code) != 0
                                          ? region_of_code.at(a.region_code)
                                          : kNone,
                                      lookup(s.dim(Facet::kDepartment), a.department_code)});
        }
        for (const auto& link : rows.project_authorities) {
            const auto p = index.Find(link.project_id);
            const auto v = authority_of.find(link.target_id);
            if (p == kNone || v == authority_of.end()) continue;
            pairs_of(Facet::kAuthority).emplace_back(p, v->second.authority);
            if (v->second.type != kNone)
                pairs_of(Facet::kAuthorityType).emplace_back(p, v->second.type);
            if (v->second.region != kNone)
                pairs_of(Facet::kRegion).emplace_back(p, v->second.region);
            if (v->second.department != kNone) {
                pairs_of(Facet::kDepartment).emplace_back(p, v->second.department);
            }
        }
    }

    snapshot->RankLabels();

    // One numbering for the values of all facets, then one sorted run per project.
    for (std::size_t k = 0; k < kFacetCount; ++k) {
        s.dims_[k].base = s.value_count_;
        s.value_count_ += static_cast<std::uint32_t>(s.dims_[k].values.size());
        s.facet_of_.insert(s.facet_of_.end(), s.dims_[k].values.size(),
                           static_cast<std::uint8_t>(k));
    }
    Pairs all;
    std::size_t total = 0;
    for (const auto& list : pairs) total += list.size();
    all.reserve(total);
    for (std::size_t k = 0; k < kFacetCount; ++k) {
        for (const auto& [project, value] : pairs[k])
            all.emplace_back(project, s.dims_[k].base + value);
        Pairs().swap(pairs[k]);
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    s.offsets_.assign(n + 1, 0);
    s.values_.reserve(all.size());
    for (const auto& [project, value] : all) {
        ++s.offsets_[project + 1];
        s.values_.push_back(value);
    }
    std::partial_sum(s.offsets_.begin(), s.offsets_.end(), s.offsets_.begin());
    return snapshot;
}

void Snapshot::RankLabels() {
    for (Dimension& d : dims_) {
        std::vector<std::pair<std::string, std::uint32_t>> keys;
        keys.reserve(d.values.size());
        for (std::uint32_t v = 0; v < d.values.size(); ++v) {
            keys.emplace_back(text::Fold(d.values[v].label), v);
        }
        std::sort(keys.begin(), keys.end());
        for (std::uint32_t rank = 0; rank < keys.size(); ++rank) {
            d.values[keys[rank].second].label_rank = rank;
        }
    }
}

Evaluation Snapshot::Evaluate(const SearchQuery& query, const std::vector<db::KeywordHit>* hits,
                              bool with_facets, bool all_rows) const {
    const std::size_t n = size();
    std::vector<Candidate> candidates;
    if (hits != nullptr) {
        candidates.reserve(hits->size());
        std::size_t j = 0;
        for (const auto& hit : *hits) {
            while (j < n && ids_[j] < hit.project_id) ++j;
            if (j == n) break;
            if (ids_[j] == hit.project_id) {
                candidates.push_back(
                    {static_cast<std::uint32_t>(j), static_cast<float>(hit.score)});
            }
        }
    } else {
        candidates.resize(n);
        for (std::uint32_t i = 0; i < n; ++i) candidates[i] = {i, 0.0f};
    }

    // The selected values of the active facets (an unknown code selects nothing).
    std::vector<std::uint8_t> selected(value_count_, 0);
    std::uint32_t active = 0;  // bit k: facet k has a filter
    for (const Facet f : kFacets) {
        const auto k = static_cast<std::size_t>(f);
        if (query.filters[k].empty()) continue;
        active |= 1u << k;
        for (const auto& code : query.filters[k]) {
            if (auto it = dims_[k].by_code.find(code); it != dims_[k].by_code.end()) {
                selected[dims_[k].base + it->second] = 1;
            }
        }
    }

    std::vector<std::int64_t> counts(with_facets ? value_count_ : 0, 0);
    const int from = query.from_year.value_or(0);
    const int to = query.to_year.value_or(0);
    const bool years = query.from_year || query.to_year;
    const bool both_groups = query.show_decentralised && query.show_other;

    // One pass: a project that passes every facet is a result and counts in every facet; one
    // that fails exactly one facet counts in that facet only (its count ignores its own filter).
    std::vector<Candidate> results;
    results.reserve(candidates.size());
    for (const Candidate& c : candidates) {
        const std::uint32_t p = c.project;
        if (!both_groups && (decentralised_[p] ? !query.show_decentralised : !query.show_other)) {
            continue;
        }
        if (years) {
            const int start = start_year_[p];
            const int end = end_year_[p];
            if (start == 0) continue;
            if (to != 0 && start > to) continue;
            if (from != 0 && end != 0 && end < from) continue;
        }
        const std::span<const std::uint32_t> values = ValuesOf(p);
        std::uint32_t satisfied = 0;
        if (active != 0) {
            for (const std::uint32_t v : values) {
                if (selected[v]) satisfied |= 1u << facet_of_[v];
            }
        }
        const std::uint32_t failed = active & ~satisfied;
        if (failed == 0) {
            results.push_back(c);
            if (with_facets) {
                for (const std::uint32_t v : values) ++counts[v];
            }
        } else if (with_facets && (failed & (failed - 1)) == 0) {
            const auto facet = static_cast<std::uint8_t>(std::countr_zero(failed));
            for (const std::uint32_t v : values) {
                if (facet_of_[v] == facet) ++counts[v];
            }
        }
    }

    Evaluation out;
    out.total = static_cast<std::int64_t>(results.size());
    const bool scored = hits != nullptr && query.sort == SortOrder::kRelevance;
    std::size_t begin = 0;
    std::size_t end = results.size();
    if (!all_rows) {
        begin = std::min(results.size(), static_cast<std::size_t>(query.page - 1) *
                                             static_cast<std::size_t>(query.per_page));
        end = std::min(results.size(), begin + static_cast<std::size_t>(query.per_page));
    }
    Order(results, query.sort, scored, begin, end);
    out.ids.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) out.ids.push_back(ids_[results[i].project]);
    if (with_facets) {
        for (const Facet f : kFacets)
            out.facets[static_cast<std::size_t>(f)] = ListFacet(f, counts, selected);
    }
    return out;
}

void Snapshot::Order(std::vector<Candidate>& results, SortOrder sort, bool scored,
                     std::size_t begin, std::size_t end) const {
    if (begin >= end) return;
    const auto by_recent = [&](const Candidate& a, const Candidate& b) {
        return recent_rank_[a.project] < recent_rank_[b.project];
    };
    const auto by_score = [&](const Candidate& a, const Candidate& b) {
        if (a.score != b.score) return a.score > b.score;
        return recent_rank_[a.project] < recent_rank_[b.project];
    };
    const auto by_title = [&](const Candidate& a, const Candidate& b) {
        return title_rank_[a.project] < title_rank_[b.project];
    };
    // Only [begin, end) must be in order: select it, then sort it.
    const auto place = [&](auto less) {
        auto first = results.begin();
        if (end < results.size()) std::nth_element(first, first + end, results.end(), less);
        if (begin > 0) std::nth_element(first, first + begin, first + end, less);
        std::sort(first + begin, first + end, less);
    };
    if (sort == SortOrder::kTitle) return place(by_title);
    if (sort == SortOrder::kRelevance && scored) return place(by_score);
    place(by_recent);
}

std::vector<FacetCount> Snapshot::ListFacet(Facet f, const std::vector<std::int64_t>& all_counts,
                                            const std::vector<std::uint8_t>& all_selected) const {
    const Dimension& d = dim(f);
    const std::int64_t* counts = all_counts.data() + d.base;
    const std::uint8_t* selected = all_selected.data() + d.base;
    std::vector<std::uint32_t> listed;
    for (std::uint32_t v = 0; v < d.values.size(); ++v) {
        if (counts[v] > 0 || selected[v]) listed.push_back(v);
    }
    const bool fixed_order = !d.values.empty() && d.values.front().order >= 0;
    const auto by_order = [&](std::uint32_t a, std::uint32_t b) {
        return d.values[a].order < d.values[b].order;
    };
    const auto by_count = [&](std::uint32_t a, std::uint32_t b) {
        if (counts[a] != counts[b]) return counts[a] > counts[b];
        return d.values[a].label_rank < d.values[b].label_rank;
    };
    // Large facets list their first values by count, then any selected value left out.
    const bool large = f == Facet::kPartner || f == Facet::kAuthority;
    if (fixed_order) {
        std::sort(listed.begin(), listed.end(), by_order);
    } else if (large && listed.size() > kLargeFacetLimit) {
        const auto limit = listed.begin() + kLargeFacetLimit;
        std::partial_sort(listed.begin(), limit, listed.end(), by_count);
        const auto rest = std::remove_if(limit, listed.end(), [&](auto v) { return !selected[v]; });
        listed.erase(rest, listed.end());
        std::sort(limit, listed.end(), by_count);
    } else {
        std::sort(listed.begin(), listed.end(), by_count);
    }
    std::vector<FacetCount> out;
    out.reserve(listed.size());
    for (const std::uint32_t v : listed) {
        const Value& value = d.values[v];
        out.push_back({value.code, value.label,
                       value.parent >= 0 ? d.values[value.parent].code : std::string(), counts[v],
                       selected[v] != 0});
    }
    return out;
}

}  // namespace cncd::search
