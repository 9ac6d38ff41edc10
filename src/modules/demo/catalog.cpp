#include "modules/demo/catalog.hpp"

#include <array>

namespace cncd::demo {
namespace {

// Top themes first (15), then their sub-themes (21). DAC purpose codes from the OECD CRS
// list; a sub-theme carries the more precise code.
constexpr std::array kThemes = {
    ThemeDef{"gouvernance-locale", "Décentralisation et gouvernance locale", "", "15112"},
    ThemeDef{"developpement-urbain", "Développement urbain durable", "", "43030"},
    ThemeDef{"eau-assainissement", "Eau et assainissement", "", "14030"},
    ThemeDef{"sante", "Santé", "", "12110"},
    ThemeDef{"education", "Éducation et formation", "", "11110"},
    ThemeDef{"enseignement-superieur", "Recherche et enseignement supérieur", "", "11420"},
    ThemeDef{"agriculture", "Agriculture et sécurité alimentaire", "", "31110"},
    ThemeDef{"economie", "Économie et développement local", "", "25010"},
    ThemeDef{"culture", "Culture", "", "16061"},
    ThemeDef{"environnement", "Environnement et climat", "", "41010"},
    ThemeDef{"jeunesse", "Jeunesse et échanges", "", "16010"},
    ThemeDef{"egalite", "Égalité femmes-hommes", "", "15170"},
    ThemeDef{"migrations", "Migrations et codéveloppement", "", "15190"},
    ThemeDef{"urgence", "Aide d'urgence et reconstruction", "", "72010"},
    ThemeDef{"sensibilisation", "Sensibilisation au développement", "", "99820"},

    ThemeDef{"appui-institutionnel", "Appui institutionnel et renforcement des capacités",
             "gouvernance-locale", "15110"},
    ThemeDef{"finances-locales", "Finances locales et fiscalité", "gouvernance-locale", "15114"},
    ThemeDef{"democratie-locale", "Démocratie locale et participation citoyenne",
             "gouvernance-locale", "15150"},
    ThemeDef{"amenagement-urbain", "Aménagement et planification urbaine", "developpement-urbain",
             "43030"},
    ThemeDef{"transports", "Transports et mobilité", "developpement-urbain", "21010"},
    ThemeDef{"dechets", "Gestion des déchets", "developpement-urbain", "14050"},
    ThemeDef{"eau-potable", "Accès à l'eau potable", "eau-assainissement", "14031"},
    ThemeDef{"assainissement", "Assainissement et hygiène", "eau-assainissement", "14032"},
    ThemeDef{"soins-de-sante", "Soins de santé de base", "sante", "12220"},
    ThemeDef{"professionnels-de-sante", "Formation des professionnels de santé", "sante", "12281"},
    ThemeDef{"education-de-base", "Éducation de base", "education", "11220"},
    ThemeDef{"formation-professionnelle", "Formation professionnelle", "education", "11330"},
    ThemeDef{"developpement-rural", "Développement rural", "agriculture", "43040"},
    ThemeDef{"securite-alimentaire", "Sécurité alimentaire", "agriculture", "43071"},
    ThemeDef{"tourisme-durable", "Tourisme durable", "economie", "33210"},
    ThemeDef{"microfinance", "Microfinance et entrepreneuriat", "economie", "24040"},
    ThemeDef{"patrimoine", "Patrimoine", "culture", "16061"},
    ThemeDef{"sport", "Sport", "culture", "16061"},
    ThemeDef{"energie", "Énergie", "environnement", "23110"},
    ThemeDef{"biodiversite", "Biodiversité", "environnement", "41030"},
    ThemeDef{"reconstruction", "Reconstruction", "urgence", "73010"},
};

constexpr std::array kCofinancers = {
    CofinancerDef{"meae-daect", "Ministère de l'Europe et des Affaires étrangères (DAECT)",
                  "state"},
    CofinancerDef{"afd", "Agence française de développement (AFD)", "operator"},
    CofinancerDef{"union-europeenne", "Union européenne", "european"},
    CofinancerDef{"agence-eau-seine-normandie", "Agence de l'eau Seine-Normandie", "agency"},
    CofinancerDef{"agence-eau-loire-bretagne", "Agence de l'eau Loire-Bretagne", "agency"},
    CofinancerDef{"agence-eau-adour-garonne", "Agence de l'eau Adour-Garonne", "agency"},
    CofinancerDef{"agence-eau-rhone-mediterranee-corse", "Agence de l'eau Rhône-Méditerranée-Corse",
                  "agency"},
    CofinancerDef{"agence-eau-artois-picardie", "Agence de l'eau Artois-Picardie", "agency"},
    CofinancerDef{"agence-eau-rhin-meuse", "Agence de l'eau Rhin-Meuse", "agency"},
    CofinancerDef{"ademe", "Agence de la transition écologique (ADEME)", "operator"},
    CofinancerDef{"institut-francais", "Institut français", "operator"},
    CofinancerDef{"pnud", "Programme des Nations unies pour le développement (PNUD)", "other"},
    CofinancerDef{"fondation-de-france", "Fondation de France", "other"},
};

}  // namespace

std::span<const ThemeDef> Themes() { return kThemes; }

std::span<const CofinancerDef> Cofinancers() { return kCofinancers; }

}  // namespace cncd::demo
