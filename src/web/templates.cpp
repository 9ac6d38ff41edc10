#include "web/templates.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace cncd::web {

namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kExtension = ".mustache";
constexpr std::string_view kLayout = "layout";

/// Looks names up in a stack of views and partials in the loaded templates (so a view never
/// needs to carry them). Same lookup rules as kainjow's own context.
class Context final : public mustache::basic_context<std::string> {
  public:
    explicit Context(const std::unordered_map<std::string, mustache::data>& partials)
        : partials_(partials) {}

    void push(const mustache::data* data) override { items_.push_back(data); }
    void pop() override { items_.pop_back(); }

    const mustache::data* get(const std::string& name) const override {
        if (name == ".") return items_.back();
        if (name.find('.') == std::string::npos) {
            for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
                if (const auto* value = (*it)->get(name)) return value;
            }
            return nullptr;
        }
        std::vector<std::string> parts;
        std::string_view rest = name;
        while (!rest.empty()) {
            const auto dot = rest.find('.');
            parts.emplace_back(rest.substr(0, dot));
            rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
        }
        for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
            const mustache::data* value = *it;
            for (const auto& part : parts) {
                value = value->get(part);
                if (value == nullptr) break;
            }
            if (value != nullptr) return value;
        }
        return nullptr;
    }

    const mustache::data* get_partial(const std::string& name) const override {
        const auto it = partials_.find(name);
        return it == partials_.end() ? nullptr : &it->second;
    }

  private:
    const std::unordered_map<std::string, mustache::data>& partials_;
    std::vector<const mustache::data*> items_;
};

/// kainjow renders into anything with operator<<; this appends to a string without the cost of
/// an ostringstream.
struct StringSink {
    std::string& out;
    StringSink& operator<<(const std::string& text) {
        out += text;
        return *this;
    }
};

mustache::data ToData(const nlohmann::json& value) {
    using Type = nlohmann::json::value_t;
    switch (value.type()) {
        case Type::object: {
            mustache::data object{mustache::data::type::object};
            for (const auto& [key, item] : value.items()) object[key] = ToData(item);
            return object;
        }
        case Type::array: {
            mustache::list list;
            list.reserve(value.size());
            for (const auto& item : value) list.push_back(ToData(item));
            return mustache::data{list};
        }
        case Type::string:
            return mustache::data{value.get_ref<const std::string&>()};
        case Type::boolean:
            return mustache::data{value.get<bool>()};
        case Type::number_integer:
            return mustache::data{std::to_string(value.get<std::int64_t>())};
        case Type::number_unsigned:
            return mustache::data{std::to_string(value.get<std::uint64_t>())};
        case Type::number_float:
            return mustache::data{value.dump()};
        case Type::null:
        case Type::binary:
        case Type::discarded:
            return mustache::data{false};
    }
    return mustache::data{false};
}

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read template " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string Trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

bool StartsWithTag(std::string_view text, std::string_view tag) {
    if (text.size() <= tag.size()) return false;
    for (std::size_t i = 0; i < tag.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != tag[i]) return false;
    }
    const char next = text[tag.size()];
    return next == '>' || next == ' ' || next == '\t' || next == '\n' || next == '\r';
}

/// Drops the indentation at the start of every line, outside <pre> and <textarea>: it means
/// nothing in HTML, and kainjow renders every blank as a piece of its own (indentation took half
/// of the layout's render time).
std::string DropIndentation(std::string_view source) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kPreserved{{
        {"<pre", "</pre"},
        {"<textarea", "</textarea"},
    }};
    std::string out;
    out.reserve(source.size());
    bool at_line_start = true;
    std::string_view preserve_until;
    for (std::size_t i = 0; i < source.size(); ++i) {
        const char c = source[i];
        if (!preserve_until.empty()) {
            if (c == '<' && StartsWithTag(source.substr(i), preserve_until)) preserve_until = {};
            out.push_back(c);
            continue;
        }
        if (at_line_start && (c == ' ' || c == '\t')) continue;
        at_line_start = c == '\n';
        if (c == '<') {
            for (const auto& [open, close] : kPreserved) {
                if (StartsWithTag(source.substr(i), open)) preserve_until = close;
            }
        }
        out.push_back(c);
    }
    return out;
}

/// Replaces every {{> name}} by the text of that template, recursively, so partials are parsed
/// once at start instead of at every render. A partial that includes itself (directly or not)
/// is left as a tag and resolved at render time; templates that change delimiters are left as
/// written.
class PartialExpander {
  public:
    explicit PartialExpander(const std::unordered_map<std::string, std::string>& sources)
        : sources_(sources) {}

    std::string Expand(const std::string& name) {
        const auto& source = sources_.at(name);
        if (source.find("{{=") != std::string::npos) return source;
        stack_.push_back(name);
        std::string out;
        out.reserve(source.size());
        std::size_t pos = 0;
        while (true) {
            const auto open = source.find("{{", pos);
            if (open == std::string::npos) break;
            const auto close = source.find("}}", open + 2);
            if (close == std::string::npos) break;
            const auto contents = Trim(std::string_view(source).substr(open + 2, close - open - 2));
            if (contents.empty() || contents[0] != '>') {
                out.append(source, pos, close + 2 - pos);
                pos = close + 2;
                continue;
            }
            const auto partial = Trim(std::string_view(contents).substr(1));
            if (!sources_.contains(partial)) {
                throw std::runtime_error("template " + name + ": unknown partial " + partial);
            }
            out.append(source, pos, open - pos);
            if (std::find(stack_.begin(), stack_.end(), partial) != stack_.end()) {
                out.append(source, open, close + 2 - open);  // recursive: resolved at render time
            } else {
                out += Expand(partial);
            }
            pos = close + 2;
        }
        out.append(source, pos);
        stack_.pop_back();
        return out;
    }

  private:
    const std::unordered_map<std::string, std::string>& sources_;
    std::vector<std::string> stack_;
};

}  // namespace

struct Templates::Impl {
    /// Parsed templates, partials expanded. kainjow's render() is not const, but it only writes
    /// to the template when rendering fails, which load-time validation rules out (no lambdas
    /// in our data, every partial checked): concurrent renders of one template are safe.
    std::unordered_map<std::string, std::unique_ptr<mustache::mustache>> compiled;
    /// Raw sources by name, for partials resolved at render time (recursive ones).
    std::unordered_map<std::string, mustache::data> partials;

    std::string RenderWith(std::string_view name,
                           std::initializer_list<const mustache::data*> stack) const {
        const auto it = compiled.find(std::string(name));
        if (it == compiled.end()) throw std::out_of_range("unknown template: " + std::string(name));
        Context context(partials);
        for (const auto* data : stack) context.push(data);
        std::string out;
        StringSink sink{out};
        it->second->render(context, sink);
        if (!it->second->is_valid()) {
            throw std::runtime_error("template " + std::string(name) + ": " +
                                     it->second->error_message());
        }
        return out;
    }
};

Templates::Templates(const std::filesystem::path& dir) : impl_(std::make_unique<Impl>()) {
    std::unordered_map<std::string, std::string> sources;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().extension() != kExtension) continue;
        sources.emplace(entry.path().stem().string(), DropIndentation(ReadFile(entry.path())));
    }
    PartialExpander expander(sources);
    for (const auto& [name, source] : sources) {
        auto compiled = std::make_unique<mustache::mustache>(expander.Expand(name));
        if (!compiled->is_valid()) {
            throw std::runtime_error("template " + name + ": " + compiled->error_message());
        }
        if (!mustache::mustache(source).is_valid()) {
            throw std::runtime_error("template " + name + " is not valid as a partial");
        }
        impl_->compiled.emplace(name, std::move(compiled));
        impl_->partials.emplace(name, mustache::data{source});
    }
}

Templates::~Templates() = default;

std::string Templates::Render(std::string_view name, const nlohmann::json& view) const {
    if (!impl_->compiled.contains(std::string(name))) {
        throw std::out_of_range("unknown template: " + std::string(name));
    }
    const auto data = ToData(view);
    return impl_->RenderWith(name, {&data});
}

std::string Templates::RenderPage(std::string_view name, const nlohmann::json& page) const {
    if (!page.is_object() || !page.contains("title") || !page["title"].is_string()) {
        throw std::invalid_argument("RenderPage(" + std::string(name) +
                                    "): page.title is required");
    }
    const auto page_data = ToData(page);
    auto body = impl_->RenderWith(name, {&page_data});

    // What only the layout needs, pushed above the page so the page's own fields stay visible.
    mustache::data layout{mustache::data::type::object};
    layout["body"] = mustache::data{std::move(body)};
    if (const auto active = page.find("active"); active != page.end() && active->is_string()) {
        mustache::data nav_active{mustache::data::type::object};
        nav_active[active->get<std::string>()] = mustache::data{true};
        layout["nav_active"] = std::move(nav_active);
    }
    mustache::list breadcrumb;
    if (const auto items = page.find("breadcrumb"); items != page.end() && items->is_array()) {
        breadcrumb.reserve(items->size());
        for (std::size_t i = 0; i < items->size(); ++i) {
            const auto& item = (*items)[i];
            if (!item.is_object()) continue;
            mustache::data crumb{mustache::data::type::object};
            crumb["label"] = mustache::data{item.value("label", std::string{})};
            // Always set, so an item without a link never picks up a "href" of the page.
            const bool has_href = item.contains("href") && item["href"].is_string();
            crumb["href"] =
                has_href ? mustache::data{item["href"].get<std::string>()} : mustache::data{false};
            crumb["current"] = mustache::data{i + 1 == items->size()};
            breadcrumb.push_back(std::move(crumb));
        }
    }
    layout["has_breadcrumb"] = mustache::data{!breadcrumb.empty()};
    layout["breadcrumb_items"] = mustache::data{breadcrumb};
    return impl_->RenderWith(kLayout, {&page_data, &layout});
}

}  // namespace cncd::web
