#include "modules/apd/apd_codes.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string_view>

namespace cncd::apd {
namespace {

constexpr std::string_view kDeleteList = "DELETE FROM apd_codes WHERE list = ?";
constexpr std::string_view kInsertCode =
    "INSERT INTO apd_codes (list, code, name, category, continent, source)"
    " VALUES (?, ?, ?, ?, ?, 'iati')";
constexpr std::string_view kSelectCodes =
    "SELECT list, code, name, coalesce(category, ''), coalesce(continent, '') FROM apd_codes";
// Sectors of the Atlas themes (each theme has a DAC code): the form works without an import.
constexpr std::string_view kThemeSectors =
    "SELECT dac_code, name FROM themes WHERE length(dac_code) = 5 ORDER BY parent_id IS NOT NULL, "
    "sort_order";

// CRS regions that lie in one continent (the Region codelist's codes).
constexpr std::array<std::pair<std::string_view, std::string_view>, 25> kRegionContinents = {{
    {"88", "europe"},     {"89", "europe"},      {"189", "afrique"},    {"289", "afrique"},
    {"298", "afrique"},   {"1027", "afrique"},   {"1028", "afrique"},   {"1029", "afrique"},
    {"1030", "afrique"},  {"380", "ameriques"},  {"389", "ameriques"},  {"489", "ameriques"},
    {"498", "ameriques"}, {"1031", "ameriques"}, {"1032", "ameriques"}, {"589", "asie"},
    {"619", "asie"},      {"679", "asie"},       {"689", "asie"},       {"789", "asie"},
    {"798", "asie"},      {"889", "oceanie"},    {"1033", "oceanie"},   {"1034", "oceanie"},
    {"1035", "oceanie"},
}};

std::string_view ContinentOfRegion(std::string_view code) {
    for (const auto& [region, continent] : kRegionContinents) {
        if (region == code) return continent;
    }
    return {};
}

struct DocFree {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

bool Named(const xmlNode* n, std::string_view name) {
    return n->type == XML_ELEMENT_NODE &&
           std::string_view(reinterpret_cast<const char*>(n->name)) == name;
}

const xmlNode* Child(const xmlNode* n, std::string_view name) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (Named(c, name)) return c;
    }
    return nullptr;
}

std::string Content(const xmlNode* n) {
    if (!n) return {};
    xmlChar* text = xmlNodeGetContent(n);
    std::string out = text ? reinterpret_cast<const char*>(text) : "";
    xmlFree(text);
    const auto first = out.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = out.find_last_not_of(" \t\r\n");
    return out.substr(first, last - first + 1);
}

std::string Attribute(const xmlNode* n, const char* name) {
    xmlChar* value = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
    std::string out = value ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return out;
}

// The French narrative of <name>, else the one without a language (the list's, English).
std::string FrenchName(const xmlNode* name) {
    if (!name) return {};
    std::string fallback;
    for (const xmlNode* n = name->children; n; n = n->next) {
        if (!Named(n, "narrative")) continue;
        xmlChar* lang = xmlNodeGetLang(n);
        const std::string l = lang ? reinterpret_cast<const char*>(lang) : "";
        xmlFree(lang);
        if (l == "fr") return Content(n);
        if (fallback.empty() && (l.empty() || l == "en")) fallback = Content(n);
    }
    return fallback;
}

}  // namespace

Result<std::vector<Code>> ReadCodelistFile(const std::filesystem::path& file) {
    std::unique_ptr<xmlDoc, DocFree> doc(xmlReadFile(
        file.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!doc)
        return InvalidArgument("file",
                               "Fichier illisible ou XML invalide : " + file.filename().string());
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!root || !Named(root, "codelist"))
        return InvalidArgument(
            "file", "Ce fichier n'est pas une liste de codes IATI : " + file.filename().string());
    const std::string list = Attribute(root, "name");
    std::vector<Code> out;
    const xmlNode* items = Child(root, "codelist-items");
    if (!items) return out;
    for (const xmlNode* item = items->children; item; item = item->next) {
        if (!Named(item, "codelist-item")) continue;
        if (Attribute(item, "status") == "withdrawn") continue;
        Code code;
        code.code = Content(Child(item, "code"));
        if (code.code.empty() || code.code.size() > 20) continue;
        code.name = FrenchName(Child(item, "name"));
        if (code.name.empty()) code.name = code.code;
        code.category = Content(Child(item, "category"));
        if (list == "Region") code.continent = std::string(ContinentOfRegion(code.code));
        out.push_back(std::move(code));
    }
    return out;
}

Result<std::map<std::string, std::int64_t>> ImportCodelists(db::Database& db,
                                                            const std::filesystem::path& dir) {
    std::map<std::string, std::vector<Code>> lists;
    for (const auto name : kCodelists) {
        const auto file = dir / (std::string(name) + ".xml");
        if (!std::filesystem::is_regular_file(file)) continue;
        auto codes = ReadCodelistFile(file);
        if (!codes) return codes.error();
        lists[std::string(name)] = std::move(codes).value();
    }
    if (lists.empty())
        return NotFound("Aucune liste de codes IATI (Sector.xml, AidType.xml…) dans " +
                        dir.string());
    return db.Write([&](db::Connection& c) {
        std::map<std::string, std::int64_t> counts;
        for (const auto& [list, codes] : lists) {
            c.Execute(kDeleteList, {list});
            for (const auto& code : codes) {
                c.Execute(
                    kInsertCode,
                    {list, code.code, code.name,
                     code.category.empty() ? db::Value(nullptr) : db::Value(code.category),
                     code.continent.empty() ? db::Value(nullptr) : db::Value(code.continent)});
            }
            counts[list] = static_cast<std::int64_t>(codes.size());
        }
        return counts;
    });
}

CodeBook CodeBook::Load(db::Connection& c) {
    CodeBook book;
    c.Query(kSelectCodes, {}, [&](const db::Row& r) {
        book.lists_[r.Text(0)][r.Text(1)] = Code{r.Text(1), r.Text(2), r.Text(3), r.Text(4)};
    });
    auto& sectors = book.lists_["Sector"];
    c.Query(kThemeSectors, {}, [&](const db::Row& r) {
        // The theme's name only where no list names the code.
        sectors.try_emplace(r.Text(0), Code{r.Text(0), r.Text(1), r.Text(0).substr(0, 3), ""});
    });
    return book;
}

bool CodeBook::Has(std::string_view list, std::string_view code) const {
    const auto l = lists_.find(list);
    return l != lists_.end() && l->second.find(code) != l->second.end();
}

std::string CodeBook::Name(std::string_view list, std::string_view code) const {
    const auto l = lists_.find(list);
    if (l == lists_.end()) return {};
    const auto it = l->second.find(code);
    return it == l->second.end() ? std::string() : it->second.name;
}

std::vector<Code> CodeBook::List(std::string_view list) const {
    std::vector<Code> out;
    const auto l = lists_.find(list);
    if (l == lists_.end()) return out;
    for (const auto& [code, c] : l->second) out.push_back(c);
    return out;
}

std::string CodeBook::RegionContinent(std::string_view code) const {
    const auto l = lists_.find(std::string_view("Region"));
    if (l != lists_.end()) {
        const auto it = l->second.find(code);
        if (it != l->second.end() && !it->second.continent.empty()) return it->second.continent;
    }
    return std::string(ContinentOfRegion(code));
}

}  // namespace cncd::apd
