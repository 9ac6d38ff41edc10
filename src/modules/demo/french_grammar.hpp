#pragma once

#include <string>
#include <string_view>

#include "modules/demo/prng.hpp"

namespace cncd::demo::fr {

/// True when a word takes an elided article: it starts with a vowel ("Angers", "Évry",
/// "Île-de-France"). An initial h counts as a consonant ("de Haguenau").
bool StartsWithVowel(std::string_view word);

/// "de" before a name, with contraction and elision: "de Bayonne", "d'Angers", "du Havre"
/// (for "Le Havre"), "des Mureaux" (for "Les Mureaux"), "de La Rochelle".
std::string De(std::string_view name);

/// "à" before a place name: "à Bayonne", "au Havre", "aux Mureaux", "à La Rochelle".
std::string A(std::string_view name);

/// "de" or "d'" glued to a phrase: "d'améliorer…", "de renforcer…".
std::string DeElided(std::string_view phrase);

/// "le"/"la"/"l'" + noun for a level word: ("Cercle", false) → "le cercle".
std::string Article(std::string_view word, bool masculine);

/// The first letter in upper case ("la ville" → "La ville", "élus" → "Élus").
std::string Capitalize(std::string_view text);

/// The first letter in lower case, for a name used inside a sentence ("Santé" → "santé").
std::string Uncapitalize(std::string_view text);

/// A fictitious person (first and last names drawn from common French names).
struct Person {
    std::string first_name;
    std::string last_name;
    bool female = false;

    std::string FullName() const { return first_name + " " + last_name; }
};

/// Draws a fictitious person.
Person RandomPerson(Prng& rng);

/// prenom.nom@example.org: a reserved domain, so no mail ever reaches a real person.
std::string ExampleEmail(const Person& person);

/// A masculine or feminine form: Gendered(p, "Chargé", "Chargée").
inline std::string Gendered(const Person& p, std::string_view masculine,
                            std::string_view feminine) {
    return std::string(p.female ? feminine : masculine);
}

}  // namespace cncd::demo::fr
