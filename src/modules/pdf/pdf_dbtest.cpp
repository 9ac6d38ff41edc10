#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "core/text.hpp"
#include "modules/pdf/pdf_routes.hpp"
#include "modules/pdf/pdf_service.hpp"
#include "modules/search/search_routes.hpp"
#include "modules/search/search_test_support.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::pdf {
namespace {

using nlohmann::json;

// The output of a shell command (poppler-utils' pdftotext and pdfinfo).
std::string RunCommand(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string out;
    char buffer[65536];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0) out.append(buffer, n);
    return out;
}

// A PDF written to a temporary file, removed with the object.
class PdfFile {
  public:
    explicit PdfFile(const std::string& bytes)
        : path_(std::filesystem::temp_directory_path() /
                ("cncd-pdf-test-" + std::to_string(getpid()) + "-" + std::to_string(++count_) +
                 ".pdf")) {
        std::ofstream(path_, std::ios::binary) << bytes;
    }
    ~PdfFile() { std::filesystem::remove(path_); }
    // The text in content order, every run of white space as one space.
    std::string Text() const {
        const std::string raw = RunCommand("pdftotext -raw -enc UTF-8 '" + path_.string() + "' -");
        return Squeeze(raw);
    }
    std::string Info() const { return RunCommand("pdfinfo '" + path_.string() + "'"); }
    int Pages() const {
        std::smatch m;
        const std::string info = Info();
        return std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)")) ? std::stoi(m[1]) : 0;
    }
    const std::filesystem::path& path() const { return path_; }

    // Without any white space.
    static std::string Compact(const std::string& text) {
        std::string out;
        for (const char c : Squeeze(text)) {
            if (c != ' ') out += c;
        }
        return out;
    }

    static std::string Squeeze(const std::string& text) {
        std::string out;
        for (const char c : text) {
            const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
            if (space) {
                if (!out.empty() && out.back() != ' ') out += ' ';
            } else {
                out += c;
            }
        }
        return out;
    }

  private:
    static inline int count_ = 0;
    std::filesystem::path path_;
};

// A figure as pdftotext gives it: French thousands separated by a plain space.
std::string Figure(std::int64_t n) {
    std::string out = text::FormatThousands(n);
    for (std::size_t at; (at = out.find("\u202f")) != std::string::npos;) out.replace(at, 3, " ");
    for (std::size_t at; (at = out.find("\u00a0")) != std::string::npos;) out.replace(at, 2, " ");
    return out;
}

std::string HeaderOf(const web::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
        if (key == name) return value;
    }
    return {};
}

// The PDF route and the search API through the real router, on the demo.
class PdfExtraction : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        const auto root = cncd::testing::SourceRoot();
        templates_ = std::make_unique<web::Templates>(root / "templates");
        search_ = std::make_unique<search::SearchService>(search::testing::DemoDatabase());
        pdf_ = std::make_unique<PdfService>(
            search::testing::DemoDatabase(), *search_,
            root / "public" / "vendor" / "world-atlas" / "countries-50m.json",
            [] { return std::chrono::system_clock::from_time_t(1795694400); });  // 2026-11-26
        router_ = std::make_unique<web::Router>();
        search::RegisterSearchRoutes(*router_, *search_, *templates_);
        RegisterPdfRoutes(*router_, *pdf_, *templates_);
    }
    static void TearDownTestSuite() {
        router_.reset();
        pdf_.reset();
        search_.reset();
        templates_.reset();
    }

    static web::Response Get(const std::string& target) {
        web::Request request = web::MakeRequest("GET", target);
        request.headers.emplace_back("Host", "atlas.example.gouv.fr");
        request.headers.emplace_back("X-Forwarded-Proto", "https");
        return web::Buffered(router_->Dispatch(request));  // the PDF is streamed
    }
    static json Search(const std::string& parameters) {
        const auto response = Get("/api/v1/projects?" + parameters);
        EXPECT_EQ(response.status, 200) << response.body;
        return json::parse(response.body);
    }
    static std::string Pdf(const std::string& parameters) {
        const auto response = Get("/api/v1/projects.pdf?" + parameters);
        EXPECT_EQ(response.status, 200) << response.body;
        EXPECT_EQ(response.content_type, "application/pdf");
        EXPECT_EQ(response.body.substr(0, 5), "%PDF-");
        return response.body;
    }
    // Every title of a search, through the JSON API's pages.
    static std::vector<std::string> Titles(const std::string& parameters) {
        std::vector<std::string> titles;
        for (int page = 1;; ++page) {
            const json body = Search(parameters + "&per_page=100&page=" + std::to_string(page));
            for (const auto& item : body["items"]) titles.push_back(item["title"]);
            if (page >= body["pages"].get<int>()) break;
        }
        return titles;
    }

    static std::unique_ptr<web::Templates> templates_;
    static std::unique_ptr<search::SearchService> search_;
    static std::unique_ptr<PdfService> pdf_;
    static std::unique_ptr<web::Router> router_;
};

std::unique_ptr<web::Templates> PdfExtraction::templates_;
std::unique_ptr<search::SearchService> PdfExtraction::search_;
std::unique_ptr<PdfService> PdfExtraction::pdf_;
std::unique_ptr<web::Router> PdfExtraction::router_;

TEST_F(PdfExtraction, ShowsTheCriteriaTheFiguresAndEveryProjectOfAFilteredSearch) {
    const std::string parameters = "q=eau&country=SN&country=ML&status=active&sort=title";
    const json search = Search(parameters + "&per_page=1");
    const std::int64_t total = search["total"];
    ASSERT_GT(total, 3) << "the demo should have projects for this search";

    const auto response = Get("/api/v1/projects.pdf?" + parameters);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(HeaderOf(response, "Content-Disposition"),
              "attachment; filename=\"projets-atlas-2026-11-26.pdf\"");
    const PdfFile file(response.body);
    const std::string text = file.Text();

    EXPECT_NE(text.find("Atlas de la coopération décentralisée — extraction"), std::string::npos);
    EXPECT_NE(text.find("Extraction du 26 novembre 2026"), std::string::npos);
    // The criteria in words.
    EXPECT_NE(text.find("Mots-clés « eau »"), std::string::npos) << text.substr(0, 1500);
    EXPECT_NE(text.find("Pays Sénégal, Mali"), std::string::npos) << text.substr(0, 1500);
    EXPECT_NE(text.find("Statut En cours"), std::string::npos);
    EXPECT_NE(text.find("Ordre du tableau titre, par ordre alphabétique"), std::string::npos);
    // The figures: the search's total, and as many countries as chosen.
    const std::string projects = Figure(total) + (total > 1 ? " projets" : " projet");
    EXPECT_NE(text.find(projects), std::string::npos) << projects << "\n" << text.substr(0, 1500);
    EXPECT_NE(text.find("2 pays partenaires"), std::string::npos);
    // Under the map, each country's projects: the search's own count for that country.
    std::map<std::string, std::int64_t> by_country;
    for (const auto& value : search["facets"]["country"])
        by_country[value["value"]] = value["count"];
    const std::string senegal = "Sénégal (" + Figure(by_country["SN"]) + ")";
    const std::string mali = "Mali (" + Figure(by_country["ML"]) + ")";
    const auto leading = text.find("Pays comptant le plus de projets : ");
    ASSERT_NE(leading, std::string::npos);
    const std::string line = text.substr(leading, text.find('.', leading) - leading);
    EXPECT_NE(line.find(senegal), std::string::npos) << line << " / " << senegal;
    EXPECT_NE(line.find(mali), std::string::npos) << line << " / " << mali;
    // Every project of the result, in the search's order (compared without white space: a
    // title may be cut at a hyphen), and the table's headers.
    const auto titles = Titles(parameters);
    ASSERT_EQ(static_cast<std::int64_t>(titles.size()), total);
    const std::string compact = PdfFile::Compact(text);
    std::size_t at = 0;
    for (const auto& title : titles) {
        const auto found = compact.find(PdfFile::Compact(title), at);
        ASSERT_NE(found, std::string::npos) << "missing or out of order: " << title;
        at = found + 1;
    }
    EXPECT_NE(text.find("Projet Collectivités françaises Partenaires (pays) Thématiques Années "
                        "Statut"),
              std::string::npos);
    // Numbered pages, and the document's title in its metadata.
    const int pages = file.Pages();
    EXPECT_NE(text.find("page " + std::to_string(pages) + " / " + std::to_string(pages)),
              std::string::npos);
    const std::string info = file.Info();
    EXPECT_TRUE(std::regex_search(
        info, std::regex("Title:\\s+Atlas de la coopération décentralisée — extraction\n")))
        << info;
    EXPECT_TRUE(std::regex_search(info, std::regex("Tagged:\\s+yes"))) << info;
}

TEST_F(PdfExtraction, LinksEachTitleToItsProjectSheet) {
    const json first = Search("country=SN&per_page=1");
    const std::string href =
        "https://atlas.example.gouv.fr" + first["items"][0]["html_url"].get<std::string>();
    const std::string bytes = Pdf("country=SN");
    // cairo writes link annotations uncompressed.
    EXPECT_NE(bytes.find("/URI (" + href + ")"), std::string::npos) << href;
    EXPECT_NE(bytes.find("/StructTreeRoot"), std::string::npos);
    EXPECT_NE(bytes.find("/MarkInfo"), std::string::npos);
}

TEST_F(PdfExtraction, TheNumberOfPagesGrowsWithTheRows) {
    const PdfFile few(Pdf("country=SN&status=planned"));
    const PdfFile more(Pdf("country=SN"));
    const PdfFile most(Pdf("continent=afrique"));
    EXPECT_LT(few.Pages(), more.Pages());
    EXPECT_LT(more.Pages(), most.Pages());
    const std::int64_t africa = Search("continent=afrique&per_page=1")["total"];
    // Table rows are at least one line high: no more than ~70 rows a page.
    EXPECT_GT(most.Pages(), africa / 70);
}

TEST_F(PdfExtraction, SaysWhenNothingMatches) {
    const PdfFile file(Pdf("country=ZZ"));
    const std::string text = file.Text();
    EXPECT_NE(text.find("Aucun projet ne répond à ces critères."), std::string::npos);
    EXPECT_NE(text.find("ZZ (code inconnu de l’Atlas)"), std::string::npos);
    EXPECT_NE(text.find("0 projet"), std::string::npos);
    EXPECT_EQ(file.Pages(), 1);
}

TEST_F(PdfExtraction, MovesTheMapToTheNextPageWhenTheCriteriaFillTheFirst) {
    std::string parameters = "q=eau+potable+assainissement+gestion+durable+des+ressources";
    for (const char* code : {"SN", "ML", "BF", "NE", "TD", "CM", "BJ", "TG", "CI", "GN", "MG",
                             "MA", "TN", "DZ", "VN", "LA", "KH", "HT", "BR", "AR", "CL", "PE"}) {
        parameters += "&country=" + std::string(code);
    }
    for (int id = 1; id <= 30; ++id) {
        parameters += "&partner=" + std::to_string(id) + "&authority=" + std::to_string(id);
    }
    parameters +=
        "&theme=sante&theme=eau-assainissement&continent=afrique&continent=asie&region=bretagne"
        "&department=29&department=35&authority_type=commune&authority_type=region"
        "&kind=cooperation&kind=twinning&status=active&status=finished&cofinancer=afd"
        "&from=2000&to=2020&autres=0&sort=title";
    const PdfFile file(Pdf(parameters));
    const std::string first = PdfFile::Squeeze(
        RunCommand("pdftotext -raw -enc UTF-8 -f 1 -l 1 '" + file.path().string() + "' -"));
    const std::string second = PdfFile::Squeeze(
        RunCommand("pdftotext -raw -enc UTF-8 -f 2 -l 2 '" + file.path().string() + "' -"));
    for (const char* label :
         {"Mots-clés", "Pays", "Autorités partenaires", "Cofinanceur",
          "Autres actions extérieures masquées", "Ordre du tableau", "Chiffres clés"}) {
        EXPECT_NE(first.find(label), std::string::npos) << label;
    }
    EXPECT_EQ(first.find("Projets par pays partenaire"), std::string::npos);
    EXPECT_NE(second.find("Projets par pays partenaire"), std::string::npos) << second;
    const int pages = file.Pages();
    EXPECT_NE(first.find("page 1 / " + std::to_string(pages)), std::string::npos);
    EXPECT_NE(second.find("page 2 / " + std::to_string(pages)), std::string::npos);
}

TEST_F(PdfExtraction, ABadParameterGets400NamingIt) {
    for (const auto& [target, field] : std::vector<std::pair<std::string, std::string>>{
             {"from=deux-mille", "from"},
             {"from=2015&to=2010", "from"},
             {"sort=hasard", "sort"},
             {"partner=abc", "partner"},
             {"q=" + std::string(201, 'a'), "q"},
             {"q=eau+sol+air+feu+bois+pain+lait+riz+mil+sel+or+fer+lin+blé+vin+thé+miel+noix+cuir+"
              "soie+laine",
              "q"}}) {
        const auto response = Get("/api/v1/projects.pdf?" + target);
        EXPECT_EQ(response.status, 400) << target;
        const json body = json::parse(response.body);
        EXPECT_EQ(body["error"]["code"], "invalid_argument") << target;
        EXPECT_EQ(body["error"]["field"], field) << target;
        EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
    }
}

TEST_F(PdfExtraction, AnswersBusyWhenEveryRenderingIsTaken) {
    std::vector<RenderSlot> slots;
    while (auto slot = pdf_->TryReserve()) slots.push_back(std::move(*slot));
    EXPECT_EQ(slots.size(), static_cast<std::size_t>(PdfService::kDefaultMaxRenderings));
    const auto busy = Get("/api/v1/projects.pdf?country=SN");
    EXPECT_EQ(busy.status, 503);
    EXPECT_EQ(json::parse(busy.body)["error"]["code"], "unavailable");
    EXPECT_EQ(HeaderOf(busy, "Retry-After"), "5");
    slots.pop_back();
    EXPECT_EQ(Get("/api/v1/projects.pdf?country=SN").status, 200);
}

// The whole demo, without any cap: time and size are printed for the record.
TEST_F(PdfExtraction, RendersTheWholeDemo) {
    const std::int64_t total = Search("per_page=1")["total"];
    const auto started = std::chrono::steady_clock::now();
    const std::string bytes = Pdf("");
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const PdfFile file(bytes);
    const int pages = file.Pages();
    std::cout << "[ measure  ] whole demo: " << total << " projects, " << pages << " pages, "
              << bytes.size() / 1024 << " KiB, " << seconds << " s\n";
    EXPECT_GT(pages, total / 70);
    const std::string last_page =
        RunCommand("pdftotext -raw -enc UTF-8 -f " + std::to_string(pages) + " -l " +
                   std::to_string(pages) + " '" + file.path().string() + "' -");
    EXPECT_NE(last_page.find("page " + std::to_string(pages) + " / " + std::to_string(pages)),
              std::string::npos);
    const json last = Search("per_page=100&page=" + std::to_string((total + 99) / 100));
    EXPECT_NE(PdfFile::Compact(last_page).find(
                  PdfFile::Compact(last["items"].back()["title"].get<std::string>())),
              std::string::npos);
    const std::string first_page =
        RunCommand("pdftotext -raw -enc UTF-8 -l 1 '" + file.path().string() + "' -");
    EXPECT_NE(PdfFile::Squeeze(first_page).find(Figure(total) + " projets"), std::string::npos);
    EXPECT_NE(first_page.find("Aucun critère : tous les projets de l’Atlas."), std::string::npos);
}

}  // namespace
}  // namespace cncd::pdf
