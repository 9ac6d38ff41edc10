#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/result.hpp"
#include "db/database.hpp"

namespace cncd::atlas {

/// A bounded cache of computed values, emptied whenever the database generation changes (a
/// write committed). Concurrent requests for a missing key wait for one computation instead of
/// each running it. Errors are returned but not kept (unknown keys must not fill the cache).
template <typename V>
class GenerationCache {
  public:
    using Value = Result<std::shared_ptr<const V>>;

    GenerationCache(const db::Database& db, std::size_t max_entries)
        : db_(db), max_entries_(max_entries) {}

    /// The value of `key`, computed by `compute()` (returning Value) when missing or stale.
    template <typename Compute>
    Value Get(const std::string& key, Compute&& compute) {
        const std::uint64_t generation = db_.Generation();
        std::promise<Value> promise;
        std::shared_future<Value> pending;
        std::uint64_t token = 0;
        bool stale = false;
        {
            std::lock_guard lock(mutex_);
            if (generation > generation_) {
                entries_.clear();
                generation_ = generation;
            }
            if (generation < generation_) {
                stale = true;
            } else if (auto it = entries_.find(key); it != entries_.end()) {
                pending = it->second.future;
            } else {
                if (entries_.size() >= max_entries_) entries_.clear();
                token = ++next_token_;
                entries_.emplace(key, Entry{promise.get_future().share(), token});
            }
        }
        // A reader that saw an older generation than the cache holds computes for itself.
        if (stale) return compute();
        if (pending.valid()) return pending.get();
        try {
            Value value = compute();
            if (!value.ok()) Forget(key, token);
            promise.set_value(value);
            return value;
        } catch (...) {
            Forget(key, token);
            promise.set_exception(std::current_exception());
            throw;
        }
    }

  private:
    struct Entry {
        std::shared_future<Value> future;
        std::uint64_t token = 0;
    };

    void Forget(const std::string& key, std::uint64_t token) {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(key);
        if (it != entries_.end() && it->second.token == token) entries_.erase(it);
    }

    const db::Database& db_;
    const std::size_t max_entries_;
    std::mutex mutex_;
    std::uint64_t generation_ = 0;
    std::uint64_t next_token_ = 0;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace cncd::atlas
