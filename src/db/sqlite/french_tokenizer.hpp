#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

struct fts5_api;
struct sb_stemmer;

namespace cncd::db {

/// Receives the terms of a text, one call per searchable word.
class TermSink {
  public:
    virtual ~TermSink() = default;
    /// `begin`/`end`: byte offsets of the word in the text; `folded`: the word in lower case
    /// without accents; `stem`: its Snowball French stem (equal to `folded` when stemming
    /// changes nothing). Return false to stop.
    virtual bool OnWord(std::size_t begin, std::size_t end, std::string_view folded,
                        std::string_view stem) = 0;
};

/// Splits text into words and turns each into index terms, the same way for documents and for
/// queries: a word is a run of letters and digits (any character outside ASCII that is not
/// punctuation, a symbol or a space counts as a letter); it is lower-cased and stripped of its
/// accents (core/text Fold), French stop words are dropped, then it is stemmed with Snowball
/// French (libstemmer). Folding comes first so that accent-insensitivity never depends on the
/// stemmer. Not thread-safe: one analyser per thread (it owns a stemmer).
class FrenchAnalyzer {
  public:
    FrenchAnalyzer();
    ~FrenchAnalyzer();
    FrenchAnalyzer(const FrenchAnalyzer&) = delete;
    FrenchAnalyzer& operator=(const FrenchAnalyzer&) = delete;

    /// Calls `sink` for each searchable word of `text`, in order.
    void Analyze(std::string_view text, TermSink& sink);

    /// The folded searchable words of `text` (stop words dropped), in order.
    std::vector<std::string> FoldedWords(std::string_view text);

    /// A searchable word, folded, and its stem.
    struct Term {
        std::string folded;
        std::string stem;
    };
    /// The searchable words of `text` with their stems, in order.
    std::vector<Term> Terms(std::string_view text);

  private:
    sb_stemmer* stemmer_;
    std::string folded_;
};

/// True for a French stop word given folded ("de", "la", "l", "qu"…).
bool IsFrenchStopWord(std::string_view folded);

/// Registers the FTS5 tokenizer "cncd_french" with a connection's FTS5 (RegisterSqliteSearch).
/// Documents: each word gives its folded form and, at the same position, its stem (so a query can
/// match either). Queries: each word gives its folded form only; callers add the stem as a phrase
/// of its own, so a stem is never stemmed twice. Throws DatabaseError on failure.
void RegisterFrenchTokenizer(fts5_api* api);

}  // namespace cncd::db
