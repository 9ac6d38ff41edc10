#include "modules/apd/apd_receipt.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

#include "core/text.hpp"
#include "modules/apd/apd_service.hpp"

namespace cncd::apd {
namespace {

constexpr double kPageWidth = 595.28;  // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 56.0;
constexpr const char* kFamily = "Liberation Sans,DejaVu Sans";

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

struct LayoutDeleter {
    void operator()(PangoLayout* l) const { g_object_unref(l); }
};

// Writes `text` at (x, y) within `width` points; returns its height.
double Text(cairo_t* cr, const std::string& text, double x, double y, double width, double size,
            bool bold = false, bool align_right = false) {
    std::unique_ptr<PangoLayout, LayoutDeleter> layout(pango_cairo_create_layout(cr));
    pango_cairo_context_set_resolution(pango_layout_get_context(layout.get()), 72.0);
    pango_layout_context_changed(layout.get());
    PangoFontDescription* font = pango_font_description_from_string(kFamily);
    pango_font_description_set_size(font, static_cast<int>(size * PANGO_SCALE));
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    if (align_right) pango_layout_set_alignment(layout.get(), PANGO_ALIGN_RIGHT);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout.get());
    int w = 0, h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
}

void Rule(cairo_t* cr, double y) {
    cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, kMargin, y);
    cairo_line_to(cr, kPageWidth - kMargin, y);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.09, 0.09, 0.09);
}

std::string Euros(std::int64_t amount) { return text::FormatThousands(amount) + " €"; }

std::string FrenchTimestamp(const std::string& at) {
    // "2025-05-02 14:03:11" or "2025-05-02T14:03:11Z" → "2 mai 2025 à 14 h 03 (UTC)"
    if (at.size() < 16) return at;
    return FrenchDate(at.substr(0, 10)) + " à " + at.substr(11, 2) + " h " + at.substr(14, 2) +
           " (UTC)";
}

}  // namespace

std::string ReceiptReference(const Declaration& d) {
    return "APD-" + std::to_string(d.year) + "-" + std::to_string(d.id) + "-v" +
           std::to_string(d.current.number);
}

std::string ReceiptPdf(const Declaration& d, const ReceiptNames& names) {
    std::string out;
    cairo_surface_t* surface =
        cairo_pdf_surface_create_for_stream(Append, &out, kPageWidth, kPageHeight);
    const std::string title = "Accusé de réception – déclaration d’APD " + std::to_string(d.year);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
                                   "Portail de la coopération décentralisée");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "cncd");
    cairo_t* cr = cairo_create(surface);
    const double width = kPageWidth - 2 * kMargin;
    double y = kMargin;
    cairo_set_source_rgb(cr, 0.0, 0.0, 0.57);  // DSFR blue France
    y += Text(cr, "Ministère de l’Europe et des Affaires étrangères", kMargin, y, width, 9, true);
    y += Text(cr, "Délégation pour l’action extérieure des collectivités territoriales", kMargin, y,
              width, 9);
    cairo_set_source_rgb(cr, 0.09, 0.09, 0.09);
    y += 24;
    y += Text(cr, "Accusé de réception", kMargin, y, width, 20, true) + 4;
    y += Text(cr,
              "Déclaration de l’aide publique au développement (APD) de l’année " +
                  std::to_string(d.year) +
                  " — article L.1115-6 du code général des "
                  "collectivités territoriales",
              kMargin, y, width, 11) +
         16;
    const auto row = [&](const std::string& label, const std::string& value) {
        Text(cr, label, kMargin, y, 150, 10, true);
        y += std::max(Text(cr, value, kMargin + 160, y, width - 160, 10), 12.0) + 6;
    };
    row("Collectivité", d.authority_name);
    row("Année déclarée", std::to_string(d.year));
    row("Version", std::to_string(d.current.number));
    row("Soumise le", FrenchTimestamp(d.current.submitted_at));
    row("Soumise par", d.current.submitted_by);
    row("Référence", ReceiptReference(d));
    if (d.current.nothing_to_declare) {
        row("Contenu", "Rien à déclarer pour cette année.");
    } else {
        row("Nombre de lignes", std::to_string(d.lines.size()));
        row("Montant total", Euros(d.current.total_eur));
    }
    y += 8;
    if (!d.lines.empty()) {
        Rule(cr, y);
        y += 6;
        const double c1 = kMargin, c2 = kMargin + 150, c3 = kMargin + 330,
                     c4 = kPageWidth - kMargin;
        const auto header = [&] {
            Text(cr, "Bénéficiaire", c1, y, 145, 9, true);
            Text(cr, "Type de dépense", c2, y, 175, 9, true);
            Text(cr, "Secteur", c3, y, 110, 9, true);
            y += Text(cr, "Montant", c4 - 80, y, 80, 9, true, true) + 4;
            Rule(cr, y);
            y += 4;
        };
        header();
        for (const auto& l : d.lines) {
            const auto* type = FindExpenditureType(l.expenditure_type);
            const std::string recipient = names.recipient ? names.recipient(l) : l.country_iso2;
            const std::string sector = names.sector ? names.sector(l) : l.purpose_code;
            double h = Text(cr, recipient, c1, y, 145, 9);
            h = std::max(
                h, Text(cr, type ? std::string(type->label) : l.expenditure_type, c2, y, 175, 9));
            h = std::max(h, Text(cr, sector, c3, y, 110, 9));
            h = std::max(h, Text(cr, Euros(l.amount_eur), c4 - 80, y, 80, 9, false, true));
            y += h + 4;
            if (y > kPageHeight - kMargin - 40) {
                cairo_show_page(cr);
                y = kMargin;
                header();
            }
        }
        Rule(cr, y);
        y += 6;
    }
    y += 12;
    Text(cr,
         "Ce document atteste que la déclaration a été reçue par le portail de la coopération "
         "décentralisée. Elle sera examinée par le ministère, qui peut la valider ou la renvoyer "
         "pour correction ; seule une déclaration validée est comptée dans les statistiques.",
         kMargin, y, width, 9);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_surface_destroy(surface);
    return out;
}

}  // namespace cncd::apd
