// Search benchmark: the full results page (top 20 with their links + every facet's counts) of
// the Atlas search at 13k, 130k and 1.3M projects (the demo replicated with varied words),
// p50 and p95, side by side with PostgreSQL 15 (tsvector french + unaccent, GIN) on the same
// data and queries, plus the time of full CSV and XLSX extractions of the 13k demo.
//
//   search_bench --work DIR [--sizes 1,10,100] [--runs 200] [--pg CONNINFO] [--out FILE]
//
// bench/search_bench.sh starts a throwaway PostgreSQL cluster and runs this with --pg.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "db/migrations.hpp"
#include "db/search_index.hpp"
#include "db/sqlite/sqlite_database.hpp"
#include "modules/demo/demo_service.hpp"
#include "modules/geo/geo_service.hpp"
#include "modules/search/search_query.hpp"
#include "modules/search/search_service.hpp"

#ifdef CNCD_BENCH_POSTGRES
#include <libpq-fe.h>
#endif

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace cncd::bench {
namespace {

struct BenchQuery {
    std::string name;
    std::string keywords;
    std::string country;  ///< empty: no filter
};

// Common word (about half the demo), two words, a rare word (0.3 %), a prefix; each with and
// without a country filter (Sénégal, one of the three largest).
const std::vector<BenchQuery> kQueries = {
    {"mot courant « habitants »", "habitants", ""},
    {"mot courant + pays", "habitants", "SN"},
    {"deux mots « eau potable »", "eau potable", ""},
    {"deux mots + pays", "eau potable", "SN"},
    {"mot rare « microcrédit »", "microcrédit", ""},
    {"mot rare + pays", "microcrédit", "SN"},
    {"préfixe « agri »", "agri", ""},
    {"préfixe + pays", "agri", "SN"},
};

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Stats {
    double p50 = 0;
    double p95 = 0;
    std::int64_t total = 0;
};

Stats Measure(int runs, const std::function<std::int64_t()>& run) {
    Stats stats;
    for (int i = 0; i < 2; ++i) stats.total = run();  // warm caches
    std::vector<double> times;
    times.reserve(runs);
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        stats.total = run();
        times.push_back(Ms(Clock::now() - start));
    }
    std::sort(times.begin(), times.end());
    const auto at = [&](double q) {
        return times[std::min(times.size() - 1, static_cast<std::size_t>(q * times.size()))];
    };
    stats.p50 = at(0.50);
    stats.p95 = at(0.95);
    return stats;
}

std::string Fixed(double v, int digits = 2) {
    char out[32];
    std::snprintf(out, sizeof out, "%.*f", digits, v);
    return out;
}

// ------------------------------------------------------------------------------------------
// Data

fs::path SourceRoot() { return CNCD_SOURCE_ROOT; }

// A database file with its WAL: SQLite may leave committed pages in the -wal file when the
// last connection to close is a reader, so copies and removals take both.
void RemoveDatabase(const fs::path& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
    fs::remove(path.string() + ".ok");
}

void CopyDatabase(const fs::path& from, const fs::path& to) {
    RemoveDatabase(to);
    fs::copy_file(from, to);
    if (fs::exists(from.string() + "-wal"))
        fs::copy_file(from.string() + "-wal", to.string() + "-wal");
}

// A database is complete once its ".ok" marker exists (written after the build committed).
bool IsBuilt(const fs::path& path) { return fs::exists(path.string() + ".ok"); }
void MarkBuilt(const fs::path& path) { std::ofstream(path.string() + ".ok") << "ok\n"; }

// The seeded demo, built once and kept in the work folder.
fs::path DemoDatabase(const fs::path& work) {
    const fs::path path = work / "projects-13000.db";
    if (IsBuilt(path)) return path;
    RemoveDatabase(path);
    {
        auto db = db::OpenSqlite(path.string());
        db::Migrate(*db, SourceRoot() / "migrations");
        geo::ImportReference(*db, SourceRoot() / "node_modules");
        const auto start = Clock::now();
        auto seeded = demo::SeedDemo(*db);
        if (!seeded) throw std::runtime_error(seeded.error().message);
        std::cerr << "seeded the demo in " << Fixed(Ms(Clock::now() - start) / 1000) << " s\n";
    }
    MarkBuilt(path);
    return path;
}

// Words for the copies: a sample of word occurrences of the demo's texts, so that picking one
// at random follows their frequencies (a rare word stays rare).
std::vector<std::string> WordSample(db::Connection& c) {
    std::vector<std::string> words;
    c.Query("SELECT description || ' ' || objectives FROM projects ORDER BY id LIMIT 3000", {},
            [&](const db::Row& row) {
                std::string word;
                for (const char ch : row.Text(0) + " ") {
                    const bool letter = (static_cast<unsigned char>(ch) & 0x80) != 0 ||
                                        (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
                    if (letter) {
                        word += ch;
                        continue;
                    }
                    if (word.size() >= 4) words.push_back(word);
                    word.clear();
                }
            });
    return words;
}

// The demo copied `copies` times more with new ids, each copy's title and description varied
// by words drawn from the sample; links (themes, authorities, partners, financing) copied.
fs::path ScaledDatabase(const fs::path& work, const fs::path& demo, int factor) {
    if (factor == 1) return demo;
    const fs::path path = work / ("projects-" + std::to_string(13000 * factor) + ".db");
    if (IsBuilt(path)) return path;
    CopyDatabase(demo, path);
    {
        auto db = db::OpenSqlite(path.string());
        const auto start = Clock::now();
        db->Write([&](db::Connection& c) {
            const auto words = WordSample(c);
            c.Execute("CREATE TEMP TABLE bench_words (n INTEGER PRIMARY KEY, word TEXT NOT NULL)");
            for (std::size_t i = 0; i < words.size(); ++i) {
                c.Execute("INSERT INTO bench_words (n, word) VALUES (?, ?)",
                          {static_cast<std::int64_t>(i), words[i]});
            }
            const std::int64_t w = static_cast<std::int64_t>(words.size());
            const std::int64_t base = c.QueryInt("SELECT max(id) FROM projects");
            std::int64_t stride = 1;
            while (stride <= base) stride *= 10;
            for (std::int64_t k = 1; k < factor; ++k) {
                const db::Params p{k * stride, k, w, base};
                c.Execute(
                    "INSERT INTO projects (id, slug, title, kind, status, objectives, description,"
                    " history, context, start_year, end_year, convention_date, created_at,"
                    " updated_at)"
                    " SELECT id + ?1, slug || '-' || ?2,"
                    " title || ' ' || (SELECT word FROM bench_words WHERE n = (id * 7919 + ?2 * "
                    "104729) % ?3),"
                    " kind, status, objectives,"
                    " description || ' ' || (SELECT word FROM bench_words WHERE n = (id * 31 + ?2 "
                    "* 977) % ?3)"
                    " || ' ' || (SELECT word FROM bench_words WHERE n = (id * 131 + ?2 * 7) % ?3),"
                    " history, context, start_year, end_year, convention_date, created_at, "
                    "updated_at"
                    " FROM projects WHERE id <= ?4",
                    p);
                const db::Params q{k * stride, base};
                c.Execute(
                    "INSERT INTO project_themes (project_id, theme_id)"
                    " SELECT project_id + ?1, theme_id FROM project_themes WHERE project_id <= ?2",
                    q);
                c.Execute(
                    "INSERT INTO project_authorities (project_id, authority_id, role) SELECT"
                    " project_id + ?1, authority_id, role FROM project_authorities WHERE "
                    "project_id <= ?2",
                    q);
                c.Execute(
                    "INSERT INTO project_partners (project_id, partner_id)"
                    " SELECT project_id + ?1, partner_id FROM project_partners WHERE project_id <= "
                    "?2",
                    q);
                c.Execute(
                    "INSERT INTO project_financing (project_id, cofinancer_id, year, amount_eur)"
                    " SELECT project_id + ?1, cofinancer_id, year, amount_eur FROM "
                    "project_financing"
                    " WHERE project_id <= ?2",
                    q);
            }
            return 0;
        });
        std::cerr << "built " << path.filename() << " (indexed at commit) in "
                  << Fixed(Ms(Clock::now() - start) / 1000) << " s\n";
    }
    MarkBuilt(path);
    return path;
}

search::SearchQuery Query(const BenchQuery& q) {
    search::QueryParams params = {{"q", q.keywords}};
    if (!q.country.empty()) params.push_back({"country", q.country});
    auto query = search::ParseSearchQuery(params);
    if (!query) throw std::runtime_error(query.error().message);
    return *query;
}

// ------------------------------------------------------------------------------------------
// PostgreSQL

#ifdef CNCD_BENCH_POSTGRES

class Pg {
  public:
    explicit Pg(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK) {
            throw std::runtime_error(std::string("postgres: ") + PQerrorMessage(conn_));
        }
        Exec("SET client_min_messages = warning");
    }
    ~Pg() { PQfinish(conn_); }
    void Exec(const std::string& sql) {
        PGresult* r = PQexec(conn_, sql.c_str());
        const auto status = PQresultStatus(r);
        std::string error = PQresultErrorMessage(r);
        PQclear(r);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            throw std::runtime_error("postgres: " + error + " in " + sql.substr(0, 200));
        }
    }
    // COPY ... FROM STDIN with rows in text format.
    void Copy(const std::string& sql, const std::function<void(std::string&)>& fill) {
        PGresult* r = PQexec(conn_, sql.c_str());
        if (PQresultStatus(r) != PGRES_COPY_IN) {
            std::string error = PQresultErrorMessage(r);
            PQclear(r);
            throw std::runtime_error("postgres copy: " + error);
        }
        PQclear(r);
        std::string buffer;
        fill(buffer);
        if (PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1 ||
            PQputCopyEnd(conn_, nullptr) != 1) {
            throw std::runtime_error(std::string("postgres copy: ") + PQerrorMessage(conn_));
        }
        r = PQgetResult(conn_);
        const auto status = PQresultStatus(r);
        std::string error = PQresultErrorMessage(r);
        PQclear(r);
        while ((r = PQgetResult(conn_)) != nullptr) PQclear(r);
        if (status != PGRES_COMMAND_OK) throw std::runtime_error("postgres copy: " + error);
    }
    void Prepare(const std::string& name, const std::string& sql, int params) {
        PGresult* r = PQprepare(conn_, name.c_str(), sql.c_str(), params, nullptr);
        std::string error = PQresultErrorMessage(r);
        const auto status = PQresultStatus(r);
        PQclear(r);
        if (status != PGRES_COMMAND_OK) throw std::runtime_error("postgres prepare: " + error);
    }
    // Runs a prepared statement; returns its rows as text.
    std::vector<std::vector<std::string>> Run(
        const std::string& name, const std::vector<std::optional<std::string>>& params) {
        std::vector<const char*> values;
        for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
        PGresult* r = PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()),
                                     values.data(), nullptr, nullptr, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            std::string error = PQresultErrorMessage(r);
            PQclear(r);
            throw std::runtime_error("postgres: " + error);
        }
        std::vector<std::vector<std::string>> rows(PQntuples(r));
        for (int i = 0; i < PQntuples(r); ++i) {
            for (int j = 0; j < PQnfields(r); ++j) rows[i].push_back(PQgetvalue(r, i, j));
        }
        PQclear(r);
        return rows;
    }

  private:
    PGconn* conn_;
};

// COPY text format: tab-separated, \N for NULL, backslash escapes.
void CopyField(std::string& out, const db::Row& row, int column) {
    if (row.IsNull(column)) {
        out += "\\N";
        return;
    }
    for (const char ch : row.Text(column)) {
        switch (ch) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += ch;
        }
    }
}

void CopyRows(Pg& pg, db::Connection& c, const std::string& copy_sql, const std::string& select,
              int columns) {
    pg.Copy(copy_sql, [&](std::string& out) {
        c.Query(select, {}, [&](const db::Row& row) {
            for (int i = 0; i < columns; ++i) {
                if (i > 0) out += '\t';
                CopyField(out, row, i);
            }
            out += '\n';
        });
    });
}

// Facet dimensions, numbered as in PostgreSQL's project_facets.dim.
constexpr int kDimCountry = 3;

// The same data in PostgreSQL: one tsvector per project (title A; themes, authorities and
// partners B; objectives C; description D) with a GIN index, and one row per (project, facet,
// value) indexed both ways, for filters and one-pass GROUP BY counts.
double LoadPostgres(Pg& pg, db::Database& sqlite) {
    const auto start = Clock::now();
    pg.Exec("DROP SCHEMA IF EXISTS bench CASCADE");
    pg.Exec("CREATE SCHEMA bench");
    pg.Exec("SET search_path = bench, public");
    pg.Exec("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public");
    pg.Exec("CREATE TEXT SEARCH CONFIGURATION bench.fr (COPY = pg_catalog.french)");
    pg.Exec(
        "ALTER TEXT SEARCH CONFIGURATION bench.fr ALTER MAPPING FOR hword, hword_part, word"
        " WITH public.unaccent, french_stem");
    pg.Exec(
        "CREATE UNLOGGED TABLE documents (id bigint, title text, themes text, objectives text,"
        " description text, authorities text, partners text)");
    pg.Exec(
        "CREATE TABLE projects (id bigint PRIMARY KEY, title text, kind text, status text,"
        " start_year int, end_year int, document tsvector)");
    pg.Exec("CREATE TABLE project_facets (project_id bigint, dim smallint, value text)");
    pg.Exec(
        "CREATE TABLE facet_labels (dim smallint, value text, label text,"
        " PRIMARY KEY (dim, value))");
    sqlite.Read([&](db::Connection& c) {
        CopyRows(pg, c, "COPY documents FROM STDIN",
                 "SELECT id, title, themes, objectives, description, authorities, partners"
                 " FROM search_documents",
                 7);
        CopyRows(
            pg, c, "COPY project_facets FROM STDIN",
            "SELECT pt.project_id, 0, t.slug FROM project_themes pt JOIN themes t ON t.id = "
            "pt.theme_id"
            " UNION SELECT pt.project_id, 0, p.slug FROM project_themes pt"
            "  JOIN themes t ON t.id = pt.theme_id JOIN themes p ON p.id = t.parent_id"
            " UNION SELECT DISTINCT f.project_id, 1, c.slug FROM project_financing f"
            "  JOIN cofinancers c ON c.id = f.cofinancer_id"
            " UNION SELECT pp.project_id, 2, co.continent FROM project_partners pp"
            "  JOIN partners p ON p.id = pp.partner_id JOIN countries co ON co.iso2 = "
            "p.country_iso2"
            " UNION SELECT pp.project_id, 3, p.country_iso2 FROM project_partners pp"
            "  JOIN partners p ON p.id = pp.partner_id"
            " UNION SELECT project_id, 4, partner_id FROM project_partners"
            " UNION SELECT pa.project_id, 5, a.region_code FROM project_authorities pa"
            "  JOIN authorities a ON a.id = pa.authority_id WHERE a.region_code IS NOT NULL"
            " UNION SELECT pa.project_id, 6, a.department_code FROM project_authorities pa"
            "  JOIN authorities a ON a.id = pa.authority_id WHERE a.department_code IS NOT NULL"
            " UNION SELECT project_id, 7, authority_id FROM project_authorities"
            " UNION SELECT pa.project_id, 8, a.kind FROM project_authorities pa"
            "  JOIN authorities a ON a.id = pa.authority_id"
            " UNION SELECT id, 9, kind FROM projects"
            " UNION SELECT id, 9, CASE WHEN kind IN ('cooperation', 'twinning')"
            "  THEN 'cooperation_decentralisee' ELSE 'autres_actions' END FROM projects"
            " UNION SELECT id, 10, status FROM projects",
            3);
        CopyRows(
            pg, c, "COPY facet_labels FROM STDIN",
            "SELECT 0, slug, name FROM themes UNION ALL SELECT 1, slug, name FROM cofinancers"
            " UNION ALL SELECT 2, slug, name FROM continents UNION ALL SELECT 3, iso2, name"
            " FROM countries UNION ALL SELECT 4, id, name FROM partners UNION ALL"
            " SELECT 5, code, name FROM regions UNION ALL SELECT 6, code, name FROM departments"
            " UNION ALL SELECT 7, id, name FROM authorities",
            3);
        CopyRows(pg, c, "COPY projects (id, title, kind, status, start_year, end_year) FROM STDIN",
                 "SELECT id, title, kind, status, start_year, end_year FROM projects", 6);
        return 0;
    });
    pg.Exec(
        "UPDATE projects p SET document ="
        " setweight(to_tsvector('bench.fr', coalesce(d.title, '')), 'A') ||"
        " setweight(to_tsvector('bench.fr', coalesce(d.themes, '') || ' ' ||"
        "  coalesce(d.authorities, '') || ' ' || coalesce(d.partners, '')), 'B') ||"
        " setweight(to_tsvector('bench.fr', coalesce(d.objectives, '')), 'C') ||"
        " setweight(to_tsvector('bench.fr', coalesce(d.description, '')), 'D')"
        " FROM documents d WHERE d.id = p.id");
    pg.Exec("DROP TABLE documents");
    pg.Exec("CREATE INDEX projects_document ON projects USING gin (document)");
    pg.Exec("CREATE INDEX project_facets_project ON project_facets (project_id, dim, value)");
    pg.Exec("CREATE INDEX project_facets_value ON project_facets (dim, value, project_id)");
    pg.Exec("VACUUM ANALYZE projects");
    pg.Exec("VACUUM ANALYZE project_facets");
    pg.Exec("VACUUM ANALYZE facet_labels");
    return Ms(Clock::now() - start) / 1000;
}

// The full results page in one statement: total, the top 20 (BM25-like ts_rank with weights,
// then recency) with their authorities, partners and themes, and every facet's counts with
// labels (the country facet ignores the country filter, like the SQLite search).
constexpr const char* kPgPage = R"sql(
WITH base AS MATERIALIZED (
    SELECT p.id, p.start_year, ts_rank('{0.1, 0.2, 0.4, 1.0}', p.document, q) AS rank
    FROM bench.projects p, to_tsquery('bench.fr', $1) q
    WHERE p.document @@ q),
filtered AS MATERIALIZED (
    SELECT b.* FROM base b
    WHERE $2::text IS NULL OR EXISTS (
        SELECT 1 FROM bench.project_facets f
        WHERE f.project_id = b.id AND f.dim = 3 AND f.value = $2)),
top AS (
    SELECT id, rank, start_year FROM filtered
    ORDER BY rank DESC, start_year DESC NULLS LAST, id DESC LIMIT 20),
counts AS (
    SELECT f.dim, f.value, count(*) AS n FROM filtered JOIN bench.project_facets f
        ON f.project_id = filtered.id
    WHERE $2::text IS NULL OR f.dim <> 3 GROUP BY f.dim, f.value
    UNION ALL
    SELECT f.dim, f.value, count(*) FROM base JOIN bench.project_facets f ON f.project_id = base.id
    WHERE $2::text IS NOT NULL AND f.dim = 3 GROUP BY f.dim, f.value)
SELECT 'total', NULL, NULL, (SELECT count(*) FROM filtered)::text, NULL
UNION ALL
SELECT 'item', p.id::text, p.title, p.kind || ' ' || p.status,
    (SELECT string_agg(f.dim || ':' || coalesce(l.label, f.value), '|')
     FROM bench.project_facets f LEFT JOIN bench.facet_labels l ON l.dim = f.dim AND l.value = f.value
     WHERE f.project_id = p.id AND f.dim IN (0, 4, 7))
FROM top JOIN bench.projects p ON p.id = top.id
UNION ALL
SELECT 'facet', c.dim::text, c.value, c.n::text, l.label
FROM counts c LEFT JOIN bench.facet_labels l ON l.dim = c.dim AND l.value = c.value
)sql";

// "eau potable" → "eau:* & potable:*": every word required, as a prefix.
std::string TsQuery(const db::SearchIndex& index, const std::string& keywords) {
    std::string out;
    for (const auto& word : index.Words(keywords)) {
        if (!out.empty()) out += " & ";
        out += word + ":*";
    }
    return out;
}

#endif

// ------------------------------------------------------------------------------------------

struct Row {
    std::string size;
    std::string query;
    Stats sqlite;
    std::optional<Stats> pg;
};

int Main(int argc, char** argv) {
    fs::path work = "var/search-bench";
    std::vector<int> factors = {1, 10, 100};
    int runs = 200;
    std::string pg_conninfo;
    fs::path out = SourceRoot() / "bench" / "search_results.md";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--work")
            work = value;
        else if (flag == "--runs")
            runs = std::stoi(value);
        else if (flag == "--pg")
            pg_conninfo = value;
        else if (flag == "--out")
            out = value;
        else if (flag == "--sizes") {
            factors.clear();
            std::stringstream list(value);
            for (std::string f; std::getline(list, f, ',');) factors.push_back(std::stoi(f));
        } else {
            throw std::invalid_argument("unknown option " + flag);
        }
    }
#ifndef CNCD_BENCH_POSTGRES
    if (!pg_conninfo.empty()) throw std::runtime_error("built without libpq: no --pg");
#endif
    fs::create_directories(work);
    const fs::path demo = DemoDatabase(work);

    std::vector<Row> rows;
    std::vector<std::string> notes;
    for (const int factor : factors) {
        const fs::path path = ScaledDatabase(work, demo, factor);
        auto db = db::OpenSqlite(path.string(), {.readers = 2});
        search::SearchService service(*db);
        const std::string size = std::to_string(13000 * factor);
        // Fewer runs on the larger sets (each run is longer), at least 20 for a meaningful p95.
        const int size_runs = std::max(20, static_cast<int>(runs / std::sqrt(factor)));
        {
            const auto start = Clock::now();
            (void)service.Search({});
            notes.push_back(size + " projects: search snapshot (facets) loaded in " +
                            Fixed(Ms(Clock::now() - start), 0) + " ms");
        }
        {
            const Stats browse = Measure(size_runs, [&] {
                auto page = service.Search({});
                if (!page) throw std::runtime_error(page.error().message);
                return page->total;
            });
            notes.push_back(size +
                            " projects: browsing without keywords or filters (all projects, "
                            "every facet): SQLite p50 " +
                            Fixed(browse.p50) + " ms, p95 " + Fixed(browse.p95) + " ms");
            std::cerr << notes.back() << "\n";
        }
        std::vector<Row> size_rows;
        for (const auto& q : kQueries) {
            const search::SearchQuery query = Query(q);
            Row row{size, q.name,
                    Measure(size_runs,
                            [&] {
                                auto page = service.Search(query);
                                if (!page) throw std::runtime_error(page.error().message);
                                return page->total;
                            }),
                    std::nullopt};
            std::cerr << size << "\t" << q.name << "\tSQLite p50 " << Fixed(row.sqlite.p50)
                      << " p95 " << Fixed(row.sqlite.p95) << " (" << row.sqlite.total << ")\n";
            size_rows.push_back(row);
        }
        if (factor == 1) {
            for (const auto format : {exports::Format::kCsv, exports::Format::kXlsx}) {
                std::size_t bytes = 0;
                const Stats s = Measure(5, [&] {
                    bytes = 0;
                    return service.WriteExtraction({}, format, {},
                                                   [&](std::string_view b) { bytes += b.size(); });
                });
                notes.push_back("Full " + std::string(exports::Extension(format)) +
                                " extraction of the " + size +
                                "-project demo: " + std::to_string(s.total) + " rows, " +
                                Fixed(bytes / 1e6, 1) + " MB, median " + Fixed(s.p50, 0) +
                                " ms (p95 " + Fixed(s.p95, 0) + " ms)");
                std::cerr << notes.back() << "\n";
            }
        }
#ifdef CNCD_BENCH_POSTGRES
        if (!pg_conninfo.empty()) {
            Pg pg(pg_conninfo);
            const double load = LoadPostgres(pg, *db);
            notes.push_back(size + " projects: PostgreSQL load + tsvector + GIN + ANALYZE in " +
                            Fixed(load, 1) + " s");
            pg.Prepare("page", kPgPage, 2);
            const auto index = db::MakeSearchIndex(*db);
            for (std::size_t i = 0; i < kQueries.size(); ++i) {
                const auto& q = kQueries[i];
                const std::optional<std::string> country =
                    q.country.empty() ? std::nullopt : std::optional(q.country);
                const std::string tsquery = TsQuery(*index, q.keywords);
                size_rows[i].pg = Measure(size_runs, [&] {
                    const auto result = pg.Run("page", {tsquery, country});
                    for (const auto& r : result) {
                        if (r[0] == "total") return static_cast<std::int64_t>(std::stoll(r[3]));
                    }
                    return std::int64_t{-1};
                });
                std::cerr << size << "\t" << q.name << "\tPostgreSQL p50 "
                          << Fixed(size_rows[i].pg->p50) << " p95 " << Fixed(size_rows[i].pg->p95)
                          << " (" << size_rows[i].pg->total << ")\n";
            }
        }
#endif
        rows.insert(rows.end(), size_rows.begin(), size_rows.end());
    }

    std::ofstream md(out);
    md << "# Search benchmark\n\n"
       << "Full results page of the Atlas search (top 20 with their authorities, partners and "
          "themes + the counts of all 11 facets), in milliseconds, measured by "
          "`bench/search_bench.sh` (`search_bench`) on this machine. SQLite: "
          "`SearchService::Search` "
          "in process (FTS5 + in-memory facet snapshot). PostgreSQL 15: one prepared statement "
          "over loopback (tsvector `french` + `unaccent`, GIN, `ts_rank` with weights, facets by "
          "GROUP BY on an indexed (project, facet, value) table). Totals are the number of "
          "matching projects each engine found (their stemmers differ slightly).\n\n"
       << "| projects | query | SQLite p50 | SQLite p95 | PostgreSQL p50 | PostgreSQL p95 | "
          "total SQLite / PostgreSQL |\n|---:|---|---:|---:|---:|---:|---:|\n";
    for (const auto& r : rows) {
        md << "| " << r.size << " | " << r.query << " | " << Fixed(r.sqlite.p50) << " | "
           << Fixed(r.sqlite.p95) << " | " << (r.pg ? Fixed(r.pg->p50) : "–") << " | "
           << (r.pg ? Fixed(r.pg->p95) : "–") << " | " << r.sqlite.total << " / "
           << (r.pg ? std::to_string(r.pg->total) : "–") << " |\n";
    }
    md << "\n";
    for (const auto& note : notes) md << "- " << note << "\n";
    std::cerr << "wrote " << out << "\n";
    return 0;
}

}  // namespace
}  // namespace cncd::bench

int main(int argc, char** argv) {
    try {
        return cncd::bench::Main(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "search_bench: " << e.what() << "\n";
        return 1;
    }
}
