#pragma once

#include <cstdint>

#include "db/database.hpp"
#include "modules/geo/reference_data.hpp"

namespace cncd::geo {

/// SQL of the reference geography tables. Works inside the caller's transaction.
class GeoRepository {
  public:
    explicit GeoRepository(db::Connection& connection) : c_(connection) {}

    /// Replaces the reference geography with `data`. Communes, EPCI and places are deleted
    /// and inserted again (nothing refers to them). Continents, countries, régions and
    /// départements, which Atlas rows refer to, are upserted by key, and the rows no longer in
    /// `data` deleted; if Atlas data still refers to one of those, throws std::runtime_error
    /// naming it (the caller's transaction then rolls everything back).
    void ReplaceReference(const ReferenceData& data);

    /// Number of countries stored.
    std::int64_t CountCountries();

  private:
    db::Connection& c_;
};

}  // namespace cncd::geo
