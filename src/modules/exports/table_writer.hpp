#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cncd::exports {

/// Receives the bytes of an extraction as they are produced, in order.
using ByteSink = std::function<void(std::string_view)>;

/// A column of an extraction: its key (JSON, GeoJSON properties) and its header (CSV, XLSX).
struct Column {
    std::string key;
    std::string header;
};

/// A cell: nothing, a whole number, a decimal, a text, or a list of texts (several themes,
/// partners…: joined with " | " in CSV and XLSX, an array in JSON).
using Cell =
    std::variant<std::monostate, std::int64_t, double, std::string, std::vector<std::string>>;

/// A point for GeoJSON (WGS 84).
struct GeoPoint {
    double lon = 0;
    double lat = 0;
};

/// One row: its cells, in the order of the columns, and the points that locate it (GeoJSON only).
struct Record {
    std::vector<Cell> cells;
    std::vector<GeoPoint> points;
};

enum class Format { kCsv, kXlsx, kGeoJson, kJson };

/// How a CSV is written.
struct CsvOptions {
    char separator = ',';  ///< ';' for French spreadsheet software
    bool bom = true;       ///< UTF-8 byte order mark, so spreadsheet software reads UTF-8
};

/// Writes a table row by row to a sink, in one format. Call Begin once, Write per row, then
/// Finish; the bytes reach the sink progressively (XLSX: at Finish, from a temporary file).
/// Throws std::runtime_error when the output cannot be produced (XLSX temporary file).
class TableWriter {
  public:
    virtual ~TableWriter() = default;
    virtual void Begin(const std::vector<Column>& columns) = 0;
    virtual void Write(const Record& record) = 0;
    virtual void Finish() = 0;
};

/// A writer for `format`; `sheet_name` names the XLSX sheet, `csv` applies to CSV.
std::unique_ptr<TableWriter> MakeTableWriter(Format format, ByteSink sink,
                                             const CsvOptions& csv = {},
                                             std::string sheet_name = "Export");

/// "text/csv; charset=utf-8", the XLSX, GeoJSON and JSON media types.
std::string_view ContentType(Format format);
/// "csv", "xlsx", "geojson", "json".
std::string_view Extension(Format format);

/// A CSV field as RFC 4180 writes it: quoted when it holds the separator, a quote, CR or LF
/// (quotes doubled); a text beginning with = + - @, a tab or CR gets a leading apostrophe first,
/// so spreadsheet software never runs it as a formula.
std::string CsvField(std::string_view text, char separator);

}  // namespace cncd::exports
