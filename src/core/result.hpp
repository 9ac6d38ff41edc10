#pragma once

#include <string>
#include <utility>
#include <variant>

namespace cncd {

/// The expected ways an operation can fail; web/ maps each to an HTTP status.
enum class ErrorCode {
    kInvalidArgument,
    kNotFound,
    kAlreadyExists,
    kPermissionDenied,
    kUnauthenticated,
    kFailedPrecondition,
    kInternal,
};

/// An expected failure: a code, a French message for the user, and the field at fault if any.
struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::string field;
};

inline Error InvalidArgument(std::string field, std::string message) {
    return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
}
inline Error NotFound(std::string message) {
    return Error{ErrorCode::kNotFound, std::move(message), {}};
}

/// A value or an Error. Expected failures travel as values; bugs are exceptions.
template <typename T>
class Result {
  public:
    Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(state_); }
    T& value() & { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    const Error& error() const { return std::get<Error>(state_); }

  private:
    std::variant<T, Error> state_;
};

/// Result of an operation that returns nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace cncd
