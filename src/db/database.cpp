#include "db/database.hpp"

namespace cncd::db {

void Database::AddReader(std::unique_ptr<Connection> c) {
    std::lock_guard lock(pool_mutex_);
    idle_.push_back(c.get());
    readers_.push_back(std::move(c));
}

void Database::CloseReaders() {
    std::lock_guard lock(pool_mutex_);
    idle_.clear();
    readers_.clear();
}

Connection* Database::AcquireReader() {
    std::unique_lock lock(pool_mutex_);
    pool_cv_.wait(lock, [&] { return !idle_.empty(); });
    Connection* c = idle_.back();
    idle_.pop_back();
    return c;
}

void Database::ReleaseReader(Connection* c) {
    {
        std::lock_guard lock(pool_mutex_);
        idle_.push_back(c);
    }
    pool_cv_.notify_one();
}

}  // namespace cncd::db
