#include "modules/demo/french_grammar.hpp"

#include <array>
#include <utility>

#include "core/text.hpp"

namespace cncd::demo::fr {
namespace {

constexpr std::array<std::string_view, 48> kFemaleFirstNames = {
    "Anne",     "Camille", "Claire",    "Sophie",   "Isabelle",  "Nathalie",    "Catherine",
    "Hélène",   "Julie",   "Émilie",    "Céline",   "Sandrine",  "Valérie",     "Christine",
    "Aurélie",  "Laure",   "Marion",    "Pauline",  "Élodie",    "Mathilde",    "Agnès",
    "Béatrice", "Cécile",  "Delphine",  "Florence", "Géraldine", "Juliette",    "Léa",
    "Manon",    "Margaux", "Martine",   "Monique",  "Muriel",    "Nadia",       "Odile",
    "Patricia", "Sylvie",  "Virginie",  "Yasmina",  "Fatou",     "Aïcha",       "Chantal",
    "Brigitte", "Corinne", "Françoise", "Laetitia", "Solène",    "Anne-Sophie",
};

constexpr std::array<std::string_view, 48> kMaleFirstNames = {
    "Jean",    "Pierre",   "Michel",  "Philippe", "Alain",   "Nicolas",   "Christophe",
    "Laurent", "Stéphane", "Olivier", "Julien",   "Thomas",  "Sébastien", "François",
    "Éric",    "Frédéric", "Patrick", "Bernard",  "Didier",  "Gilles",    "Hervé",
    "Jacques", "Luc",      "Marc",    "Mathieu",  "Antoine", "Benoît",    "Bruno",
    "Claude",  "Damien",   "Denis",   "Emmanuel", "Fabrice", "Guillaume", "Hugo",
    "Jérôme",  "Karim",    "Louis",   "Mamadou",  "Paul",    "Raphaël",   "Rémi",
    "Serge",   "Thierry",  "Vincent", "Xavier",   "Yann",    "Jean-Marc",
};

constexpr std::array<std::string_view, 96> kLastNames = {
    "Martin",   "Bernard",    "Dubois",   "Thomas",    "Robert",  "Richard",  "Petit",
    "Durand",   "Leroy",      "Moreau",   "Simon",     "Laurent", "Lefebvre", "Michel",
    "Garcia",   "David",      "Bertrand", "Roux",      "Vincent", "Fournier", "Morel",
    "Girard",   "André",      "Lefèvre",  "Mercier",   "Dupont",  "Lambert",  "Bonnet",
    "François", "Martinez",   "Legrand",  "Garnier",   "Faure",   "Rousseau", "Blanc",
    "Guérin",   "Muller",     "Henry",    "Roussel",   "Nicolas", "Perrin",   "Morin",
    "Mathieu",  "Clément",    "Gauthier", "Dumont",    "Lopez",   "Fontaine", "Chevalier",
    "Robin",    "Masson",     "Sanchez",  "Gérard",    "Nguyen",  "Boyer",    "Denis",
    "Lemaire",  "Duval",      "Joly",     "Gautier",   "Roger",   "Roche",    "Roy",
    "Noël",     "Meyer",      "Lucas",    "Meunier",   "Jean",    "Perez",    "Marchand",
    "Dufour",   "Blanchard",  "Marie",    "Barbier",   "Brun",    "Dumas",    "Brunet",
    "Schmitt",  "Leroux",     "Colin",    "Fernandez", "Le Gall", "Le Goff",  "Diallo",
    "Traoré",   "Benali",     "Caron",    "Renaud",    "Arnaud",  "Giraud",   "Aubert",
    "Picard",   "Carpentier", "Rey",      "Hubert",    "Lacroix",
};

// "h" is left out: most place names starting with an h take no elision ("de Haguenau").
constexpr std::array<std::string_view, 13> kVowelStarts = {
    "a", "e", "i", "o", "u", "é", "è", "ê", "î", "ô", "â", "ö", "ü",
};

// Upper-case and lower-case forms of the accented letters that can start a French word.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kAccentCases = {{
    {"É", "é"},
    {"È", "è"},
    {"Ê", "ê"},
    {"À", "à"},
    {"Â", "â"},
    {"Î", "î"},
    {"Ô", "ô"},
    {"Ç", "ç"},
    {"Œ", "œ"},
    {"Ö", "ö"},
    {"Ü", "ü"},
}};

bool StartsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool StartsWithVowel(std::string_view word) {
    const std::string lower = Uncapitalize(word);
    for (const auto v : kVowelStarts) {
        if (StartsWith(lower, v)) return true;
    }
    return false;
}

std::string De(std::string_view name) {
    if (StartsWith(name, "Le ")) return "du " + std::string(name.substr(3));
    if (StartsWith(name, "Les ")) return "des " + std::string(name.substr(4));
    if (StartsWithVowel(name)) return "d'" + std::string(name);
    return "de " + std::string(name);
}

std::string A(std::string_view name) {
    if (StartsWith(name, "Le ")) return "au " + std::string(name.substr(3));
    if (StartsWith(name, "Les ")) return "aux " + std::string(name.substr(4));
    return "à " + std::string(name);
}

std::string DeElided(std::string_view phrase) {
    if (StartsWithVowel(phrase)) return "d'" + std::string(phrase);
    return "de " + std::string(phrase);
}

std::string Article(std::string_view word, bool masculine) {
    const std::string lower = Uncapitalize(word);
    if (StartsWithVowel(lower)) return "l'" + lower;
    return (masculine ? "le " : "la ") + lower;
}

std::string Capitalize(std::string_view text) {
    if (text.empty()) return {};
    if (text[0] >= 'a' && text[0] <= 'z') {
        std::string out(text);
        out[0] = static_cast<char>(out[0] - 'a' + 'A');
        return out;
    }
    for (const auto& [upper, lower] : kAccentCases) {
        if (StartsWith(text, lower))
            return std::string(upper) + std::string(text.substr(lower.size()));
    }
    return std::string(text);
}

std::string Uncapitalize(std::string_view text) {
    if (text.empty()) return {};
    if (text[0] >= 'A' && text[0] <= 'Z') {
        std::string out(text);
        out[0] = static_cast<char>(out[0] - 'A' + 'a');
        return out;
    }
    for (const auto& [upper, lower] : kAccentCases) {
        if (StartsWith(text, upper))
            return std::string(lower) + std::string(text.substr(upper.size()));
    }
    return std::string(text);
}

Person RandomPerson(Prng& rng) {
    Person person;
    person.female = rng.Chance(0.5);
    person.first_name =
        std::string(person.female ? kFemaleFirstNames[rng.Below(kFemaleFirstNames.size())]
                                  : kMaleFirstNames[rng.Below(kMaleFirstNames.size())]);
    person.last_name = std::string(kLastNames[rng.Below(kLastNames.size())]);
    return person;
}

std::string ExampleEmail(const Person& person) {
    return text::Slugify(person.first_name) + "." + text::Slugify(person.last_name) +
           "@example.org";
}

}  // namespace cncd::demo::fr
