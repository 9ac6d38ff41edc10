#include "web/router.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace cncd::web {

namespace {

// Ranks compared lexicographically: a literal beats a parameter, which beats the end of a
// pattern without "{*rest}", which beats "{*rest}" (so "/a" wins over "/a/{*rest}" for "/a").
constexpr int kRankLiteral = 3;
constexpr int kRankParam = 2;
constexpr int kRankEnd = 1;
constexpr int kRankRest = 0;

/// Splits a path on '/', dropping empty segments; `decode` percent-decodes each one.
std::vector<std::string> SplitSegments(std::string_view path, bool decode) {
    std::vector<std::string> segments;
    while (!path.empty()) {
        const auto slash = path.find('/');
        const auto piece = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        if (piece.empty()) continue;
        segments.push_back(decode ? PercentDecode(piece, false) : std::string(piece));
    }
    return segments;
}

/// The request's path segments, decoded one by one from the raw target so that an encoded '/'
/// stays inside its segment; requests built by hand without a target use the decoded path.
std::vector<std::string> RequestSegments(const Request& request) {
    if (request.target.empty()) return SplitSegments(request.path, false);
    return SplitSegments(SplitTarget(request.target).path, true);
}

std::string JoinMethods(const std::set<std::string>& methods) {
    std::string allow;
    for (const auto& method : methods) {
        if (!allow.empty()) allow += ", ";
        allow += method;
    }
    return allow;
}

Response DefaultNoRoute(const Request&, int status, const std::string&) {
    return Response::Text(status == 404 ? "Page introuvable.\n" : "Méthode non autorisée.\n",
                          "text/plain; charset=utf-8", status);
}

bool HasHeader(const Response& response, std::string_view name) {
    return std::any_of(response.headers.begin(), response.headers.end(), [&](const auto& field) {
        return std::equal(
            field.first.begin(), field.first.end(), name.begin(), name.end(),
            [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
    });
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
    Route route{std::move(method), {}, std::move(handler)};
    const auto pieces = SplitSegments(pattern, false);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const auto& piece = pieces[i];
        if (!piece.starts_with('{')) {
            if (piece.find_first_of("{}") != std::string::npos) {
                throw std::invalid_argument("route pattern: stray brace in " + pattern);
            }
            route.segments.push_back({SegmentKind::kLiteral, piece});
            continue;
        }
        if (!piece.ends_with('}') || piece.size() < 3) {
            throw std::invalid_argument("route pattern: bad parameter in " + pattern);
        }
        if (piece[1] == '*') {
            if (i + 1 != pieces.size() || piece.size() < 4) {
                throw std::invalid_argument("route pattern: {*rest} must end " + pattern);
            }
            route.segments.push_back({SegmentKind::kRest, piece.substr(2, piece.size() - 3)});
            continue;
        }
        route.segments.push_back({SegmentKind::kParam, piece.substr(1, piece.size() - 2)});
    }
    routes_.push_back(std::move(route));
}

bool Router::Matches(const Route& route, const std::vector<std::string>& segments,
                     std::vector<int>& rank) {
    rank.clear();
    for (std::size_t i = 0; i < route.segments.size(); ++i) {
        const auto& segment = route.segments[i];
        switch (segment.kind) {
            case SegmentKind::kRest:
                rank.push_back(kRankRest);
                return true;
            case SegmentKind::kParam:
                if (i >= segments.size()) return false;
                rank.push_back(kRankParam);
                break;
            case SegmentKind::kLiteral:
                if (i >= segments.size() || segments[i] != segment.text) return false;
                rank.push_back(kRankLiteral);
                break;
        }
    }
    rank.push_back(kRankEnd);
    return route.segments.size() == segments.size();
}

void Router::FillParams(const Route& route, const std::vector<std::string>& segments,
                        Request& request) {
    request.params.clear();
    for (std::size_t i = 0; i < route.segments.size(); ++i) {
        const auto& segment = route.segments[i];
        switch (segment.kind) {
            case SegmentKind::kLiteral:
                break;
            case SegmentKind::kParam:
                request.params[segment.text] = segments[i];
                break;
            case SegmentKind::kRest: {
                std::string rest;
                for (std::size_t j = i; j < segments.size(); ++j) {
                    if (!rest.empty()) rest += '/';
                    rest += segments[j];
                }
                request.params[segment.text] = std::move(rest);
                break;
            }
        }
    }
}

Response Router::Dispatch(Request& request) const { return Dispatch(request, DefaultNoRoute); }

Response Router::Dispatch(Request& request, const NoRouteHandler& no_route) const {
    const auto segments = RequestSegments(request);
    const bool is_head = request.method == "HEAD";

    const Route* best = nullptr;
    std::vector<int> best_rank;
    std::vector<int> rank;
    std::set<std::string> path_methods;
    for (const auto& route : routes_) {
        if (!Matches(route, segments, rank)) continue;
        path_methods.insert(route.method);
        const bool method_ok = route.method == request.method || (is_head && route.method == "GET");
        if (!method_ok) continue;
        // Most specific pattern first; for HEAD an explicit HEAD route beats GET.
        const bool better = best == nullptr || rank > best_rank ||
                            (rank == best_rank && is_head && route.method == "HEAD");
        if (better) {
            best = &route;
            best_rank = rank;
        }
    }

    if (best == nullptr) {
        if (path_methods.empty()) return no_route(request, 404, {});
        if (path_methods.contains("GET")) path_methods.insert("HEAD");
        const auto allow = JoinMethods(path_methods);
        auto response = no_route(request, 405, allow);
        if (!HasHeader(response, "Allow")) response.headers.emplace_back("Allow", allow);
        return response;
    }

    FillParams(*best, segments, request);
    // HEAD served by a GET route keeps its body here: the middleware may still compress it (so
    // that Content-Length is the one GET would send) and the server never sends it.
    return best->handler(request);
}

}  // namespace cncd::web
