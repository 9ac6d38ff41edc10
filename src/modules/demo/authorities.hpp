#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "modules/demo/demo_model.hpp"
#include "modules/demo/prng.hpp"

namespace cncd::demo {

/// Chooses the French authorities of the demo from the reference tables: every région,
/// the départements, kEpciAuthorities EPCI (all métropoles and communautés urbaines, the
/// others drawn by population) and communes drawn by population (so the big cities are
/// in), kAuthorities in all, including the brochure's. Names, locations (from the seat
/// commune) and websites (only the brochure's) are filled; ids run from 1.
std::vector<Authority> SelectAuthorities(const Reference& ref, Prng& rng);

/// Weight of an authority when drawing those with partners in Asia.
double AsianWeight(const Authority& authority);

/// The index of the authority of `kind` with INSEE code `code`, if selected.
std::optional<std::size_t> FindAuthority(const std::vector<Authority>& authorities,
                                         AuthorityKind kind, std::string_view code);

/// The elected official and the manager in charge of international relations, with
/// fictitious names and example.org addresses, for a share of the authorities.
std::vector<AuthorityContact> MakeAuthorityContacts(const std::vector<Authority>& authorities,
                                                    Prng& rng);

/// The university of the authority's région ("Université de Rennes"), for project partners.
std::string RegionalUniversity(const Reference& ref, const std::string& region_code);

}  // namespace cncd::demo
