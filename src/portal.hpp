#pragma once

#include <filesystem>
#include <memory>

#include "db/database.hpp"
#include "web/http.hpp"

namespace cncd {

/// The portal's services and routes, composed once (by main and by integration tests).
class Portal {
public:
    /// `root` holds templates/, static/ and public/vendor/.
    Portal(db::Database& db, const std::filesystem::path& root);
    ~Portal();
    /// The handler of every request, middleware included.
    const web::Handler& handler() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cncd
