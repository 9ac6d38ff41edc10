#include "modules/pdf/pdf_report.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "core/text.hpp"

namespace cncd::pdf {
namespace {

// A4 in points, margins of 15 mm.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 42.52;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
// The table stops above the footer.
constexpr double kBodyBottom = kPageHeight - 52.0;
constexpr double kFooterY = kPageHeight - 34.0;

// DSFR colours.
constexpr std::uint32_t kBlueFrance = 0x000091;
constexpr std::uint32_t kBlueFrance975 = 0xf5f5fe;
constexpr std::uint32_t kBlueFrance925 = 0xe3e3fd;
constexpr std::uint32_t kRedMarianne = 0xe1000f;
constexpr std::uint32_t kGrey50 = 0x161616;   // text
constexpr std::uint32_t kGrey200 = 0x3a3a3a;  // strong lines
constexpr std::uint32_t kGrey425 = 0x666666;  // mentions
constexpr std::uint32_t kGrey900 = 0xdddddd;  // borders
constexpr std::uint32_t kGrey975 = 0xf6f6f6;  // alternate rows

// Liberation Sans (metric-compatible with Arial, close to Marianne's sobriety); DejaVu Sans
// covers the characters it lacks.
constexpr const char* kFamily = "Liberation Sans,DejaVu Sans";

// Longest cell of the table, in lines (the CSV has the rest).
constexpr int kMaxCellLines = 12;
constexpr int kMaxCriterionLines = 4;

// The table's columns: header and width in points (sum: kContentWidth).
struct ColumnSpec {
    const char* header;
    double width;
};
constexpr std::array<ColumnSpec, 6> kColumns = {{
    {"Projet", 152.0},
    {"Collectivités françaises", 92.0},
    {"Partenaires (pays)", 96.0},
    {"Thématiques", 80.0},
    {"Années", 50.0},
    {"Statut", kContentWidth - 152.0 - 92.0 - 96.0 - 80.0 - 50.0},
}};
constexpr double kCellPadX = 3.0;
constexpr double kCellPadY = 3.0;
constexpr const char* kTableHeading = "Liste des projets";

void SetRgb(cairo_t* cr, std::uint32_t rgb) {
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0);
}

void FillRect(cairo_t* cr, double x, double y, double w, double h, std::uint32_t rgb) {
    SetRgb(cr, rgb);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

void HLine(cairo_t* cr, double x, double y, double w, double width, std::uint32_t rgb) {
    SetRgb(cr, rgb);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + w, y);
    cairo_stroke(cr);
}

struct FontDeleter {
    void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using Font = std::unique_ptr<PangoFontDescription, FontDeleter>;

Font MakeFont(double size, PangoWeight weight = PANGO_WEIGHT_NORMAL,
              PangoStyle style = PANGO_STYLE_NORMAL) {
    Font font(pango_font_description_from_string(kFamily));
    pango_font_description_set_size(font.get(), static_cast<int>(size * PANGO_SCALE));
    pango_font_description_set_weight(font.get(), weight);
    pango_font_description_set_style(font.get(), style);
    return font;
}

// A block of text laid out by pango: wrapped at a width, at most some lines (ellipsis after).
class TextBlock {
  public:
    explicit TextBlock(cairo_t* cr) : cr_(cr), layout_(pango_cairo_create_layout(cr)) {
        // One unit of the PDF surface is a point: sizes are in points (pango assumes 96 dpi).
        pango_cairo_context_set_resolution(pango_layout_get_context(layout_), 72.0);
        pango_layout_context_changed(layout_);
        pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
        SetAttributes(false);
    }
    ~TextBlock() { g_object_unref(layout_); }
    TextBlock(const TextBlock&) = delete;
    TextBlock& operator=(const TextBlock&) = delete;

    // Lays out `text`; returns its height.
    double Set(std::string_view text, const Font& font, double width, int max_lines = 0,
               bool underline = false, double spacing = 0) {
        pango_layout_set_font_description(layout_, font.get());
        pango_layout_set_width(layout_, width > 0 ? static_cast<int>(width * PANGO_SCALE) : -1);
        pango_layout_set_height(layout_, max_lines > 0 ? -max_lines : -1);
        pango_layout_set_ellipsize(layout_,
                                   max_lines > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
        pango_layout_set_spacing(layout_, static_cast<int>(spacing * PANGO_SCALE));
        if (underline != underlined_) SetAttributes(underline);
        pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
        return Height();
    }
    double Height() const {
        int w = 0, h = 0;
        pango_layout_get_size(layout_, &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }
    double Width() const {
        int w = 0, h = 0;
        pango_layout_get_size(layout_, &w, &h);
        return static_cast<double>(w) / PANGO_SCALE;
    }
    void Draw(double x, double y, std::uint32_t rgb) const {
        SetRgb(cr_, rgb);
        cairo_move_to(cr_, x, y);
        pango_cairo_show_layout(cr_, layout_);
    }

  private:
    // A word too long for its line is cut without adding a hyphen, so the text stays the same
    // text (copying from the PDF, searching it).
    void SetAttributes(bool underline) {
        PangoAttrList* attrs = pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
        if (underline) {
            pango_attr_list_insert(attrs, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
        }
        pango_layout_set_attributes(layout_, attrs);
        pango_attr_list_unref(attrs);
        underlined_ = underline;
    }

    cairo_t* cr_;
    PangoLayout* layout_;
    bool underlined_ = false;
};

// Sets a string attribute of a cairo tag: 'value' with \ and ' escaped.
std::string Quoted(std::string_view value) {
    std::string out = "'";
    for (const char c : value) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    return out + "'";
}

// Writes cairo's output to the sink, keeping the sink's exception for after cairo returns.
struct StreamState {
    const ByteSink* sink;
    std::exception_ptr error;
};

cairo_status_t WriteToSink(void* closure, const unsigned char* data, unsigned int length) {
    auto* state = static_cast<StreamState*>(closure);
    if (state->error) return CAIRO_STATUS_WRITE_ERROR;
    try {
        (*state->sink)(std::string_view(reinterpret_cast<const char*>(data), length));
        return CAIRO_STATUS_SUCCESS;
    } catch (...) {  // rethrown by RenderReport once cairo has returned
        state->error = std::current_exception();
        return CAIRO_STATUS_WRITE_ERROR;
    }
}

// The report's drawing: fonts, reusable layouts, page geometry.
class Renderer {
  public:
    Renderer(cairo_surface_t* surface, cairo_t* cr, const Report& report, const WorldMap& world)
        : surface_(surface),
          cr_(cr),
          report_(report),
          world_(world),
          text_(cr),
          cells_{std::make_unique<TextBlock>(cr), std::make_unique<TextBlock>(cr),
                 std::make_unique<TextBlock>(cr), std::make_unique<TextBlock>(cr),
                 std::make_unique<TextBlock>(cr), std::make_unique<TextBlock>(cr)},
          kind_(cr) {}

    int Render() {
        // First pass: the height of every row, then the pages.
        const double table_top = FirstPage(/*draw=*/false);
        Paginate(table_top);
        page_count_ = (map_on_new_page_ ? 1 : 0) + static_cast<int>(page_starts_.size()) +
                      (first_page_has_rows_ ? 0 : 1);
        // Second pass: draw. cairo calls a PDF "Tagged" when one Document element holds
        // everything; the brand, running headers and footers are its own content (cairo 1.16
        // cannot mark artifacts), so the table is one Table per page, each with its header
        // row, and a footer is never read inside a table.
        cairo_tag_begin(cr_, "Document", "");
        page_ = 1;
        FirstPage(/*draw=*/true);
        if (!first_page_has_rows_) NextPage();
        const double heading_y = first_page_has_rows_ ? table_heading_y_ : continuation_top_;
        TableHeading(heading_y);
        double top = heading_y + heading_h_;
        if (report_.rows.empty()) {
            const Font body = MakeFont(9.5);
            text_.Set("Aucun projet ne répond à ces critères.", body, kContentWidth);
            Tagged("P", [&] { text_.Draw(kMargin, top, kGrey50); });
        }
        for (std::size_t p = 0; p < page_starts_.size() && !report_.rows.empty(); ++p) {
            if (p > 0) {
                NextPage();
                top = continuation_top_;
            }
            const std::size_t end =
                p + 1 < page_starts_.size() ? page_starts_[p + 1] : rows_.size();
            cairo_tag_begin(cr_, "Table", "");
            DrawTablePage(top, page_starts_[p], end);
            cairo_tag_end(cr_, "Table");
        }
        Footer();
        cairo_show_page(cr_);
        cairo_tag_end(cr_, "Document");
        return page_;
    }

  private:
    // Draws (or measures) the first page down to where the table may begin; returns that y.
    double FirstPage(bool draw) {
        double y = kMargin;
        // Brand block: "République française" and the motto, then the service's name.
        if (draw) {
            FillRect(cr_, kMargin, y, 28, 3, kBlueFrance);
            FillRect(cr_, kMargin + 28, y, 28, 3, 0xffffff);
            FillRect(cr_, kMargin + 56, y, 28, 3, kRedMarianne);
        }
        const Font brand = MakeFont(11, PANGO_WEIGHT_BOLD);
        const Font motto = MakeFont(8, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC);
        double h = text_.Set("RÉPUBLIQUE\nFRANÇAISE", brand, 0, 0, false, -1.5);
        if (draw) Untagged([&] { text_.Draw(kMargin, y + 8, kGrey50); });
        double brand_bottom = y + 8 + h;
        h = text_.Set("Liberté\nÉgalité\nFraternité", motto, 0, 0, false, -1.0);
        if (draw) Untagged([&] { text_.Draw(kMargin, brand_bottom + 4, kGrey50); });
        brand_bottom += 4 + h;
        const Font service = MakeFont(14, PANGO_WEIGHT_BOLD);
        const Font tagline = MakeFont(9);
        const double service_x = kMargin + 120;
        h = text_.Set("Portail de la coopération décentralisée", service, kContentWidth - 120);
        if (draw) Untagged([&] { text_.Draw(service_x, y + 12, kGrey50); });
        const double tag_y = y + 12 + h + 2;
        text_.Set(
            "Atlas français de la coopération décentralisée et des autres actions extérieures",
            tagline, kContentWidth - 120);
        if (draw) Untagged([&] { text_.Draw(service_x, tag_y, kGrey425); });
        y = brand_bottom + 12;
        if (draw) HLine(cr_, kMargin, y, kContentWidth, 0.75, kGrey900);
        y += 18;

        // Title and date.
        const Font h1 = MakeFont(20, PANGO_WEIGHT_BOLD);
        h = text_.Set(report_.title, h1, kContentWidth);
        if (draw) Tagged("H1", [&] { text_.Draw(kMargin, y, kGrey50); });
        y += h + 4;
        const Font lead = MakeFont(11);
        h = text_.Set("Extraction du " + report_.date, lead, kContentWidth);
        if (draw) Tagged("P", [&] { text_.Draw(kMargin, y, kGrey425); });
        y += h + 16;

        // Criteria.
        y = Heading("Critères de la recherche", y, draw);
        const Font label = MakeFont(9.5, PANGO_WEIGHT_BOLD);
        const Font body = MakeFont(9.5);
        constexpr double kLabelWidth = 130;
        if (report_.criteria.empty()) {
            h = text_.Set("Aucun critère : tous les projets de l’Atlas.", body, kContentWidth);
            if (draw) Tagged("P", [&] { text_.Draw(kMargin, y, kGrey50); });
            y += h + 3;
        }
        // A list: each criterion's label, then its value beside it. A trailing space keeps
        // label and value apart in the text a screen reader or a copy gets.
        if (draw && !report_.criteria.empty()) cairo_tag_begin(cr_, "L", "");
        const int max_lines = report_.criteria.size() > 8 ? 2 : kMaxCriterionLines;
        for (const auto& criterion : report_.criteria) {
            double row_h = text_.Set(criterion.label + " ", label, kLabelWidth - 8, 2);
            if (draw) {
                cairo_tag_begin(cr_, "LI", "");
                Tagged("Lbl", [&] { text_.Draw(kMargin, y, kGrey50); });
            }
            row_h = std::max(
                row_h, text_.Set(criterion.value, body, kContentWidth - kLabelWidth, max_lines));
            if (draw) {
                Tagged("LBody", [&] { text_.Draw(kMargin + kLabelWidth, y, kGrey50); });
                cairo_tag_end(cr_, "LI");
            }
            y += row_h + 3;
        }
        if (draw && !report_.criteria.empty()) cairo_tag_end(cr_, "L");
        y += 12;

        // Key figures: four tiles.
        y = Heading("Chiffres clés", y, draw);
        const Font figure = MakeFont(22, PANGO_WEIGHT_BOLD);
        const Font figure_label = MakeFont(9.5);
        constexpr double kGap = 8;
        const std::size_t n = std::max<std::size_t>(1, report_.figures.size());
        const double tile_w =
            (kContentWidth - kGap * static_cast<double>(n - 1)) / static_cast<double>(n);
        constexpr double kTileH = 58;
        for (std::size_t i = 0; i < report_.figures.size(); ++i) {
            const double x = kMargin + static_cast<double>(i) * (tile_w + kGap);
            if (draw) {
                FillRect(cr_, x, y, tile_w, kTileH, kBlueFrance975);
                FillRect(cr_, x, y, 3, kTileH, kBlueFrance);
                cairo_tag_begin(cr_, "P", "");
                text_.Set(text::FormatThousands(report_.figures[i].value) + " ", figure,
                          tile_w - 16);
                text_.Draw(x + 11, y + 7, kBlueFrance);
                text_.Set(report_.figures[i].label, figure_label, tile_w - 16, 2);
                text_.Draw(x + 11, y + 33, kGrey200);
                cairo_tag_end(cr_, "P");
            }
        }
        y += kTileH + 18;

        // The world map and its legend, on the next page when the criteria leave no room.
        const double map_section_top = y;
        if (draw && map_on_new_page_) {
            NextPage();
            y = continuation_top_;
        }
        y = Heading("Projets par pays partenaire", y, draw);
        const double map_h = kContentWidth * WorldMap::AspectRatio();
        std::vector<std::int64_t> values;
        values.reserve(report_.country_counts.size());
        for (const auto& [code, count] : report_.country_counts) values.push_back(count);
        const auto classes = QuantileClasses(std::move(values));
        if (draw) {
            cairo_tag_begin(cr_, "Figure", "");
            FillRect(cr_, kMargin, y, kContentWidth, map_h, 0xffffff);
            world_.Draw(cr_, kMargin, y, kContentWidth, report_.country_counts, classes);
            SetRgb(cr_, kGrey900);
            cairo_set_line_width(cr_, 0.75);
            cairo_rectangle(cr_, kMargin, y, kContentWidth, map_h);
            cairo_stroke(cr_);
            // The legend and the leading countries are the map's caption (its text equivalent:
            // cairo 1.16 has no alternative text for a figure).
            cairo_tag_begin(cr_, "Caption", "");
        }
        y += map_h + 6;
        y = Legend(classes, y, draw);
        if (draw) {
            cairo_tag_end(cr_, "Caption");
            cairo_tag_end(cr_, "Figure");
        }
        if (!draw && y > kBodyBottom) {
            map_on_new_page_ = true;
            y = continuation_top_ + (y - map_section_top);
        }
        y += 16;

        // The table's heading; the table follows when a row fits.
        table_heading_y_ = y;
        const Font h2 = MakeFont(15, PANGO_WEIGHT_BOLD);
        heading_h_ = text_.Set(kTableHeading, h2, kContentWidth) + 8;
        return y + heading_h_;
    }

    double Heading(std::string_view title, double y, bool draw) {
        const Font h2 = MakeFont(15, PANGO_WEIGHT_BOLD);
        const double h = text_.Set(title, h2, kContentWidth);
        if (draw) {
            Tagged("H2", [&] { text_.Draw(kMargin, y, kBlueFrance); });
            Outline(title, y);
        }
        return y + h + 7;
    }

    double Legend(const std::vector<ColorClass>& classes, double y, bool draw) {
        const Font small = MakeFont(8.5);
        const Font small_bold = MakeFont(8.5, PANGO_WEIGHT_BOLD);
        double x = kMargin;
        double h = text_.Set("Projets par pays : ", small_bold, 0);
        if (draw) cairo_tag_begin(cr_, "P", "");
        if (draw) text_.Draw(x, y, kGrey50);
        x += text_.Width() + 8;
        const auto swatch = [&](std::uint32_t rgb, const std::string& label) {
            text_.Set(label + " ", small, 0);
            const double tw = text_.Width();
            if (x + 14 + tw > kMargin + kContentWidth) {
                x = kMargin;
                y += h + 3;
            }
            if (draw) {
                FillRect(cr_, x, y + 1.5, 10, 7, rgb);
                SetRgb(cr_, kBorderColor);
                cairo_set_line_width(cr_, 0.4);
                cairo_rectangle(cr_, x, y + 1.5, 10, 7);
                cairo_stroke(cr_);
                text_.Draw(x + 13, y, kGrey50);
            }
            x += 13 + tw + 10;
        };
        swatch(kNoDataColor, "aucun projet");
        for (const auto& c : classes) {
            swatch(c.rgb, c.min == c.max ? text::FormatThousands(c.min)
                                         : text::FormatThousands(c.min) + " à " +
                                               text::FormatThousands(c.max));
        }
        if (draw) cairo_tag_end(cr_, "P");
        y += h + 3;
        if (!report_.leading_countries.empty()) {
            std::string leading = "Pays comptant le plus de projets : ";
            for (std::size_t i = 0; i < report_.leading_countries.size(); ++i) {
                const auto& [name, count] = report_.leading_countries[i];
                leading += (i > 0 ? ", " : "") + name + " (" + text::FormatThousands(count) + ")";
            }
            h = text_.Set(leading + ".", small, kContentWidth, 2);
            if (draw) Tagged("P", [&] { text_.Draw(kMargin, y, kGrey50); });
            y += h + 2;
        }
        h = text_.Set(
            "Un projet compte dans chaque pays de ses autorités partenaires. Fonds de carte : "
            "Natural Earth (world-atlas), projection équirectangulaire.",
            small, kContentWidth);
        if (draw) Tagged("P", [&] { text_.Draw(kMargin, y, kGrey425); });
        return y + h;
    }

    // The table's header row at y; returns its height.
    double HeaderRow(double y, bool draw, bool tagged) {
        const Font bold = MakeFont(8, PANGO_WEIGHT_BOLD);
        double h = 0;
        for (std::size_t c = 0; c < kColumns.size(); ++c) {
            h = std::max(
                h, cells_[c]->Set(kColumns[c].header, bold, kColumns[c].width - 2 * kCellPadX));
        }
        h += 2 * kCellPadY + 1;
        if (!draw) return h;
        FillRect(cr_, kMargin, y, kContentWidth, h, kBlueFrance925);
        HLine(cr_, kMargin, y + h, kContentWidth, 1.0, kGrey200);
        if (tagged) cairo_tag_begin(cr_, "TR", "");
        double x = kMargin;
        for (std::size_t c = 0; c < kColumns.size(); ++c) {
            if (tagged) cairo_tag_begin(cr_, "TH", "");
            cells_[c]->Draw(x + kCellPadX, y + kCellPadY, kGrey50);
            if (tagged) cairo_tag_end(cr_, "TH");
            x += kColumns[c].width;
        }
        if (tagged) cairo_tag_end(cr_, "TR");
        return h;
    }

    // Lays out the row's cells in cells_ (and kind_); returns its height.
    double LayoutRow(const ReportRow& row) {
        const double pad = 2 * kCellPadX;
        double h = cells_[0]->Set(row.title, cell_link_font_, kColumns[0].width - pad,
                                  kMaxCellLines, /*underline=*/true);
        if (!row.kind.empty()) {
            h += 1 + kind_.Set(row.kind, cell_small_font_, kColumns[0].width - pad, 2);
        }
        const auto cells = OtherCells(row);
        for (std::size_t c = 1; c < kColumns.size(); ++c) {
            h = std::max(h, cells_[c]->Set(cells[c - 1], cell_font_, kColumns[c].width - pad,
                                           kMaxCellLines));
        }
        return h + 2 * kCellPadY;
    }

    // The row's height without keeping its layout: a text already measured in the same column
    // (a status, years, a theme, an authority…) is not laid out again.
    double MeasureRow(const ReportRow& row) {
        const double pad = 2 * kCellPadX;
        double h = cells_[0]->Set(row.title, cell_link_font_, kColumns[0].width - pad,
                                  kMaxCellLines, /*underline=*/true);
        if (!row.kind.empty()) {
            h += 1 + Cached(kind_heights_, row.kind, [&] {
                     return kind_.Set(row.kind, cell_small_font_, kColumns[0].width - pad, 2);
                 });
        }
        const auto cells = OtherCells(row);
        for (std::size_t c = 1; c < kColumns.size(); ++c) {
            h = std::max(h, Cached(heights_[c], cells[c - 1], [&] {
                             return cells_[c]->Set(cells[c - 1], cell_font_,
                                                   kColumns[c].width - pad, kMaxCellLines);
                         }));
        }
        return h + 2 * kCellPadY;
    }

    static std::array<std::string_view, 5> OtherCells(const ReportRow& row) {
        const auto or_dash = [](const std::string& text) {
            return text.empty() ? std::string_view("—") : std::string_view(text);
        };
        return {or_dash(row.authorities), or_dash(row.partners), or_dash(row.themes),
                or_dash(row.years), or_dash(row.status)};
    }

    template <typename Fn>
    static double Cached(std::unordered_map<std::string_view, double>& cache, std::string_view text,
                         Fn&& measure) {
        if (const auto found = cache.find(text); found != cache.end()) return found->second;
        const double h = measure();
        cache.emplace(text, h);
        return h;
    }

    void Paginate(double first_top) {
        rows_.reserve(report_.rows.size());
        header_h_ = HeaderRow(0, false, false);
        for (const auto& row : report_.rows) rows_.push_back(MeasureRow(row));
        // The first page holds the table when its header and first row fit.
        const double first_row = rows_.empty() ? 14 : rows_[0];
        first_page_has_rows_ = first_top + header_h_ + first_row <= kBodyBottom;
        double y = first_page_has_rows_ ? first_top : continuation_top_ + heading_h_;
        y += header_h_;
        page_starts_.push_back(0);
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            if (y + rows_[i] > kBodyBottom && i > page_starts_.back()) {
                page_starts_.push_back(i);
                y = continuation_top_ + header_h_;
            }
            y += rows_[i];
        }
    }

    void DrawTablePage(double top, std::size_t begin, std::size_t end) {
        double y = top;
        cairo_tag_begin(cr_, "THead", "");
        y += HeaderRow(y, true, true);
        cairo_tag_end(cr_, "THead");
        for (std::size_t i = begin; i < end; ++i) {
            const ReportRow& row = report_.rows[i];
            const double h = LayoutRow(row);
            if (i % 2 == 1) FillRect(cr_, kMargin, y, kContentWidth, h, kGrey975);
            cairo_tag_begin(cr_, "TR", "");
            double x = kMargin;
            for (std::size_t c = 0; c < kColumns.size(); ++c) {
                cairo_tag_begin(cr_, "TD", "");
                if (c == 0) {
                    if (!row.link.empty()) {
                        cairo_tag_begin(cr_, CAIRO_TAG_LINK, ("uri=" + Quoted(row.link)).c_str());
                    }
                    cells_[0]->Draw(x + kCellPadX, y + kCellPadY, kBlueFrance);
                    if (!row.link.empty()) cairo_tag_end(cr_, CAIRO_TAG_LINK);
                    if (!row.kind.empty()) {
                        kind_.Draw(x + kCellPadX, y + kCellPadY + cells_[0]->Height() + 1,
                                   kGrey425);
                    }
                } else {
                    cells_[c]->Draw(x + kCellPadX, y + kCellPadY, kGrey50);
                }
                cairo_tag_end(cr_, "TD");
                x += kColumns[c].width;
            }
            cairo_tag_end(cr_, "TR");
            y += h;
        }
        HLine(cr_, kMargin, y, kContentWidth, 0.5, kGrey900);
    }

    // Ends the page and begins the next one with its running header.
    void NextPage() {
        Footer();
        cairo_show_page(cr_);
        ++page_;
        ContinuationHeader();
    }

    void TableHeading(double y) {
        const Font h2 = MakeFont(15, PANGO_WEIGHT_BOLD);
        text_.Set(kTableHeading, h2, kContentWidth);
        Tagged("H2", [&] { text_.Draw(kMargin, y, kBlueFrance); });
        Outline(kTableHeading, y);
    }

    void Outline(std::string_view title, double y) {
        const std::string target = "page=" + std::to_string(page_) + " pos=[" +
                                   std::to_string(kMargin) + " " + std::to_string(y) + "]";
        cairo_pdf_surface_add_outline(surface_, CAIRO_PDF_OUTLINE_ROOT, std::string(title).c_str(),
                                      target.c_str(), static_cast<cairo_pdf_outline_flags_t>(0));
    }

    // The top of the pages after the first: the document's name, then the table.
    void ContinuationHeader() {
        const Font small = MakeFont(8.5);
        text_.Set(report_.title + " (suite)", small, kContentWidth);
        Untagged([&] { text_.Draw(kMargin, kMargin, kGrey425); });
        HLine(cr_, kMargin, kMargin + 14, kContentWidth, 0.5, kGrey900);
    }

    void Footer() {
        const Font small = MakeFont(8);
        HLine(cr_, kMargin, kFooterY - 6, kContentWidth, 0.5, kGrey900);
        text_.Set(
            "Portail de la coopération décentralisée — extraction de l’Atlas du " + report_.date,
            small, kContentWidth - 80);
        Untagged([&] { text_.Draw(kMargin, kFooterY, kGrey425); });
        text_.Set("page " + std::to_string(page_) + " / " + std::to_string(page_count_), small, 0);
        const double w = text_.Width();
        Untagged([&] { text_.Draw(kMargin + kContentWidth - w, kFooterY, kGrey425); });
    }

    template <typename Fn>
    void Tagged(const char* tag, Fn&& fn) {
        cairo_tag_begin(cr_, tag, "");
        fn();
        cairo_tag_end(cr_, tag);
    }
    // Brand block, running headers and footers: no structure element of their own (cairo
    // 1.16 cannot mark artifacts); they are content of the Document element.
    template <typename Fn>
    void Untagged(Fn&& fn) {
        fn();
    }

    cairo_surface_t* surface_;
    cairo_t* cr_;
    const Report& report_;
    const WorldMap& world_;
    TextBlock text_;
    std::array<std::unique_ptr<TextBlock>, 6> cells_;
    TextBlock kind_;
    const Font cell_font_ = MakeFont(8);
    const Font cell_link_font_ = MakeFont(8, PANGO_WEIGHT_BOLD);
    const Font cell_small_font_ = MakeFont(7);
    std::vector<double> rows_;
    // Heights of the texts measured, per column (they live as long as report_).
    std::array<std::unordered_map<std::string_view, double>, 6> heights_;
    std::unordered_map<std::string_view, double> kind_heights_;
    std::vector<std::size_t> page_starts_;
    double header_h_ = 0;
    double table_heading_y_ = 0;
    double heading_h_ = 0;
    // Where the pages after the first continue, below their running header.
    const double continuation_top_ = kMargin + 24;
    bool first_page_has_rows_ = true;
    bool map_on_new_page_ = false;
    int page_count_ = 1;
    int page_ = 1;  // the page being drawn
};

}  // namespace

int RenderReport(const Report& report, const WorldMap& world, const ByteSink& sink) {
    StreamState state{&sink, nullptr};
    cairo_surface_t* surface =
        cairo_pdf_surface_create_for_stream(WriteToSink, &state, kPageWidth, kPageHeight);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, report.title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
                                   "Portail de la coopération décentralisée");
    cairo_pdf_surface_set_metadata(
        surface, CAIRO_PDF_METADATA_SUBJECT,
        "Extraction de l’Atlas français de la coopération décentralisée");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "cncd");
    if (!report.created_at.empty()) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                       report.created_at.c_str());
    }
    cairo_t* cr = cairo_create(surface);
    int pages = 0;
    {
        Renderer renderer(surface, cr, report, world);
        pages = renderer.Render();
    }
    const cairo_status_t drawing = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t finishing = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (state.error) std::rethrow_exception(state.error);
    if (drawing != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(drawing));
    }
    if (finishing != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(finishing));
    }
    return pages;
}

}  // namespace cncd::pdf
