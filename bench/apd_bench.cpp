// e-APD statistics benchmark: cross-tabulations with two dimensions over 10 years × 5,000
// authorities × 10 validated lines (500,000 lines), p50 and p95, three ways on the same data:
//   - StatsService (the portal's path: an in-memory, dictionary-encoded copy of the validated
//     lines, reloaded when the published figures change);
//   - the same GROUP BY in SQL on SQLite (what a plain query would cost);
//   - the same GROUP BY on PostgreSQL 15 when --pg is given (bench/apd_bench.sh).
//
//   apd_bench --work DIR [--runs 200] [--sql-runs 20] [--pg CONNINFO] [--out FILE]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "db/migrations.hpp"
#include "db/sqlite/sqlite_database.hpp"
#include "modules/apd/apd.hpp"
#include "modules/apd/apd_stats.hpp"

#ifdef CNCD_BENCH_POSTGRES
#include <libpq-fe.h>
#endif

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace cncd::bench {
namespace {

constexpr int kYears = 10;
constexpr int kFirstYear = 2015;
constexpr int kAuthorities = 5000;
constexpr int kLinesPerDeclaration = 10;
constexpr int kCountries = 140;

const char* const kContinents[] = {"afrique", "ameriques", "asie", "europe", "oceanie"};
const char* const kChannels[] = {"12002", "22000", "23000", "41000", "47000", "51000"};
const char* const kSectors[] = {"11110", "11220", "12220", "12240", "14030", "14050", "15112",
                                "15150", "16010", "16061", "21020", "23210", "25010", "31120",
                                "31166", "32130", "41010", "43010", "43040", "72010", "99820",
                                "93010", "91010", "15160", "11420"};

struct BenchQuery {
    std::string name;
    std::vector<std::pair<std::string, std::string>> params;  // the API's query string
    std::string sql_keys;                                     // the two key expressions
    std::string sql_filter;                                   // WHERE … or empty
};

const std::vector<BenchQuery> kQueries = {
    {"année × continent", {{"by", "year,continent"}}, "d.year, c.continent", ""},
    {"pays × année", {{"by", "country,year"}}, "l.country_iso2, d.year", ""},
    {"type de collectivité × secteur",
     {{"by", "authority_type,sector"}},
     "a.kind, l.purpose_code",
     ""},
    {"département × canal, une année",
     {{"by", "department,channel"}, {"year", "2020"}},
     "a.department_code, l.channel_code",
     "WHERE d.year = 2020"},
    {"région × type de dépense, Afrique",
     {{"by", "region,expenditure_type"}, {"continent", "afrique"}},
     "a.region_code, l.expenditure_type",
     "WHERE c.continent = 'afrique'"},
    {"collectivité × année, un département",
     {{"by", "authority,year"}, {"department", "35"}},
     "a.id, d.year",
     "WHERE a.department_code = '35'"},
};

std::string GroupBySql(const BenchQuery& q) {
    return "SELECT " + q.sql_keys +
           ", sum(l.amount_eur) FROM apd_declarations d"
           " JOIN apd_lines l ON l.version_id = d.validated_version_id"
           " JOIN authorities a ON a.id = d.authority_id"
           " LEFT JOIN countries c ON c.iso2 = l.country_iso2 " +
           q.sql_filter + " GROUP BY 1, 2";
}

struct Timing {
    double p50 = 0;
    double p95 = 0;
};

Timing Measure(int runs, const std::function<void()>& fn) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        fn();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double p) {
        return ms[std::min(ms.size() - 1,
                           static_cast<std::size_t>(p * static_cast<double>(ms.size())))];
    };
    return {at(0.5), at(0.95)};
}

std::string Iso2(int i) {
    return std::string{static_cast<char>('A' + i / 26), static_cast<char>('A' + i % 26)};
}

// The synthetic data set: 140 countries, 13 régions, 96 départements, 5,000 authorities, one
// validated declaration per authority and year with 10 lines (skewed towards a few countries).
void Build(db::Database& db) {
    std::mt19937_64 rng(20260415);
    db.Write([&](db::Connection& c) {
        for (int i = 0; i < 5; ++i) {
            c.Execute("INSERT INTO continents (slug, name, sort_order) VALUES (?, ?, ?)",
                      {std::string(kContinents[i]), std::string(kContinents[i]), std::int64_t{i}});
        }
        for (int i = 0; i < kCountries; ++i) {
            // Africa gets the most countries and most lines, as in the real declarations.
            const int continent = i < 60 ? 0 : i < 85 ? 1 : i < 115 ? 2 : i < 130 ? 3 : 4;
            c.Execute(
                "INSERT INTO countries (iso2, iso3, name, slug, continent, apd_eligible)"
                " VALUES (?, ?, ?, ?, ?, 1)",
                {Iso2(i), Iso2(i) + "X", "Pays " + Iso2(i), "pays-" + Iso2(i),
                 std::string(kContinents[continent])});
        }
        for (int r = 0; r < 13; ++r) {
            c.Execute("INSERT INTO regions (code, name, slug, zone) VALUES (?, ?, ?, 'metro')",
                      {std::to_string(11 + r * 5), "Région " + std::to_string(r),
                       "region-" + std::to_string(r)});
        }
        for (int d = 1; d <= 96; ++d) {
            char code[8];
            std::snprintf(code, sizeof code, "%02d", d);
            c.Execute("INSERT INTO departments (code, name, slug, region_code) VALUES (?, ?, ?, ?)",
                      {std::string(code), "Département " + std::string(code),
                       "departement-" + std::string(code), std::to_string(11 + (d % 13) * 5)});
        }
        const char* const kinds[] = {"commune", "commune",     "commune", "commune",
                                     "commune", "commune",     "commune", "epci",
                                     "epci",    "departement", "region"};
        for (int a = 1; a <= kAuthorities; ++a) {
            const int d = 1 + static_cast<int>(rng() % 96);
            char code[8];
            std::snprintf(code, sizeof code, "%02d", d);
            c.Execute(
                "INSERT INTO authorities (id, kind, name, slug, region_code, department_code)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                {std::int64_t{a}, std::string(kinds[rng() % 11]),
                 "Collectivité " + std::to_string(a), "collectivite-" + std::to_string(a),
                 std::to_string(11 + (d % 13) * 5), std::string(code)});
        }
        std::int64_t version = 0;
        for (int y = kFirstYear; y < kFirstYear + kYears; ++y) {
            c.Execute("INSERT INTO apd_campaigns (year, opens_on, closes_on) VALUES (?, ?, ?)",
                      {std::int64_t{y}, std::to_string(y + 1) + "-04-15",
                       std::to_string(y + 1) + "-05-31"});
            for (int a = 1; a <= kAuthorities; ++a) {
                c.Execute("INSERT INTO apd_declarations (authority_id, year) VALUES (?, ?)",
                          {std::int64_t{a}, std::int64_t{y}});
                const auto declaration = c.LastInsertId();
                c.Execute(
                    "INSERT INTO apd_versions (declaration_id, number, state) VALUES (?, 1, "
                    "'validee')",
                    {declaration});
                version = c.LastInsertId();
                for (int k = 0; k < kLinesPerDeclaration; ++k) {
                    const auto u = std::uniform_real_distribution<double>(0, 1)(rng);
                    const int country = static_cast<int>(u * u * kCountries);
                    const auto& type = apd::kExpenditureTypes[rng() % 8];
                    c.Execute(
                        "INSERT INTO apd_lines (version_id, position, country_iso2, channel_code,"
                        " purpose_code, expenditure_type, aid_type, amount_eur)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        {version, std::int64_t{k + 1}, Iso2(country),
                         std::string(kChannels[rng() % 6]), std::string(kSectors[rng() % 25]),
                         std::string(type.code), std::string(type.aid_type),
                         static_cast<std::int64_t>(100 + rng() % 100000)});
                }
                c.Execute(
                    "UPDATE apd_declarations SET current_version_id = ?2, validated_version_id = ?2"
                    " WHERE id = ?1",
                    {declaration, version});
            }
        }
        return 0;
    });
}

#ifdef CNCD_BENCH_POSTGRES
class Pg {
  public:
    explicit Pg(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK)
            throw std::runtime_error(std::string("postgres: ") + PQerrorMessage(conn_));
        Exec("SET client_min_messages = warning");
    }
    ~Pg() { PQfinish(conn_); }
    void Exec(const std::string& sql) {
        PGresult* r = PQexec(conn_, sql.c_str());
        const auto status = PQresultStatus(r);
        std::string error = PQresultErrorMessage(r);
        PQclear(r);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            throw std::runtime_error("postgres: " + error + " in " + sql.substr(0, 200));
    }
    void Copy(const std::string& sql, const std::string& rows) {
        PGresult* r = PQexec(conn_, sql.c_str());
        if (PQresultStatus(r) != PGRES_COPY_IN) {
            std::string error = PQresultErrorMessage(r);
            PQclear(r);
            throw std::runtime_error("postgres copy: " + error);
        }
        PQclear(r);
        if (PQputCopyData(conn_, rows.data(), static_cast<int>(rows.size())) != 1 ||
            PQputCopyEnd(conn_, nullptr) != 1)
            throw std::runtime_error(std::string("postgres copy: ") + PQerrorMessage(conn_));
        r = PQgetResult(conn_);
        const auto status = PQresultStatus(r);
        std::string error = PQresultErrorMessage(r);
        PQclear(r);
        while ((r = PQgetResult(conn_)) != nullptr) PQclear(r);
        if (status != PGRES_COMMAND_OK) throw std::runtime_error("postgres copy: " + error);
    }

  private:
    PGconn* conn_;
};

// Copies a SQLite query's rows (no NULL, no special characters in this data set).
std::string Rows(db::Database& db, const std::string& sql, int columns) {
    return db.Read([&](db::Connection& c) {
        std::string out;
        c.Query(sql, {}, [&](const db::Row& r) {
            for (int i = 0; i < columns; ++i) {
                if (i) out += '\t';
                out += r.IsNull(i) ? "\\N" : r.Text(i);
            }
            out += '\n';
        });
        return out;
    });
}

void LoadPg(Pg& pg, db::Database& db) {
    pg.Exec("DROP SCHEMA IF EXISTS apd_bench CASCADE");
    pg.Exec("CREATE SCHEMA apd_bench");
    pg.Exec("SET search_path = apd_bench");
    pg.Exec("CREATE TABLE countries (iso2 text PRIMARY KEY, continent text NOT NULL)");
    pg.Exec(
        "CREATE TABLE authorities (id bigint PRIMARY KEY, kind text NOT NULL, region_code text,"
        " department_code text)");
    pg.Exec(
        "CREATE TABLE apd_declarations (id bigint PRIMARY KEY, authority_id bigint NOT NULL,"
        " year int NOT NULL, validated_version_id bigint)");
    pg.Exec(
        "CREATE TABLE apd_lines (id bigint PRIMARY KEY, version_id bigint NOT NULL,"
        " country_iso2 text, channel_code text NOT NULL, purpose_code text NOT NULL,"
        " expenditure_type text NOT NULL, amount_eur bigint NOT NULL)");
    pg.Copy("COPY countries FROM STDIN", Rows(db, "SELECT iso2, continent FROM countries", 2));
    pg.Copy("COPY authorities FROM STDIN",
            Rows(db, "SELECT id, kind, region_code, department_code FROM authorities", 4));
    pg.Copy(
        "COPY apd_declarations FROM STDIN",
        Rows(db, "SELECT id, authority_id, year, validated_version_id FROM apd_declarations", 4));
    pg.Copy("COPY apd_lines FROM STDIN",
            Rows(db,
                 "SELECT id, version_id, country_iso2, channel_code, purpose_code,"
                 " expenditure_type, amount_eur FROM apd_lines",
                 7));
    pg.Exec("CREATE INDEX ON apd_lines (version_id)");
    pg.Exec("CREATE INDEX ON apd_declarations (validated_version_id)");
    pg.Exec("ANALYZE");
}
#endif

int Main(int argc, char** argv) {
    fs::path work = "var/apd-bench";
    int runs = 200;
    int sql_runs = 20;
    std::string pg_conninfo;
    fs::path out_file;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--work")
            work = argv[i + 1];
        else if (a == "--runs")
            runs = std::stoi(argv[i + 1]);
        else if (a == "--sql-runs")
            sql_runs = std::stoi(argv[i + 1]);
        else if (a == "--pg")
            pg_conninfo = argv[i + 1];
        else if (a == "--out")
            out_file = argv[i + 1];
        else
            throw std::runtime_error("unknown option " + a);
    }
    fs::create_directories(work);
    const fs::path path = work / "apd-bench.db";
    const bool fresh = !fs::exists(path);
    auto db = db::OpenSqlite(path.string(), {.readers = 2});
    db::Migrate(*db, fs::path(CNCD_SOURCE_ROOT) / "migrations");
    if (fresh) {
        const auto start = Clock::now();
        Build(*db);
        std::cerr << "built in " << std::chrono::duration<double>(Clock::now() - start).count()
                  << " s\n";
    }
    const auto lines = db->Read([](db::Connection& c) {
        return c.QueryInt(
            "SELECT count(*) FROM apd_lines l JOIN apd_declarations d"
            " ON d.validated_version_id = l.version_id");
    });

    std::ostringstream md;
    md << "# e-APD statistics benchmark\n\n"
       << "Generated by `bench/apd_bench.sh` (bench/apd_bench.cpp). " << lines
       << " validated lines: " << kYears << " years × " << kAuthorities << " authorities × "
       << kLinesPerDeclaration
       << " lines, 140 countries in 5 continents, 96 départements. Times in milliseconds.\n\n";

    apd::StatsService stats(*db);
    const auto cold_start = Clock::now();
    stats.CrossTab({});
    const double cold =
        std::chrono::duration<double, std::milli>(Clock::now() - cold_start).count();
    md << "StatsService loads its in-memory copy of the validated lines in **" << std::fixed;
    md.precision(0);
    md << cold << " ms** (once, then again only after a validation or a codelist import).\n\n";
    md.precision(1);

#ifdef CNCD_BENCH_POSTGRES
    std::unique_ptr<Pg> pg;
    if (!pg_conninfo.empty()) {
        pg = std::make_unique<Pg>(pg_conninfo);
        LoadPg(*pg, *db);
    }
#else
    if (!pg_conninfo.empty()) std::cerr << "built without libpq: PostgreSQL skipped\n";
#endif
    md << "| Cross-tabulation | rows | StatsService p50 | p95 | SQLite GROUP BY p50 | p95 |"
       << " PostgreSQL 15 GROUP BY p50 | p95 |\n|---|---|---|---|---|---|---|---|\n";
    for (const auto& q : kQueries) {
        auto parsed = apd::ParseStatsQuery(q.params);
        if (!parsed) throw std::runtime_error(parsed.error().message);
        std::size_t rows = 0;
        const auto ours = Measure(runs, [&] { rows = stats.CrossTab(*parsed).rows.size(); });
        const auto sql = GroupBySql(q);
        const auto lite = Measure(sql_runs, [&] {
            db->Read([&](db::Connection& c) { c.Query(sql, {}, [](const db::Row&) {}); });
        });
        md << "| " << q.name << " | " << rows << " | " << ours.p50 << " | " << ours.p95 << " | "
           << lite.p50 << " | " << lite.p95 << " | ";
#ifdef CNCD_BENCH_POSTGRES
        if (pg) {
            const auto p = Measure(sql_runs, [&] { pg->Exec(sql); });
            md << p.p50 << " | " << p.p95 << " |\n";
            continue;
        }
#endif
        md << "— | — |\n";
    }
    md << "\nStatsService: " << runs << " runs per query; SQL: " << sql_runs
       << " runs per query, same joins (declarations → validated lines → authorities, countries)."
       << "\n";
    std::cout << md.str();
    if (!out_file.empty()) std::ofstream(out_file) << md.str();
    return 0;
}

}  // namespace
}  // namespace cncd::bench

int main(int argc, char** argv) {
    try {
        return cncd::bench::Main(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "apd_bench: " << e.what() << "\n";
        return 1;
    }
}
