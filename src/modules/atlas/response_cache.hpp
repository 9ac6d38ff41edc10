#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "modules/atlas/atlas_service.hpp"
#include "web/http.hpp"

namespace cncd::atlas {

/// Whole responses of anonymous GET requests, by request target. Atlas pages and API answers
/// depend only on the target and the data, so a response stays valid until the database
/// generation changes (a write committed). At most `max_entries` are kept: the cache is
/// emptied when full.
class ResponseCache {
  public:
    /// `atlas` gives the database generation and must outlive the cache.
    ResponseCache(const AtlasService& atlas, std::size_t max_entries)
        : atlas_(atlas), max_entries_(max_entries) {}

    /// The cached response to `request`, else `build()`'s, kept when it is a 200. A request
    /// with cookies is always built and never kept.
    web::Response Get(const web::Request& request, const std::function<web::Response()>& build) {
        // A request with cookies may one day get a personalised layout: never share it.
        if (request.Header("cookie")) return build();
        const std::uint64_t generation = atlas_.Generation();
        std::shared_ptr<const web::Response> cached;
        {
            std::lock_guard lock(mutex_);
            if (generation != generation_) {
                entries_.clear();
                generation_ = generation;
            }
            if (auto it = entries_.find(request.target); it != entries_.end()) cached = it->second;
        }
        if (cached) return *cached;  // copied outside the lock
        web::Response response = build();
        if (response.status != 200) return response;
        auto shared = std::make_shared<const web::Response>(response);
        std::lock_guard lock(mutex_);
        if (generation == generation_) {
            if (entries_.size() >= max_entries_) entries_.clear();
            entries_.emplace(request.target, std::move(shared));
        }
        return response;
    }

  private:
    const AtlasService& atlas_;
    const std::size_t max_entries_;
    std::mutex mutex_;
    std::uint64_t generation_ = 0;
    std::unordered_map<std::string, std::shared_ptr<const web::Response>> entries_;
};

}  // namespace cncd::atlas
