#pragma once

// Test helper: reads one entry of a ZIP archive (an XLSX workbook), to check what was written.

#include <zlib.h>

#include <stdexcept>
#include <string>

namespace cncd::exports {

// The uncompressed content of `name` in a ZIP archive (stored or deflated entries).
inline std::string ZipEntry(const std::string& zip, const std::string& name) {
    const auto u16 = [&](std::size_t at) {
        return static_cast<unsigned>(static_cast<unsigned char>(zip[at])) |
               static_cast<unsigned>(static_cast<unsigned char>(zip[at + 1])) << 8;
    };
    const auto u32 = [&](std::size_t at) { return u16(at) | u16(at + 2) << 16; };
    const std::size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
    if (eocd == std::string::npos) throw std::runtime_error("not a zip");
    std::size_t at = u32(eocd + 16);
    for (unsigned i = 0, n = u16(eocd + 10); i < n; ++i) {
        const unsigned method = u16(at + 10);
        const std::size_t compressed = u32(at + 20), size = u32(at + 24);
        const std::size_t name_len = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32);
        const std::size_t local = u32(at + 42);
        if (zip.compare(at + 46, name_len, name) == 0) {
            const std::size_t data = local + 30 + u16(local + 26) + u16(local + 28);
            if (method == 0) return zip.substr(data, size);
            std::string out(size, '\0');
            z_stream z{};
            inflateInit2(&z, -MAX_WBITS);
            z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
            z.avail_in = static_cast<uInt>(compressed);
            z.next_out = reinterpret_cast<Bytef*>(out.data());
            z.avail_out = static_cast<uInt>(size);
            inflate(&z, Z_FINISH);
            inflateEnd(&z);
            return out;
        }
        at += 46 + name_len + extra + comment;
    }
    throw std::runtime_error("no entry " + name);
}

}  // namespace cncd::exports
