#include "modules/apd/apd_outputs.hpp"

#include <array>
#include <functional>
#include <string_view>
#include <vector>

#include "modules/apd/apd.hpp"
#include "modules/apd/apd_codes.hpp"

namespace cncd::apd {
namespace {

// The validated lines with what every output needs.
constexpr std::string_view kValidatedLines =
    "SELECT d.year, a.id, a.name, coalesce(a.siren, ''), a.kind, d.id, v.number, l.position,"
    " coalesce(l.country_iso2, ''), coalesce(c.name, ''), coalesce(l.recipient_region, ''),"
    " l.channel_code, l.purpose_code, l.expenditure_type, l.aid_type, l.amount_eur,"
    " l.marker_gender, l.marker_environment, l.marker_biodiversity, l.marker_nutrition,"
    " l.marker_inclusion, l.project_id, l.comment, coalesce(v.reviewed_at, '')"
    " FROM apd_declarations d"
    " JOIN apd_versions v ON v.id = d.validated_version_id"
    " JOIN apd_lines l ON l.version_id = v.id"
    " JOIN authorities a ON a.id = d.authority_id"
    " LEFT JOIN countries c ON c.iso2 = l.country_iso2"
    " WHERE (?1 IS NULL OR d.year = ?1) AND (?2 IS NULL OR d.authority_id = ?2)"
    " ORDER BY d.year, a.name, a.id, l.position";

struct ValidatedLine {
    int year = 0;
    std::int64_t authority_id = 0;
    std::string authority;
    std::string siren;
    std::string authority_kind;
    std::int64_t declaration_id = 0;
    int version = 0;
    int position = 0;
    std::string country;
    std::string country_name;
    std::string region;
    std::string channel;
    std::string purpose;
    std::string expenditure_type;
    std::string aid_type;
    std::int64_t amount = 0;
    std::array<int, 5> markers{};
    std::optional<std::int64_t> project_id;
    std::string comment;
    std::string validated_at;
};

ValidatedLine ReadLine(const db::Row& r) {
    ValidatedLine l;
    l.year = static_cast<int>(r.Int(0));
    l.authority_id = r.Int(1);
    l.authority = r.Text(2);
    l.siren = r.Text(3);
    l.authority_kind = r.Text(4);
    l.declaration_id = r.Int(5);
    l.version = static_cast<int>(r.Int(6));
    l.position = static_cast<int>(r.Int(7));
    l.country = r.Text(8);
    l.country_name = r.Text(9);
    l.region = r.Text(10);
    l.channel = r.Text(11);
    l.purpose = r.Text(12);
    l.expenditure_type = r.Text(13);
    l.aid_type = r.Text(14);
    l.amount = r.Int(15);
    for (std::size_t m = 0; m < 5; ++m)
        l.markers[m] = static_cast<int>(r.Int(16 + static_cast<int>(m)));
    l.project_id = r.OptionalInt(21);
    l.comment = r.Text(22);
    l.validated_at = r.Text(23);
    return l;
}

void ForEachLine(db::Connection& c, std::optional<int> year, std::optional<std::int64_t> authority,
                 const std::function<void(const ValidatedLine&)>& fn) {
    c.Query(kValidatedLines, {db::Nullable(year), db::Nullable(authority)},
            [&](const db::Row& r) { fn(ReadLine(r)); });
}

std::string RecipientName(const ValidatedLine& l, const CodeBook& codes) {
    return l.country.empty() ? codes.Name("Region", l.region) : l.country_name;
}

std::string XmlEscape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                // Control characters other than tab, CR, LF are not allowed in XML 1.0.
                if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
                    out += ' ';
                else
                    out += ch;
        }
    }
    return out;
}

}  // namespace

void WriteStatsTable(const StatsTable& table, exports::Format format,
                     const exports::ByteSink& sink) {
    std::vector<exports::Column> columns;
    for (const Dimension d : table.by) {
        const auto i = static_cast<std::size_t>(d);
        const std::string name(kDimensionNames[i]);
        columns.push_back({name, std::string(kDimensionLabels[i]) + " (code)"});
        columns.push_back({name + "_label", std::string(kDimensionLabels[i])});
    }
    columns.push_back({"amount_eur", "Montant (euros)"});
    columns.push_back({"lines", "Nombre de lignes"});
    auto writer = exports::MakeTableWriter(format, sink, {}, "APD");
    writer->Begin(columns);
    for (const auto& row : table.rows) {
        exports::Record record;
        for (std::size_t k = 0; k < row.keys.size(); ++k) {
            if (table.by[k] == Dimension::kYear)
                record.cells.emplace_back(std::int64_t{std::stoll(row.keys[k])});
            else
                record.cells.emplace_back(row.keys[k]);
            record.cells.emplace_back(row.labels[k]);
        }
        record.cells.emplace_back(row.amount_eur);
        record.cells.emplace_back(row.lines);
        writer->Write(record);
    }
    writer->Finish();
}

std::int64_t WriteValidatedLines(db::Database& db, std::optional<int> year,
                                 std::optional<std::int64_t> authority_id, exports::Format format,
                                 const exports::ByteSink& sink) {
    std::vector<exports::Column> columns = {
        {"year", "Année"},
        {"authority_id", "Collectivité (identifiant)"},
        {"authority", "Collectivité"},
        {"siren", "SIREN"},
        {"declaration_id", "Déclaration"},
        {"version", "Version"},
        {"line", "Ligne"},
        {"recipient", "Bénéficiaire (code)"},
        {"recipient_name", "Bénéficiaire"},
        {"channel", "Canal (code CRS)"},
        {"channel_name", "Canal"},
        {"sector", "Secteur (code CRS)"},
        {"sector_name", "Secteur"},
        {"expenditure_type", "Type de dépense (code)"},
        {"expenditure_type_name", "Type de dépense"},
        {"aid_type", "Type d'aide (code CRS)"},
        {"amount_eur", "Montant (euros)"},
    };
    for (const auto& m : kMarkers)
        columns.push_back({"marker_" + std::string(m.key), "Marqueur " + std::string(m.label)});
    columns.push_back({"project_id", "Projet de l'Atlas"});
    columns.push_back({"comment", "Commentaire"});
    return db.Read([&](db::Connection& c) {
        const CodeBook codes = CodeBook::Load(c);
        auto writer = exports::MakeTableWriter(format, sink, {}, "Lignes APD");
        writer->Begin(columns);
        std::int64_t rows = 0;
        ForEachLine(c, year, authority_id, [&](const ValidatedLine& l) {
            const auto* type = FindExpenditureType(l.expenditure_type);
            exports::Record r;
            r.cells = {std::int64_t{l.year},
                       l.authority_id,
                       l.authority,
                       l.siren,
                       l.declaration_id,
                       std::int64_t{l.version},
                       std::int64_t{l.position},
                       l.country.empty() ? l.region : l.country,
                       RecipientName(l, codes),
                       l.channel,
                       codes.Name("CRSChannelCode", l.channel),
                       l.purpose,
                       codes.Name("Sector", l.purpose),
                       l.expenditure_type,
                       type ? std::string(type->label) : l.expenditure_type,
                       l.aid_type,
                       l.amount};
            for (const int m : l.markers) r.cells.emplace_back(std::int64_t{m});
            if (l.project_id)
                r.cells.emplace_back(*l.project_id);
            else
                r.cells.emplace_back(std::monostate{});
            r.cells.emplace_back(l.comment);
            writer->Write(r);
            ++rows;
        });
        writer->Finish();
        return rows;
    });
}

std::optional<int> LatestValidatedYear(db::Database& db) {
    const auto year = db.Read([](db::Connection& c) {
        return c.QueryInt(
            "SELECT max(year) FROM apd_declarations WHERE validated_version_id IS NOT NULL");
    });
    return year ? std::optional<int>(static_cast<int>(year)) : std::nullopt;
}

std::int64_t WriteCrsRows(db::Database& db, int year, const exports::ByteSink& sink) {
    std::vector<exports::Column> columns = {
        {"year", "Year"},
        {"donor_code", "Donor code"},
        {"donor_name", "Donor name"},
        {"agency_code", "Agency code"},
        {"agency_name", "Agency name"},
        {"crs_id", "CRS identification number"},
        {"project_number", "Donor project number"},
        {"reporting_authority", "Reporting local authority"},
        {"recipient_iso", "Recipient (ISO 3166)"},
        {"recipient_region", "Recipient region code"},
        {"recipient_name", "Recipient name"},
        {"channel_code", "Channel code"},
        {"channel_name", "Channel name"},
        {"flow_code", "Type of flow"},
        {"finance_type", "Type of finance"},
        {"aid_type", "Type of aid"},
        {"purpose_code", "Purpose code"},
        {"purpose_name", "Purpose name"},
        {"gender", "Gender equality"},
        {"environment", "Aid to environment"},
        {"biodiversity", "Biodiversity"},
        {"nutrition", "Nutrition"},
        {"disability", "Disability inclusion"},
        {"currency", "Currency"},
        {"disbursement", "Amount disbursed"},
    };
    return db.Read([&](db::Connection& c) {
        const CodeBook codes = CodeBook::Load(c);
        auto writer = exports::MakeTableWriter(exports::Format::kCsv, sink, {}, "CRS");
        writer->Begin(columns);
        std::int64_t rows = 0;
        ForEachLine(c, year, std::nullopt, [&](const ValidatedLine& l) {
            const std::string number = "APD-" + std::to_string(l.year) + "-" +
                                       std::to_string(l.declaration_id) + "-" +
                                       std::to_string(l.position);
            exports::Record r;
            r.cells = {std::int64_t{l.year},
                       std::int64_t{kCrsDonorCode},
                       std::string("France"),
                       std::int64_t{kCrsAgencyCode},
                       std::string("COOP DECENTRAL/MAE"),
                       std::to_string(l.year) + "00" + std::to_string(l.declaration_id) + "-" +
                           std::to_string(l.position),
                       number,
                       l.authority + (l.siren.empty() ? "" : " (SIREN " + l.siren + ")"),
                       l.country,
                       l.region,
                       RecipientName(l, codes),
                       l.channel,
                       codes.Name("CRSChannelCode", l.channel),
                       std::string(kCrsFlowCode),
                       std::string(kCrsFinanceType),
                       l.aid_type,
                       l.purpose,
                       codes.Name("Sector", l.purpose)};
            for (const int m : l.markers) r.cells.emplace_back(std::int64_t{m});
            r.cells.emplace_back(std::string("EUR"));
            r.cells.emplace_back(l.amount);
            writer->Write(r);
            ++rows;
        });
        writer->Finish();
        return rows;
    });
}

Result<std::string> IatiActivities(db::Database& db, std::optional<std::int64_t> authority_id,
                                   int year, const std::string& generated_at) {
    return db.Read([&](db::Connection& c) -> Result<std::string> {
        const CodeBook codes = CodeBook::Load(c);
        std::vector<ValidatedLine> lines;
        ForEachLine(c, year, authority_id, [&](const ValidatedLine& l) { lines.push_back(l); });
        if (lines.empty()) {
            return NotFound(std::string(authority_id ? "Aucune déclaration validée de cette "
                                                       "collectivité pour "
                                                     : "Aucune déclaration validée pour ") +
                            std::to_string(year) + ".");
        }
        const std::string y = std::to_string(year);
        std::string x;
        x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        x += "<iati-activities version=\"2.03\" generated-datetime=\"" + XmlEscape(generated_at) +
             "\">\n";
        for (const auto& l : lines) {
            // Organisation identifier: the French SIREN (see README), or the portal's own id
            // when the authority has no SIREN.
            const std::string org_ref = l.siren.empty()
                                            ? "FR-CNCD-" + std::to_string(l.authority_id)
                                            : "FR-SIREN-" + l.siren;
            const std::string org_name = XmlEscape(l.authority);
            const std::string recipient = XmlEscape(RecipientName(l, codes));
            const auto* type = FindExpenditureType(l.expenditure_type);
            x += " <iati-activity xml:lang=\"fr\" default-currency=\"EUR\" "
                 "last-updated-datetime=\"" +
                 XmlEscape(generated_at) + "\" humanitarian=\"0\">\n";
            x += "  <iati-identifier>" + XmlEscape(org_ref) + "-APD-" + y + "-" +
                 std::to_string(l.position) + "</iati-identifier>\n";
            x += "  <reporting-org ref=\"" + XmlEscape(org_ref) + "\" type=\"" +
                 std::string(kIatiLocalGovernment) + "\"><narrative>" + org_name +
                 "</narrative></reporting-org>\n";
            x += "  <title><narrative>" +
                 XmlEscape((type ? std::string(type->label) : l.expenditure_type) + " — " +
                           RecipientName(l, codes) + " — " + y) +
                 "</narrative></title>\n";
            x += "  <description type=\"1\"><narrative>" +
                 XmlEscape("Aide publique au développement déclarée par " + l.authority + " pour " +
                           y + " : " + codes.Name("Sector", l.purpose) + ", " + recipient + "." +
                           (l.comment.empty() ? "" : " " + l.comment)) +
                 "</narrative></description>\n";
            x += "  <participating-org ref=\"" + XmlEscape(org_ref) + "\" role=\"1\" type=\"" +
                 std::string(kIatiLocalGovernment) + "\"><narrative>" + org_name +
                 "</narrative></participating-org>\n";
            x += "  <participating-org role=\"4\" crs-channel-code=\"" + XmlEscape(l.channel) +
                 "\"><narrative>" + XmlEscape(codes.Name("CRSChannelCode", l.channel)) +
                 "</narrative></participating-org>\n";
            x += "  <activity-status code=\"4\"/>\n";
            x += "  <activity-date iso-date=\"" + y + "-01-01\" type=\"2\"/>\n";
            x += "  <activity-date iso-date=\"" + y + "-12-31\" type=\"4\"/>\n";
            if (!l.country.empty()) {
                x += "  <recipient-country code=\"" + XmlEscape(l.country) +
                     "\" percentage=\"100\"><narrative>" + recipient +
                     "</narrative></recipient-country>\n";
            } else {
                x += "  <recipient-region code=\"" + XmlEscape(l.region) +
                     "\" vocabulary=\"1\" percentage=\"100\"><narrative>" + recipient +
                     "</narrative></recipient-region>\n";
            }
            x += "  <sector code=\"" + XmlEscape(l.purpose) +
                 "\" vocabulary=\"1\" percentage=\"100\"><narrative>" +
                 XmlEscape(codes.Name("Sector", l.purpose)) + "</narrative></sector>\n";
            for (std::size_t m = 0; m < kMarkers.size(); ++m) {
                x += "  <policy-marker vocabulary=\"1\" code=\"" +
                     std::string(kMarkers[m].iati_code) + "\" significance=\"" +
                     std::to_string(l.markers[m]) + "\"/>\n";
            }
            x += "  <default-flow-type code=\"" + std::string(kCrsFlowCode) + "\"/>\n";
            x += "  <default-finance-type code=\"" + std::string(kCrsFinanceType) + "\"/>\n";
            x += "  <default-aid-type code=\"" + XmlEscape(l.aid_type) + "\" vocabulary=\"1\"/>\n";
            x += "  <transaction>\n";
            x += "   <transaction-type code=\"3\"/>\n";
            x += "   <transaction-date iso-date=\"" + y + "-12-31\"/>\n";
            x += "   <value currency=\"EUR\" value-date=\"" + y + "-12-31\">" +
                 std::to_string(l.amount) + "</value>\n";
            x += "   <provider-org ref=\"" + XmlEscape(org_ref) + "\" type=\"" +
                 std::string(kIatiLocalGovernment) + "\"><narrative>" + org_name +
                 "</narrative></provider-org>\n";
            x += "  </transaction>\n";
            x += " </iati-activity>\n";
        }
        x += "</iati-activities>\n";
        return x;
    });
}

}  // namespace cncd::apd
