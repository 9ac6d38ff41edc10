#include "db/sqlite/french_tokenizer.hpp"

#include <libstemmer.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <new>
#include <stdexcept>

#include "core/text.hpp"
#include "db/database.hpp"

namespace cncd::db {
namespace {

// Folded French function words, sorted for binary search. Written for this project: articles,
// elided forms (l', d', qu'…), pronouns, prepositions and conjunctions that carry no meaning
// in a search.
constexpr std::array<std::string_view, 63> kStopWords = {
    "a",  "au",   "aux",   "avec", "c",     "ce",   "ces",   "d",    "dans", "de",  "des",
    "du", "elle", "elles", "en",   "et",    "eux",  "il",    "ils",  "j",    "je",  "l",
    "la", "le",   "les",   "leur", "leurs", "lui",  "m",     "ma",   "mais", "me",  "mes",
    "n",  "ne",   "ni",    "nos",  "notre", "nous", "on",    "ou",   "par",  "pas", "pour",
    "qu", "que",  "qui",   "s",    "sa",    "se",   "ses",   "son",  "sur",  "t",   "ta",
    "te", "tes",  "ton",   "un",   "une",   "vos",  "votre", "vous",
};
static_assert(std::is_sorted(kStopWords.begin(), kStopWords.end()));

// Decodes the code point at `i` and advances past it; a malformed byte decodes as U+FFFD.
char32_t Decode(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
        ++i;
        return lead;
    }
    const int extra = (lead >> 5) == 0x6    ? 1
                      : (lead >> 4) == 0xE  ? 2
                      : (lead >> 3) == 0x1E ? 3
                                            : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = lead & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    i += extra + 1;
    return cp;
}

// Letters and digits; outside ASCII, everything but punctuation, symbols, spaces and controls.
bool IsWordChar(char32_t cp) {
    if (cp < 0x80) {
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    }
    if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // ª µ º are letters
    if (cp == 0xD7 || cp == 0xF7) return false;                    // × ÷
    if (cp >= 0x2000 && cp <= 0x206F) return false;  // general punctuation, spaces, quotes
    if (cp >= 0x20A0 && cp <= 0x20CF) return false;  // currency symbols (€)
    if (cp >= 0x2190 && cp <= 0x2BFF) return false;  // arrows, maths, box drawing, shapes
    if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
    if (cp >= 0xFE30 && cp <= 0xFE4F) return false;  // CJK compatibility forms
    if (cp >= 0xFF00 && cp <= 0xFF0F) return false;  // full-width punctuation
    if (cp >= 0xFF1A && cp <= 0xFF20) return false;
    if (cp == 0xFEFF || cp == 0xFFFD) return false;    // BOM, replacement character
    if (cp >= 0x1F000 && cp <= 0x1FAFF) return false;  // emoji and pictographs
    return true;
}

// The FTS5 tokenizer object: one analyser per full-text table and connection.
struct Fts5French {
    FrenchAnalyzer analyzer;
};

using TokenCallback = int (*)(void*, int, const char*, int, int, int);

// Forwards the analyser's terms to FTS5: the folded word, then its stem at the same position.
class Fts5Sink final : public TermSink {
  public:
    Fts5Sink(void* context, TokenCallback token, bool with_stems)
        : context_(context), token_(token), with_stems_(with_stems) {}
    bool OnWord(std::size_t begin, std::size_t end, std::string_view folded,
                std::string_view stem) override {
        rc_ = token_(context_, 0, folded.data(), static_cast<int>(folded.size()),
                     static_cast<int>(begin), static_cast<int>(end));
        if (rc_ == SQLITE_OK && with_stems_ && stem != folded) {
            rc_ = token_(context_, FTS5_TOKEN_COLOCATED, stem.data(), static_cast<int>(stem.size()),
                         static_cast<int>(begin), static_cast<int>(end));
        }
        return rc_ == SQLITE_OK;
    }
    int rc() const { return rc_; }

  private:
    void* context_;
    TokenCallback token_;
    bool with_stems_;
    int rc_ = SQLITE_OK;
};

int CreateTokenizer(void*, const char**, int arg_count, Fts5Tokenizer** out) {
    *out = nullptr;
    if (arg_count != 0) return SQLITE_ERROR;  // cncd_french takes no options
    try {
        *out = reinterpret_cast<Fts5Tokenizer*>(new Fts5French());
        return SQLITE_OK;
    } catch (const std::bad_alloc&) {
        return SQLITE_NOMEM;
    } catch (const std::runtime_error&) {
        return SQLITE_ERROR;
    }
}

void DeleteTokenizer(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Fts5French*>(tokenizer); }

int Tokenize(Fts5Tokenizer* tokenizer, void* context, int flags, const char* text, int size,
             TokenCallback token) {
    auto* self = reinterpret_cast<Fts5French*>(tokenizer);
    Fts5Sink sink(context, token, (flags & FTS5_TOKENIZE_QUERY) == 0);
    try {
        self->analyzer.Analyze(std::string_view(text, size > 0 ? size : 0), sink);
    } catch (const std::bad_alloc&) {
        return SQLITE_NOMEM;
    }
    return sink.rc();
}

class TermCollector final : public TermSink {
  public:
    bool OnWord(std::size_t, std::size_t, std::string_view folded, std::string_view stem) override {
        terms.push_back({std::string(folded), std::string(stem)});
        return true;
    }
    std::vector<FrenchAnalyzer::Term> terms;
};

}  // namespace

bool IsFrenchStopWord(std::string_view folded) {
    return std::binary_search(kStopWords.begin(), kStopWords.end(), folded);
}

FrenchAnalyzer::FrenchAnalyzer() : stemmer_(sb_stemmer_new("french", "UTF_8")) {
    if (stemmer_ == nullptr) throw std::runtime_error("libstemmer: no French stemmer");
}

FrenchAnalyzer::~FrenchAnalyzer() { sb_stemmer_delete(stemmer_); }

void FrenchAnalyzer::Analyze(std::string_view text, TermSink& sink) {
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t begin = i;
        if (!IsWordChar(Decode(text, i))) continue;
        std::size_t end = i;
        while (end < text.size()) {
            std::size_t next = end;
            if (!IsWordChar(Decode(text, next))) break;
            end = next;
        }
        i = end;
        const std::string_view word = text.substr(begin, end - begin);
        if (std::all_of(word.begin(), word.end(), [](char c) { return (c & 0x80) == 0; })) {
            folded_.assign(word);  // ASCII: lower-case in place, no allocation
            for (char& c : folded_) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        } else {
            folded_ = text::Fold(word);
        }
        if (IsFrenchStopWord(folded_)) continue;
        const sb_symbol* stem =
            sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(folded_.data()),
                            static_cast<int>(folded_.size()));
        if (stem == nullptr) throw std::bad_alloc();
        const std::string_view stem_view(reinterpret_cast<const char*>(stem),
                                         static_cast<std::size_t>(sb_stemmer_length(stemmer_)));
        if (!sink.OnWord(begin, end, folded_, stem_view)) return;
    }
}

std::vector<FrenchAnalyzer::Term> FrenchAnalyzer::Terms(std::string_view text) {
    TermCollector collector;
    Analyze(text, collector);
    return std::move(collector.terms);
}

std::vector<std::string> FrenchAnalyzer::FoldedWords(std::string_view text) {
    std::vector<std::string> words;
    for (auto& term : Terms(text)) words.push_back(std::move(term.folded));
    return words;
}

void RegisterFrenchTokenizer(fts5_api* api) {
    fts5_tokenizer tokenizer{CreateTokenizer, DeleteTokenizer, Tokenize};
    if (api->xCreateTokenizer(api, "cncd_french", nullptr, &tokenizer, nullptr) != SQLITE_OK) {
        throw DatabaseError("cannot register the cncd_french tokenizer");
    }
}

}  // namespace cncd::db
