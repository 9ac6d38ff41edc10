#include "modules/demo/country_plan.hpp"

#include <array>

namespace cncd::demo {
namespace {

// Weights are relative numbers of projects, written from the published picture: francophone
// Africa first, then the European twinnings, Latin America in progress, few Asian partners
// (the Asian share is scaled separately to its own total).
constexpr std::array kPlans = {
    // Afrique
    CountryPlan{"ML", 454, "au Mali", "du Mali", "Région", "Cercle"},
    CountryPlan{"BF", 446, "au Burkina Faso", "du Burkina Faso", "Région", "Province"},
    CountryPlan{"SN", 410, "au Sénégal", "du Sénégal", "Région", "Département"},
    CountryPlan{"MA", 370, "au Maroc", "du Maroc", "Région", "Province"},
    CountryPlan{"NE", 360, "au Niger", "du Niger", "Région", "Département"},
    CountryPlan{"BJ", 350, "au Bénin", "du Bénin", "Département", ""},
    CountryPlan{"MG", 335, "à Madagascar", "de Madagascar", "Région", "District"},
    CountryPlan{"CM", 320, "au Cameroun", "du Cameroun", "Région", "Département"},
    CountryPlan{"TN", 290, "en Tunisie", "de Tunisie", "Gouvernorat", "Délégation"},
    CountryPlan{"TG", 300, "au Togo", "du Togo", "Région", "Préfecture"},
    CountryPlan{"CI", 260, "en Côte d'Ivoire", "de Côte d'Ivoire", "Région", "Département"},
    CountryPlan{"DZ", 190, "en Algérie", "d'Algérie", "Wilaya", "Daïra"},
    CountryPlan{"MR", 200, "en Mauritanie", "de Mauritanie", "Wilaya", "Moughataa"},
    CountryPlan{"GN", 180, "en Guinée", "de Guinée", "Région", "Préfecture"},
    CountryPlan{"CD", 90, "en République démocratique du Congo",
                "de République démocratique du Congo", "Province", "Territoire"},
    CountryPlan{"CG", 80, "au Congo", "du Congo", "Département", "District"},
    CountryPlan{"MZ", 70, "au Mozambique", "du Mozambique", "Province", "District"},
    CountryPlan{"TD", 70, "au Tchad", "du Tchad", "Province", "Département"},
    CountryPlan{"KM", 70, "aux Comores", "des Comores", "", ""},
    CountryPlan{"ZA", 70, "en Afrique du Sud", "d'Afrique du Sud", "Province", "District"},
    CountryPlan{"EG", 60, "en Égypte", "d'Égypte", "Gouvernorat", ""},
    CountryPlan{"BI", 60, "au Burundi", "du Burundi", "Province", ""},
    CountryPlan{"GA", 55, "au Gabon", "du Gabon", "Province", "Département"},
    CountryPlan{"CV", 50, "au Cap-Vert", "du Cap-Vert", "", ""},
    CountryPlan{"CF", 45, "en Centrafrique", "de Centrafrique", "Préfecture", "Sous-préfecture"},
    CountryPlan{"RW", 40, "au Rwanda", "du Rwanda", "Province", "District"},
    CountryPlan{"ET", 40, "en Éthiopie", "d'Éthiopie", "Région", "Zone"},
    CountryPlan{"MU", 40, "à Maurice", "de Maurice", "District", ""},
    CountryPlan{"GH", 25, "au Ghana", "du Ghana", "Région", "District"},
    CountryPlan{"KE", 25, "au Kenya", "du Kenya", "Comté", ""},
    CountryPlan{"TZ", 25, "en Tanzanie", "de Tanzanie", "Région", "District"},
    CountryPlan{"GM", 25, "en Gambie", "de Gambie", "Région", "District"},
    CountryPlan{"GW", 20, "en Guinée-Bissau", "de Guinée-Bissau", "Région", "Secteur"},
    CountryPlan{"DJ", 15, "à Djibouti", "de Djibouti", "Région", ""},
    CountryPlan{"NG", 15, "au Nigeria", "du Nigeria", "État", ""},
    CountryPlan{"UG", 15, "en Ouganda", "d'Ouganda", "Région", "District"},
    CountryPlan{"NA", 12, "en Namibie", "de Namibie", "Région", ""},
    CountryPlan{"AO", 12, "en Angola", "d'Angola", "Province", ""},
    CountryPlan{"ST", 10, "à São Tomé-et-Principe", "de São Tomé-et-Principe", "", ""},
    CountryPlan{"SC", 8, "aux Seychelles", "des Seychelles", "", ""},
    CountryPlan{"ZW", 8, "au Zimbabwe", "du Zimbabwe", "Province", "District"},
    CountryPlan{"SL", 8, "en Sierra Leone", "de Sierra Leone", "Province", "District"},
    CountryPlan{"MW", 8, "au Malawi", "du Malawi", "Région", "District"},
    CountryPlan{"ZM", 8, "en Zambie", "de Zambie", "Province", "District"},
    CountryPlan{"LY", 8, "en Libye", "de Libye", "", ""},
    CountryPlan{"LR", 6, "au Liberia", "du Liberia", "Comté", ""},
    CountryPlan{"SD", 6, "au Soudan", "du Soudan", "État", ""},
    CountryPlan{"GQ", 5, "en Guinée équatoriale", "de Guinée équatoriale", "", ""},
    CountryPlan{"LS", 4, "au Lesotho", "du Lesotho", "", ""},
    CountryPlan{"BW", 4, "au Botswana", "du Botswana", "", ""},
    CountryPlan{"SZ", 3, "en Eswatini", "d'Eswatini", "", ""},
    CountryPlan{"SS", 2, "au Soudan du Sud", "du Soudan du Sud", "", ""},
    // Amériques
    CountryPlan{"CA", 260, "au Canada", "du Canada", "", ""},
    CountryPlan{"US", 240, "aux États-Unis", "des États-Unis", "", ""},
    CountryPlan{"HT", 280, "en Haïti", "d'Haïti", "Département", "Arrondissement"},
    CountryPlan{"BR", 250, "au Brésil", "du Brésil", "", ""},
    CountryPlan{"MX", 130, "au Mexique", "du Mexique", "", ""},
    CountryPlan{"AR", 120, "en Argentine", "d'Argentine", "", ""},
    CountryPlan{"CL", 120, "au Chili", "du Chili", "", ""},
    CountryPlan{"NI", 100, "au Nicaragua", "du Nicaragua", "Département", ""},
    CountryPlan{"PE", 90, "au Pérou", "du Pérou", "", ""},
    CountryPlan{"CO", 80, "en Colombie", "de Colombie", "", ""},
    CountryPlan{"BO", 70, "en Bolivie", "de Bolivie", "Département", "Province"},
    CountryPlan{"CU", 70, "à Cuba", "de Cuba", "Province", ""},
    CountryPlan{"EC", 50, "en Équateur", "d'Équateur", "", ""},
    CountryPlan{"UY", 50, "en Uruguay", "d'Uruguay", "", ""},
    CountryPlan{"GT", 40, "au Guatemala", "du Guatemala", "", ""},
    CountryPlan{"SV", 40, "au Salvador", "du Salvador", "", ""},
    CountryPlan{"HN", 30, "au Honduras", "du Honduras", "", ""},
    CountryPlan{"CR", 30, "au Costa Rica", "du Costa Rica", "", ""},
    CountryPlan{"DO", 30, "en République dominicaine", "de République dominicaine", "", ""},
    CountryPlan{"VE", 25, "au Venezuela", "du Venezuela", "", ""},
    CountryPlan{"PY", 15, "au Paraguay", "du Paraguay", "", ""},
    CountryPlan{"DM", 15, "à la Dominique", "de la Dominique", "", ""},
    CountryPlan{"LC", 15, "à Sainte-Lucie", "de Sainte-Lucie", "", ""},
    CountryPlan{"PA", 12, "au Panama", "du Panama", "", ""},
    CountryPlan{"SR", 12, "au Suriname", "du Suriname", "", ""},
    CountryPlan{"TT", 8, "à Trinité-et-Tobago", "de Trinité-et-Tobago", "", ""},
    CountryPlan{"JM", 8, "en Jamaïque", "de Jamaïque", "", ""},
    CountryPlan{"GY", 6, "au Guyana", "du Guyana", "", ""},
    CountryPlan{"BB", 4, "à la Barbade", "de la Barbade", "", ""},
    CountryPlan{"BZ", 4, "au Belize", "du Belize", "", ""},
    CountryPlan{"AG", 3, "à Antigua-et-Barbuda", "d'Antigua-et-Barbuda", "", ""},
    CountryPlan{"VC", 3, "à Saint-Vincent-et-les-Grenadines", "de Saint-Vincent-et-les-Grenadines",
                "", ""},
    CountryPlan{"GD", 3, "à la Grenade", "de la Grenade", "", ""},
    // Europe
    CountryPlan{"DE", 330, "en Allemagne", "d'Allemagne", "", ""},
    CountryPlan{"GB", 320, "au Royaume-Uni", "du Royaume-Uni", "", ""},
    CountryPlan{"IT", 315, "en Italie", "d'Italie", "", ""},
    CountryPlan{"PL", 290, "en Pologne", "de Pologne", "", ""},
    CountryPlan{"ES", 290, "en Espagne", "d'Espagne", "", ""},
    CountryPlan{"RO", 280, "en Roumanie", "de Roumanie", "", ""},
    CountryPlan{"BE", 230, "en Belgique", "de Belgique", "", ""},
    CountryPlan{"PT", 230, "au Portugal", "du Portugal", "", ""},
    CountryPlan{"HU", 160, "en Hongrie", "de Hongrie", "", ""},
    CountryPlan{"CZ", 140, "en Tchéquie", "de Tchéquie", "", ""},
    CountryPlan{"IE", 120, "en Irlande", "d'Irlande", "", ""},
    CountryPlan{"BG", 120, "en Bulgarie", "de Bulgarie", "", ""},
    CountryPlan{"NL", 90, "aux Pays-Bas", "des Pays-Bas", "", ""},
    CountryPlan{"CH", 90, "en Suisse", "de Suisse", "", ""},
    CountryPlan{"AT", 75, "en Autriche", "d'Autriche", "", ""},
    CountryPlan{"GR", 75, "en Grèce", "de Grèce", "", ""},
    CountryPlan{"UA", 80, "en Ukraine", "d'Ukraine", "", ""},
    CountryPlan{"RU", 70, "en Russie", "de Russie", "", ""},
    CountryPlan{"SK", 60, "en Slovaquie", "de Slovaquie", "", ""},
    CountryPlan{"MD", 70, "en Moldavie", "de Moldavie", "", ""},
    CountryPlan{"RS", 55, "en Serbie", "de Serbie", "", ""},
    CountryPlan{"TR", 45, "en Turquie", "de Turquie", "", ""},
    CountryPlan{"HR", 45, "en Croatie", "de Croatie", "", ""},
    CountryPlan{"AL", 50, "en Albanie", "d'Albanie", "", ""},
    CountryPlan{"LT", 45, "en Lituanie", "de Lituanie", "", ""},
    CountryPlan{"DK", 45, "au Danemark", "du Danemark", "", ""},
    CountryPlan{"SE", 45, "en Suède", "de Suède", "", ""},
    CountryPlan{"BA", 40, "en Bosnie-Herzégovine", "de Bosnie-Herzégovine", "", ""},
    CountryPlan{"LV", 35, "en Lettonie", "de Lettonie", "", ""},
    CountryPlan{"SI", 35, "en Slovénie", "de Slovénie", "", ""},
    CountryPlan{"LU", 40, "au Luxembourg", "du Luxembourg", "", ""},
    CountryPlan{"MK", 30, "en Macédoine du Nord", "de Macédoine du Nord", "", ""},
    CountryPlan{"EE", 30, "en Estonie", "d'Estonie", "", ""},
    CountryPlan{"NO", 30, "en Norvège", "de Norvège", "", ""},
    CountryPlan{"FI", 30, "en Finlande", "de Finlande", "", ""},
    CountryPlan{"XK", 15, "au Kosovo", "du Kosovo", "", ""},
    CountryPlan{"BY", 15, "en Biélorussie", "de Biélorussie", "", ""},
    CountryPlan{"AD", 15, "en Andorre", "d'Andorre", "", ""},
    CountryPlan{"ME", 12, "au Monténégro", "du Monténégro", "", ""},
    CountryPlan{"MT", 10, "à Malte", "de Malte", "", ""},
    CountryPlan{"CY", 10, "à Chypre", "de Chypre", "", ""},
    CountryPlan{"IS", 8, "en Islande", "d'Islande", "", ""},
    CountryPlan{"MC", 6, "à Monaco", "de Monaco", "", ""},
    CountryPlan{"SM", 4, "à Saint-Marin", "de Saint-Marin", "", ""},
    CountryPlan{"LI", 3, "au Liechtenstein", "du Liechtenstein", "", ""},
    // Asie (scaled to the Asian total)
    CountryPlan{"CN", 100, "en Chine", "de Chine", "Province", ""},
    CountryPlan{"VN", 60, "au Vietnam", "du Vietnam", "Province", "District"},
    CountryPlan{"JP", 40, "au Japon", "du Japon", "", ""},
    CountryPlan{"KH", 25, "au Cambodge", "du Cambodge", "Province", "District"},
    CountryPlan{"LA", 20, "au Laos", "du Laos", "Province", "District"},
    CountryPlan{"IN", 20, "en Inde", "de l'Inde", "", ""},
    CountryPlan{"LB", 20, "au Liban", "du Liban", "Mohafazat", "Caza"},
    CountryPlan{"AM", 20, "en Arménie", "d'Arménie", "Marz", ""},
    CountryPlan{"PS", 15, "en Palestine", "de Palestine", "Gouvernorat", ""},
    CountryPlan{"MN", 8, "en Mongolie", "de Mongolie", "Aimag", ""},
    CountryPlan{"GE", 8, "en Géorgie", "de Géorgie", "", ""},
    CountryPlan{"KR", 8, "en Corée du Sud", "de Corée du Sud", "", ""},
    CountryPlan{"IL", 8, "en Israël", "d'Israël", "", ""},
    CountryPlan{"TH", 6, "en Thaïlande", "de Thaïlande", "", ""},
    CountryPlan{"ID", 5, "en Indonésie", "d'Indonésie", "", ""},
    CountryPlan{"JO", 4, "en Jordanie", "de Jordanie", "", ""},
    CountryPlan{"UZ", 4, "en Ouzbékistan", "d'Ouzbékistan", "", ""},
    CountryPlan{"NP", 4, "au Népal", "du Népal", "", ""},
    CountryPlan{"PH", 3, "aux Philippines", "des Philippines", "", ""},
    CountryPlan{"LK", 3, "au Sri Lanka", "du Sri Lanka", "", ""},
    CountryPlan{"KZ", 3, "au Kazakhstan", "du Kazakhstan", "", ""},
    CountryPlan{"SY", 3, "en Syrie", "de Syrie", "", ""},
    CountryPlan{"AZ", 2, "en Azerbaïdjan", "d'Azerbaïdjan", "", ""},
    CountryPlan{"MY", 2, "en Malaisie", "de Malaisie", "", ""},
    CountryPlan{"BD", 2, "au Bangladesh", "du Bangladesh", "", ""},
    CountryPlan{"TW", 2, "à Taïwan", "de Taïwan", "", ""},
    CountryPlan{"MM", 2, "en Birmanie", "de Birmanie", "", ""},
    CountryPlan{"KG", 2, "au Kirghizistan", "du Kirghizistan", "", ""},
    // Océanie
    CountryPlan{"VU", 40, "au Vanuatu", "du Vanuatu", "", ""},
    CountryPlan{"AU", 30, "en Australie", "d'Australie", "", ""},
    CountryPlan{"NZ", 20, "en Nouvelle-Zélande", "de Nouvelle-Zélande", "", ""},
    CountryPlan{"FJ", 10, "aux Fidji", "des Fidji", "", ""},
    CountryPlan{"PG", 4, "en Papouasie-Nouvelle-Guinée", "de Papouasie-Nouvelle-Guinée", "", ""},
    CountryPlan{"WS", 3, "aux Samoa", "des Samoa", "", ""},
    CountryPlan{"TO", 2, "aux Tonga", "des Tonga", "", ""},
    CountryPlan{"SB", 2, "aux Îles Salomon", "des Îles Salomon", "", ""},
};

constexpr std::array kLeading = {
    FixedCountryProjects{"ML", 454},
    FixedCountryProjects{"BF", 446},
    FixedCountryProjects{"SN", 410},
};

constexpr std::array<std::string_view, 13> kMasculineLevels = {
    "Aimag", "Arrondissement", "Caza", "Cercle",    "Comté",   "Département", "District",
    "État",  "Gouvernorat",    "Marz", "Mohafazat", "Secteur", "Territoire",
};

}  // namespace

std::span<const CountryPlan> CountryPlans() { return kPlans; }

std::span<const FixedCountryProjects> LeadingCountries() { return kLeading; }

const CountryPlan* FindCountryPlan(std::string_view iso2) {
    for (const auto& plan : kPlans) {
        if (plan.iso2 == iso2) return &plan;
    }
    return nullptr;
}

bool IsMasculineLevel(std::string_view word) {
    for (const auto m : kMasculineLevels) {
        if (m == word) return true;
    }
    return false;
}

}  // namespace cncd::demo
