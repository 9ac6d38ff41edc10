#include "web/templates.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace cncd::web {
namespace {

namespace fs = std::filesystem;

/// A folder of templates written by the test, removed afterwards.
class TemplateDir {
  public:
    TemplateDir() {
        std::random_device random;
        path_ = fs::temp_directory_path() / ("cncd-templates-" + std::to_string(random()));
        fs::create_directories(path_);
    }
    ~TemplateDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TemplateDir& Add(const std::string& name, const std::string& text) {
        std::ofstream(path_ / (name + ".mustache")) << text;
        return *this;
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

fs::path SourceTemplates() { return fs::path(CNCD_SOURCE_ROOT) / "templates"; }

TEST(Templates, EscapesDoubleMustacheAndNotTriple) {
    TemplateDir dir;
    dir.Add("t", "{{x}}|{{{x}}}");
    const Templates templates(dir.path());
    EXPECT_EQ(templates.Render("t", {{"x", "<a href=\"#\">'&'</a>"}}),
              "&lt;a href=&quot;#&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;|<a href=\"#\">'&'</a>");
}

TEST(Templates, ConvertsJsonValues) {
    TemplateDir dir;
    dir.Add("t",
            "{{n}} {{f}} {{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^none}}null-is-false{{/none}} "
            "{{#items}}[{{name}}]{{/items}}{{^empty}}no-items{{/empty}} {{nested.label}}");
    const Templates templates(dir.path());
    const nlohmann::json view = {
        {"n", 7804600},
        {"f", 2.5},
        {"yes", true},
        {"no", false},
        {"none", nullptr},
        {"items", {{{"name", "Mali"}}, {{"name", "Sénégal"}}}},
        {"empty", nlohmann::json::array()},
        {"nested", {{"label", "Asie"}}},
    };
    EXPECT_EQ(templates.Render("t", view),
              "7804600 2.5 Ynull-is-false [Mali][Sénégal]no-items Asie");
}

TEST(Templates, EveryTemplateIsAPartial) {
    TemplateDir dir;
    dir.Add("card", "<li>{{label}}</li>");
    dir.Add("list", "<ul>{{#items}}{{> card}}{{/items}}</ul>");
    dir.Add("page", "{{> list}}{{>card}}");
    const Templates templates(dir.path());
    const nlohmann::json view = {{"label", "top"},
                                 {"items", {{{"label", "a"}}, {{"label", "<b>"}}}}};
    EXPECT_EQ(templates.Render("page", view), "<ul><li>a</li><li>&lt;b&gt;</li></ul><li>top</li>");
}

TEST(Templates, RecursivePartialRendersATree) {
    TemplateDir dir;
    dir.Add("node", "({{name}}{{#children}}{{> node}}{{/children}})");
    const Templates templates(dir.path());
    const nlohmann::json tree = {
        {"name", "Développement urbain"},
        {"children",
         {{{"name", "Eau"}, {"children", nlohmann::json::array()}},
          {{"name", "Déchets"}, {"children", nlohmann::json::array()}}}},
    };
    EXPECT_EQ(templates.Render("node", tree), "(Développement urbain(Eau)(Déchets))");
}

TEST(Templates, IndentationIsDroppedOutsidePreAndTextarea) {
    TemplateDir dir;
    dir.Add("t",
            "<ul>\n    <li>{{x}}</li>\n\t</ul>\n<pre>\n  code\n</pre>\n  <textarea>\n  "
            "text\n</textarea>\n  <preface>\n");
    const Templates templates(dir.path());
    EXPECT_EQ(templates.Render("t", {{"x", "a"}}),
              "<ul>\n<li>a</li>\n</ul>\n<pre>\n  code\n</pre>\n<textarea>\n  "
              "text\n</textarea>\n<preface>\n");
}

TEST(Templates, UnknownTemplateThrowsOutOfRange) {
    TemplateDir dir;
    dir.Add("t", "x");
    const Templates templates(dir.path());
    EXPECT_THROW(templates.Render("absent", nlohmann::json::object()), std::out_of_range);
}

TEST(Templates, BrokenTemplatesFailAtLoad) {
    TemplateDir unknown_partial;
    unknown_partial.Add("t", "{{> nowhere}}");
    EXPECT_THROW(Templates{unknown_partial.path()}, std::runtime_error);
    TemplateDir unclosed;
    unclosed.Add("t", "{{#section}}never closed");
    EXPECT_THROW(Templates{unclosed.path()}, std::runtime_error);
}

TEST(Templates, ConcurrentRendersGiveTheSameResult) {
    TemplateDir dir;
    dir.Add("row", "<tr><td>{{year}}</td><td>{{amount}}</td></tr>");
    dir.Add("table", "<table>{{#rows}}{{> row}}{{/rows}}</table>");
    const Templates templates(dir.path());
    nlohmann::json view = {{"rows", nlohmann::json::array()}};
    for (int year = 2008; year <= 2011; ++year)
        view["rows"].push_back({{"year", year}, {"amount", year * 3}});
    const auto expected = templates.Render("table", view);
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                if (templates.Render("table", view) != expected) ++mismatches;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(mismatches.load(), 0);
}

class Layout : public ::testing::Test {
  protected:
    Templates templates_{SourceTemplates()};
};

TEST_F(Layout, PageHasTitleLanguageSkipLinksAndMain) {
    const auto html = templates_.RenderPage(
        "error", {{"title", "Sénégal & <Gambie>"}, {"status", 404}, {"message", "m"}});
    EXPECT_NE(html.find("<html lang=\"fr\">"), std::string::npos);
    EXPECT_NE(html.find("<title>Sénégal &amp; &lt;Gambie&gt; — Portail de la coopération "
                        "décentralisée</title>"),
              std::string::npos);
    EXPECT_NE(html.find("fr-skiplinks"), std::string::npos);
    EXPECT_NE(html.find("<main id=\"contenu\""), std::string::npos);
    EXPECT_NE(html.find("tabindex=\"-1\""), std::string::npos);
    EXPECT_NE(html.find("République<br>française"), std::string::npos);
    EXPECT_NE(html.find("Portail de la coopération décentralisée</p>"), std::string::npos);
    EXPECT_NE(html.find("Accessibilité : partiellement conforme"), std::string::npos);
    EXPECT_NE(html.find("EUPL-1.2"), std::string::npos);
    EXPECT_NE(
        html.find("<script type=\"module\" src=\"/vendor/dsfr/dsfr.module.min.js\"></script>"),
        std::string::npos);
    EXPECT_NE(html.find("<script nomodule src=\"/vendor/dsfr/dsfr.nomodule.min.js\"></script>"),
              std::string::npos);
    EXPECT_NE(html.find("/static/css/cncd.css"), std::string::npos);
    EXPECT_EQ(html.find("fr-breadcrumb"), std::string::npos) << "no breadcrumb unless asked";
}

TEST_F(Layout, NoInlineScriptOrStyleAnywhere) {
    const auto html =
        templates_.RenderPage("error", {{"title", "t"}, {"status", 500}, {"message", "m"}});
    EXPECT_EQ(html.find("style="), std::string::npos);
    EXPECT_EQ(html.find("<style"), std::string::npos);
    const std::regex inline_script("<script(?![^>]*\\ssrc=)[^>]*>");
    EXPECT_FALSE(std::regex_search(html, inline_script));
    const std::regex event_handler("\\son[a-z]+=");
    EXPECT_FALSE(std::regex_search(html, event_handler));
}

TEST_F(Layout, MarksTheActiveMenuEntry) {
    const auto html =
        templates_.RenderPage("error", {{"title", "t"}, {"active", "france"}, {"status", 404}});
    EXPECT_NE(html.find("href=\"/atlas/france\" aria-current=\"page\">France</a>"),
              std::string::npos);
    EXPECT_NE(html.find("href=\"/atlas\">Atlas</a>"), std::string::npos);
    EXPECT_EQ(html.find("aria-current=\"page\">Atlas"), std::string::npos);
    const std::regex current("aria-current=\"page\"");
    EXPECT_EQ(std::distance(std::sregex_iterator(html.begin(), html.end(), current),
                            std::sregex_iterator()),
              1);
}

TEST_F(Layout, RendersTheBreadcrumbWithTheLastItemCurrent) {
    const nlohmann::json page = {
        {"title", "Inde"},
        {"status", 404},
        {"breadcrumb",
         {{{"label", "Accueil"}, {"href", "/"}},
          {{"label", "Asie & Océanie"}, {"href", "/atlas/asie"}},
          {{"label", "Inde"}}}},
    };
    const auto html = templates_.RenderPage("error", page);
    EXPECT_NE(html.find("class=\"fr-breadcrumb\""), std::string::npos);
    EXPECT_NE(html.find("<a class=\"fr-breadcrumb__link\" href=\"/\">Accueil</a>"),
              std::string::npos);
    EXPECT_NE(
        html.find("<a class=\"fr-breadcrumb__link\" href=\"/atlas/asie\">Asie &amp; Océanie</a>"),
        std::string::npos);
    EXPECT_NE(html.find("<a class=\"fr-breadcrumb__link\" aria-current=\"page\">Inde</a>"),
              std::string::npos);
}

TEST_F(Layout, RequiresATitle) {
    EXPECT_THROW(templates_.RenderPage("error", {{"status", 404}}), std::invalid_argument);
}

TEST_F(Layout, AddsPageStylesAndModuleScripts) {
    const auto html = templates_.RenderPage("error", {{"title", "Carte"},
                                                      {"styles", {"/vendor/leaflet/leaflet.css"}},
                                                      {"scripts", {"/static/js/map.js"}}});
    EXPECT_NE(html.find("<link rel=\"stylesheet\" href=\"/vendor/leaflet/leaflet.css\">"),
              std::string::npos);
    EXPECT_NE(html.find("<script type=\"module\" src=\"/static/js/map.js\"></script>"),
              std::string::npos);
}

}  // namespace
}  // namespace cncd::web
