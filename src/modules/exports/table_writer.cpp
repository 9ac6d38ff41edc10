#include "modules/exports/table_writer.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

namespace cncd::exports {
namespace {

constexpr std::size_t kFlushBytes = 64 * 1024;
constexpr std::string_view kListSeparator = " | ";
constexpr std::size_t kXlsxMaxChars = 32767;  // Excel's limit for a cell's text
constexpr std::uint32_t kXlsxMaxRows = 1'048'576;

std::string Join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += kListSeparator;
        out += item;
    }
    return out;
}

// Collects output and hands it to the sink in blocks.
class Buffered {
  public:
    explicit Buffered(ByteSink sink) : sink_(std::move(sink)) { buffer_.reserve(kFlushBytes * 2); }
    std::string& buffer() { return buffer_; }
    void MaybeFlush() {
        if (buffer_.size() >= kFlushBytes) Flush();
    }
    void Flush() {
        if (buffer_.empty()) return;
        sink_(buffer_);
        buffer_.clear();
    }

  private:
    ByteSink sink_;
    std::string buffer_;
};

class CsvWriter final : public TableWriter {
  public:
    CsvWriter(ByteSink sink, CsvOptions options) : out_(std::move(sink)), options_(options) {}

    void Begin(const std::vector<Column>& columns) override {
        if (options_.bom) out_.buffer() += "\xEF\xBB\xBF";
        std::vector<std::string_view> headers;
        for (const auto& c : columns) headers.push_back(c.header);
        for (std::size_t i = 0; i < headers.size(); ++i) {
            if (i > 0) out_.buffer() += options_.separator;
            out_.buffer() += CsvField(headers[i], options_.separator);
        }
        out_.buffer() += "\r\n";
    }

    void Write(const Record& record) override {
        std::string& b = out_.buffer();
        for (std::size_t i = 0; i < record.cells.size(); ++i) {
            if (i > 0) b += options_.separator;
            const Cell& cell = record.cells[i];
            if (const auto* n = std::get_if<std::int64_t>(&cell)) {
                b += std::to_string(*n);
            } else if (const auto* d = std::get_if<double>(&cell)) {
                char number[32];
                std::snprintf(number, sizeof number, "%.6f", *d);
                b += number;
            } else if (const auto* s = std::get_if<std::string>(&cell)) {
                b += CsvField(*s, options_.separator);
            } else if (const auto* list = std::get_if<std::vector<std::string>>(&cell)) {
                b += CsvField(Join(*list), options_.separator);
            }
        }
        b += "\r\n";
        out_.MaybeFlush();
    }

    void Finish() override { out_.Flush(); }

  private:
    Buffered out_;
    CsvOptions options_;
};

class JsonWriter final : public TableWriter {
  public:
    explicit JsonWriter(ByteSink sink, bool geojson) : out_(std::move(sink)), geojson_(geojson) {}

    void Begin(const std::vector<Column>& columns) override {
        columns_ = columns;
        out_.buffer() += geojson_ ? R"({"type":"FeatureCollection","features":[)" : "[";
    }

    void Write(const Record& record) override {
        nlohmann::json object = nlohmann::json::object();
        for (std::size_t i = 0; i < record.cells.size() && i < columns_.size(); ++i) {
            object[columns_[i].key] = ToJson(record.cells[i]);
        }
        std::string& b = out_.buffer();
        if (!first_) b += ',';
        first_ = false;
        if (!geojson_) {
            b += object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            b += '\n';
            out_.MaybeFlush();
            return;
        }
        nlohmann::json feature = {{"type", "Feature"}, {"properties", std::move(object)}};
        if (record.points.empty()) {
            feature["geometry"] = nullptr;
        } else if (record.points.size() == 1) {
            feature["geometry"] = {{"type", "Point"},
                                   {"coordinates", {record.points[0].lon, record.points[0].lat}}};
        } else {
            nlohmann::json coordinates = nlohmann::json::array();
            for (const auto& p : record.points) coordinates.push_back({p.lon, p.lat});
            feature["geometry"] = {{"type", "MultiPoint"}, {"coordinates", std::move(coordinates)}};
        }
        b += feature.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        b += '\n';
        out_.MaybeFlush();
    }

    void Finish() override {
        out_.buffer() += geojson_ ? "]}\n" : "]\n";
        out_.Flush();
    }

  private:
    static nlohmann::json ToJson(const Cell& cell) {
        if (const auto* n = std::get_if<std::int64_t>(&cell)) return *n;
        if (const auto* d = std::get_if<double>(&cell)) return *d;
        if (const auto* s = std::get_if<std::string>(&cell)) return *s;
        if (const auto* list = std::get_if<std::vector<std::string>>(&cell)) return *list;
        return nullptr;
    }

    Buffered out_;
    bool geojson_;
    bool first_ = true;
    std::vector<Column> columns_;
};

// libxlsxwriter writes a file: in constant-memory mode each row goes to a temporary file as it
// is written, then the workbook is zipped at close; the file is streamed to the sink and removed.
class XlsxWriter final : public TableWriter {
  public:
    XlsxWriter(ByteSink sink, std::string sheet_name)
        : sink_(std::move(sink)), sheet_name_(std::move(sheet_name)) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "cncd-export-XXXXXX").string();
        const int fd = mkstemp(pattern.data());
        if (fd < 0) throw std::runtime_error("xlsx: cannot create a temporary file");
        close(fd);
        path_ = pattern;
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        workbook_ = workbook_new_opt(path_.c_str(), &options);
        if (workbook_ == nullptr) {
            std::filesystem::remove(path_);
            throw std::runtime_error("xlsx: cannot create the workbook");
        }
        header_format_ = workbook_add_format(workbook_);
        format_set_bold(header_format_);
    }

    ~XlsxWriter() override {
        if (workbook_ != nullptr) workbook_close(workbook_);
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }

    void Begin(const std::vector<Column>& columns) override {
        columns_ = columns;
        NewSheet();
    }

    void Write(const Record& record) override {
        if (row_ == kXlsxMaxRows) NewSheet();  // a sheet holds 1,048,576 rows: go on in the next
        for (std::size_t i = 0; i < record.cells.size(); ++i) {
            const auto col = static_cast<lxw_col_t>(i);
            const Cell& cell = record.cells[i];
            if (const auto* n = std::get_if<std::int64_t>(&cell)) {
                worksheet_write_number(sheet_, row_, col, static_cast<double>(*n), nullptr);
            } else if (const auto* d = std::get_if<double>(&cell)) {
                worksheet_write_number(sheet_, row_, col, *d, nullptr);
            } else if (const auto* s = std::get_if<std::string>(&cell)) {
                WriteText(col, *s);
            } else if (const auto* list = std::get_if<std::vector<std::string>>(&cell)) {
                WriteText(col, Join(*list));
            }
        }
        ++row_;
    }

    void Finish() override {
        const lxw_error status = workbook_close(workbook_);
        workbook_ = nullptr;
        if (status != LXW_NO_ERROR) {
            throw std::runtime_error(std::string("xlsx: ") + lxw_strerror(status));
        }
        std::ifstream in(path_, std::ios::binary);
        if (!in) throw std::runtime_error("xlsx: cannot read the workbook back");
        std::string block(kFlushBytes, '\0');
        while (in) {
            in.read(block.data(), static_cast<std::streamsize>(block.size()));
            const auto got = static_cast<std::size_t>(in.gcount());
            if (got > 0) sink_(std::string_view(block.data(), got));
        }
    }

  private:
    void NewSheet() {
        ++sheets_;
        const std::string name =
            sheets_ == 1 ? sheet_name_ : sheet_name_ + " (" + std::to_string(sheets_) + ")";
        sheet_ = workbook_add_worksheet(workbook_, name.c_str());
        if (sheet_ == nullptr) throw std::runtime_error("xlsx: cannot add a worksheet");
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(i), columns_[i].header.c_str(),
                                   header_format_);
        }
        worksheet_freeze_panes(sheet_, 1, 0);
        row_ = 1;
    }

    // Text cells are written as strings, never as formulas; Excel caps a cell at 32,767 characters.
    void WriteText(lxw_col_t col, const std::string& text) {
        if (text.empty()) return;
        if (text.size() <= kXlsxMaxChars) {
            worksheet_write_string(sheet_, row_, col, text.c_str(), nullptr);
            return;
        }
        std::size_t cut = kXlsxMaxChars;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        worksheet_write_string(sheet_, row_, col, text.substr(0, cut).c_str(), nullptr);
    }

    ByteSink sink_;
    std::string sheet_name_;
    std::string path_;
    lxw_workbook* workbook_ = nullptr;
    lxw_worksheet* sheet_ = nullptr;
    lxw_format* header_format_ = nullptr;
    std::vector<Column> columns_;
    lxw_row_t row_ = 0;
    int sheets_ = 0;
};

}  // namespace

std::string CsvField(std::string_view text, char separator) {
    std::string value;
    value.reserve(text.size() + 2);
    if (!text.empty()) {
        const char first = text.front();
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
            first == '\r') {
            value += '\'';
        }
    }
    value += text;
    if (value.find_first_of(std::string{separator, '"', '\r', '\n'}) == std::string::npos) {
        return value;
    }
    std::string quoted = "\"";
    for (const char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::unique_ptr<TableWriter> MakeTableWriter(Format format, ByteSink sink, const CsvOptions& csv,
                                             std::string sheet_name) {
    switch (format) {
        case Format::kCsv:
            return std::make_unique<CsvWriter>(std::move(sink), csv);
        case Format::kXlsx:
            return std::make_unique<XlsxWriter>(std::move(sink), std::move(sheet_name));
        case Format::kGeoJson:
            return std::make_unique<JsonWriter>(std::move(sink), true);
        case Format::kJson:
            return std::make_unique<JsonWriter>(std::move(sink), false);
    }
    return nullptr;
}

std::string_view ContentType(Format format) {
    switch (format) {
        case Format::kCsv:
            return "text/csv; charset=utf-8";
        case Format::kXlsx:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        case Format::kGeoJson:
            return "application/geo+json";
        case Format::kJson:
            return "application/json";
    }
    return {};
}

std::string_view Extension(Format format) {
    switch (format) {
        case Format::kCsv:
            return "csv";
        case Format::kXlsx:
            return "xlsx";
        case Format::kGeoJson:
            return "geojson";
        case Format::kJson:
            return "json";
    }
    return {};
}

}  // namespace cncd::exports
