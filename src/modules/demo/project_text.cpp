#include "modules/demo/project_text.hpp"

#include <stdexcept>
#include <string_view>

#include "core/text.hpp"
#include "modules/demo/catalog.hpp"
#include "modules/demo/demo_targets.hpp"
#include "modules/demo/french_grammar.hpp"

namespace cncd::demo {
namespace {

using Pool = std::vector<std::string_view>;

/// Sentence material for one theme. Templates use {placeholders} (see Variables()).
struct ThemeText {
    std::string_view slug;
    Pool titles;   ///< title stems, completed by where the project takes place
    Pool aims;     ///< infinitive phrases: "améliorer l'accès à l'eau potable…"
    Pool actions;  ///< full sentences describing an activity
    Pool results;  ///< full sentences describing an expected or achieved result
};

const std::vector<ThemeText>& ThemeTexts() {
    static const std::vector<ThemeText> texts = {
        {"gouvernance-locale",
         {"Appui à la gouvernance locale", "Renforcement de la décentralisation",
          "Appui à la maîtrise d'ouvrage communale", "Gouvernance territoriale partagée"},
         {"renforcer les capacités de {partner} à exercer les compétences transférées par l'État",
          "améliorer la qualité des services publics rendus aux habitants",
          "accompagner la mise en œuvre du plan de développement local",
          "consolider le dialogue entre les élus, les services techniques et la population"},
         {"Des sessions de formation réunissent chaque année les élus et les agents sur la gestion "
          "administrative et financière.",
          "Les services des deux collectivités échangent sur l'organisation de l'accueil du public "
          "et la gestion des archives.",
          "Le projet accompagne l'élaboration puis le suivi du plan de développement local.",
          "Les services municipaux sont équipés en matériel informatique et formés à son usage."},
         {"Les agents formés assurent désormais eux-mêmes la préparation du budget.",
          "Le plan de développement local sert de cadre commun à l'ensemble des partenaires "
          "techniques et financiers."}},
        {"appui-institutionnel",
         {"Appui institutionnel", "Renforcement des capacités des services municipaux",
          "Modernisation de l'administration locale", "Modernisation de l'état civil"},
         {"renforcer l'organisation et les compétences des services de {partner}",
          "moderniser la gestion des ressources humaines de la collectivité partenaire",
          "fiabiliser l'état civil et l'accueil des usagers"},
         {"Des cadres {of_partner} sont accueillis en stage dans les services {of_authority}.",
          "Un organigramme et des fiches de poste sont élaborés avec l'appui d'un cadre "
          "territorial "
          "mis à disposition.",
          "Les registres d'état civil sont numérisés et les agents formés à leur tenue.",
          "Des missions d'expertise courtes répondent aux besoins exprimés par les services "
          "partenaires."},
         {"Les délais de délivrance des actes d'état civil ont été sensiblement réduits.",
          "Une équipe de formateurs internes prend progressivement le relais des experts "
          "français."}},
        {"finances-locales",
         {"Mobilisation des ressources locales", "Amélioration des finances locales",
          "Fiscalité locale et recensement des contribuables"},
         {"accroître les ressources propres de {partner}",
          "fiabiliser la chaîne des recettes et des dépenses",
          "rendre compte aux habitants de l'usage de l'impôt local"},
         {"Un recensement des contribuables et des activités économiques est réalisé avec des "
          "agents recrutés localement.",
          "Un logiciel de gestion budgétaire et comptable est installé et les agents formés à son "
          "utilisation.",
          "Les agents chargés du recouvrement suivent un cycle de formation pratique."},
         {"Les recettes propres de la collectivité ont progressé d'année en année.",
          "Le compte administratif est désormais présenté en séance publique."}},
        {"democratie-locale",
         {"Démocratie locale et participation citoyenne", "Budget participatif",
          "Participation des habitants à la vie locale"},
         {"favoriser la participation des habitants aux décisions locales",
          "associer les femmes et les jeunes à la vie de la collectivité",
          "renforcer la transparence de l'action publique locale"},
         {"Des cadres de concertation réunissent régulièrement les élus et les associations.",
          "Des séances publiques de restitution du budget sont organisées dans chaque quartier.",
          "Les conseillers de quartier sont formés à l'animation de réunions publiques."},
         {"La fréquentation des séances publiques progresse à chaque édition."}},
        {"developpement-urbain",
         {"Développement urbain durable", "Ville durable", "Services urbains de base"},
         {"accompagner {partner} face à une croissance urbaine rapide",
          "améliorer l'accès des quartiers aux services urbains de base",
          "renforcer les compétences des services techniques municipaux"},
         {"Un diagnostic urbain est réalisé avec les habitants des quartiers concernés.",
          "Les services techniques des deux villes échangent sur la gestion de l'éclairage public "
          "et de la voirie.",
          "Des ingénieurs {of_authority} effectuent des missions d'appui technique."},
         {"Les quartiers pilotes bénéficient de services urbains plus réguliers."}},
        {"amenagement-urbain",
         {"Planification urbaine", "Appui à l'aménagement urbain",
          "Élaboration du plan d'urbanisme", "Requalification du centre historique",
          "Adressage et cadastre simplifié"},
         {"doter {partner} d'outils de planification adaptés à sa croissance",
          "maîtriser l'étalement urbain et préserver les terres agricoles",
          "améliorer la qualité des espaces publics",
          "mettre en place l'adressage des rues et un fichier foncier"},
         {"Un diagnostic urbain partagé est conduit avec les habitants.",
          "Le projet appuie l'élaboration du schéma directeur d'aménagement.",
          "Les agents du service de l'urbanisme sont formés aux outils de cartographie numérique.",
          "Une place publique et ses abords sont réaménagés avec les riverains.",
          "Les rues sont nommées et numérotées, et un plan de ville est publié."},
         {"Le schéma directeur a été adopté par le conseil municipal.",
          "Le fichier foncier facilite la délivrance des permis de construire."}},
        {"transports",
         {"Mobilité urbaine", "Transports publics et mobilité", "Plan de mobilité",
          "Mobilités douces"},
         {"améliorer l'organisation des transports publics",
          "développer les mobilités douces et sécuriser les déplacements à pied et à vélo",
          "accompagner l'élaboration d'un plan de mobilité"},
         {"Une enquête sur les déplacements des ménages dresse un diagnostic de la mobilité.",
          "Les services de voirie et de transport des deux collectivités échangent leurs "
          "pratiques.",
          "Des trottoirs et des pistes cyclables sont aménagés sur {n} kilomètres.",
          "Les agents sont formés à la régulation du trafic et à la sécurité routière."},
         {"Le nombre d'accidents a diminué sur les axes aménagés."}},
        {"dechets",
         {"Gestion des déchets", "Collecte et valorisation des déchets ménagers",
          "Propreté urbaine et gestion des déchets", "Filière de compostage des déchets"},
         {"organiser la pré-collecte et la collecte des déchets ménagers",
          "réduire les dépôts sauvages et améliorer le cadre de vie des quartiers",
          "développer la valorisation des déchets organiques et plastiques",
          "renforcer les compétences des services municipaux de propreté"},
         {"Des associations de quartier assurent la pré-collecte avec {n} tricycles et charrettes "
          "acquis par le projet.",
          "Un centre de transfert et une plateforme de compostage sont aménagés.",
          "Des agents des services de propreté des deux collectivités effectuent des échanges de "
          "pratiques.",
          "Un schéma directeur de gestion des déchets est élaboré.",
          "Des campagnes de sensibilisation sont menées dans les écoles et sur les marchés."},
         {"Le taux de collecte des déchets a nettement progressé dans les quartiers pilotes.",
          "Le compost produit est vendu aux maraîchers de la ceinture urbaine."}},
        {"eau-assainissement",
         {"Eau et assainissement", "Gestion de l'eau et de l'assainissement",
          "Service public de l'eau et de l'assainissement"},
         {"améliorer l'accès des habitants à l'eau potable et à l'assainissement",
          "renforcer la maîtrise d'ouvrage communale des services d'eau et d'assainissement",
          "réduire les maladies liées à l'eau"},
         {"Les ouvrages existants font l'objet d'un inventaire et d'un diagnostic.",
          "Un service communal de l'eau et de l'assainissement est structuré et ses agents formés.",
          "Les usagers sont sensibilisés aux bonnes pratiques d'hygiène."},
         {"Le service de l'eau est géré de manière transparente et ses comptes sont publiés."}},
        {"eau-potable",
         {"Accès à l'eau potable", "Adduction d'eau potable", "Amélioration du service de l'eau",
          "Réhabilitation du réseau d'eau potable"},
         {"améliorer durablement l'accès à l'eau potable des habitants {of_partner}",
          "renforcer la maîtrise d'ouvrage communale du service de l'eau",
          "réduire les maladies d'origine hydrique, en particulier chez les enfants",
          "mettre en place une gestion concertée et pérenne des points d'eau",
          "alléger la corvée d'eau qui pèse sur les femmes et les jeunes filles"},
         {"{n} forages sont réalisés et équipés de pompes à motricité humaine.",
          "Le réseau d'adduction est étendu et {n} bornes-fontaines sont construites.",
          "Les comités de gestion des points d'eau et les fontainiers sont formés à l'entretien "
          "des "
          "ouvrages.",
          "Un système de pompage solaire alimente désormais le château d'eau.",
          "Un suivi régulier de la qualité de l'eau est confié au service technique communal."},
         {"Près de {people} habitants disposent désormais d'un point d'eau potable à proximité.",
          "Les redevances perçues couvrent l'entretien courant des ouvrages."}},
        {"assainissement",
         {"Assainissement et hygiène", "Amélioration de l'assainissement",
          "Latrines et hygiène en milieu scolaire", "Plan communal d'assainissement"},
         {"améliorer les conditions d'hygiène et d'assainissement des ménages et des écoles",
          "doter {partner} d'un plan d'assainissement",
          "sensibiliser la population aux bonnes pratiques d'hygiène"},
         {"Des latrines améliorées sont construites dans {n} écoles et au centre de santé.",
          "Des campagnes de sensibilisation à l'hygiène sont menées avec les relais "
          "communautaires.",
          "Le projet appuie la création d'un service de vidange et d'une station de traitement des "
          "boues.",
          "Un plan stratégique d'assainissement est élaboré avec les services techniques."},
         {"Les écoles équipées constatent une baisse de l'absentéisme lié aux maladies "
          "diarrhéiques."}},
        {"sante",
         {"Santé communautaire", "Appui au système de santé local", "Accès aux soins"},
         {"améliorer l'accès des populations à des soins de qualité",
          "renforcer la prévention et la promotion de la santé",
          "appuyer le district sanitaire dans l'organisation de l'offre de soins"},
         {"Le centre de santé est réhabilité et équipé.",
          "Des campagnes de prévention et de dépistage sont organisées au plus près des "
          "habitants.",
          "Le dépôt pharmaceutique est approvisionné en médicaments essentiels.",
          "Le projet soutient la création d'une mutuelle de santé."},
         {"La fréquentation du centre de santé a doublé depuis sa réhabilitation."}},
        {"soins-de-sante",
         {"Soins de santé primaires", "Santé de la mère et de l'enfant",
          "Équipement des centres de santé"},
         {"réduire la mortalité maternelle et infantile",
          "rapprocher les soins de santé primaires des habitants",
          "améliorer le suivi des grossesses et la vaccination des enfants"},
         {"Une maternité rurale est construite et équipée.",
          "Les sages-femmes et les matrones suivent une formation aux accouchements sans risque.",
          "Des consultations prénatales foraines sont organisées dans les villages éloignés."},
         {"La proportion d'accouchements assistés par un personnel qualifié a progressé."}},
        {"professionnels-de-sante",
         {"Soutien aux professionnels de la santé", "Formation des personnels de santé",
          "Coopération hospitalière"},
         {"renforcer les compétences des professionnels de santé",
          "développer une coopération durable entre établissements hospitaliers",
          "améliorer la prise en charge des urgences et des accouchements"},
         {"Des infirmiers et des sages-femmes effectuent des stages dans un centre hospitalier "
          "français.",
          "Des médecins et des techniciens biomédicaux conduisent des missions de formation sur "
          "place.",
          "Un programme de formation continue en urgences et en maternité est mis en place.",
          "Du matériel médical reconditionné est acheminé et son entretien assuré par des "
          "techniciens formés."},
         {"Les équipes formées transmettent à leur tour leurs compétences dans les centres de "
          "santé "
          "périphériques."}},
        {"education",
         {"Appui à la scolarisation", "Construction et équipement d'écoles",
          "Lecture publique et bibliothèques", "Éducation et formation"},
         {"améliorer les conditions d'accueil des élèves", "favoriser la scolarisation des filles",
          "développer la lecture publique et l'accès aux livres"},
         {"{n} salles de classe sont construites, avec des latrines séparées pour les filles et "
          "les "
          "garçons.",
          "Les écoles reçoivent des manuels scolaires et du mobilier.",
          "Une bibliothèque municipale est créée et des bibliothécaires sont formés.",
          "Des classes des deux territoires correspondent et réalisent des projets communs."},
         {"Le taux de scolarisation des filles progresse dans les écoles concernées."}},
        {"education-de-base",
         {"Éducation de base", "Scolarisation des enfants", "Appui aux écoles primaires"},
         {"améliorer la qualité de l'enseignement primaire", "réduire l'abandon scolaire",
          "améliorer l'équipement des écoles"},
         {"Des cantines scolaires sont ouvertes avec l'appui des parents d'élèves.",
          "Les enseignants bénéficient de sessions de formation pédagogique.",
          "Des kits scolaires sont distribués aux élèves les plus démunis."},
         {"Les résultats aux examens de fin de cycle se sont améliorés."}},
        {"formation-professionnelle",
         {"Formation professionnelle et insertion des jeunes", "Centre de formation aux métiers",
          "Apprentissage et formation aux métiers"},
         {"former les jeunes aux métiers porteurs de l'économie locale",
          "faciliter l'insertion professionnelle des jeunes",
          "adapter l'offre de formation aux besoins des entreprises"},
         {"Des filières de formation en électricité, en maçonnerie et en mécanique sont créées.",
          "Des enseignants de lycées professionnels français forment les formateurs.",
          "Les ateliers du centre de formation sont équipés."},
         {"Plus de la moitié des jeunes formés ont trouvé un emploi ou créé leur activité."}},
        {"enseignement-superieur",
         {"Coopération universitaire", "Recherche et enseignement supérieur",
          "Échanges d'étudiants et de chercheurs"},
         {"développer les échanges entre établissements d'enseignement supérieur",
          "soutenir des programmes de recherche conjoints",
          "favoriser la mobilité des étudiants et des enseignants-chercheurs"},
         {"Des étudiants et des doctorants sont accueillis chaque année en mobilité.",
          "Un colloque scientifique réunit chaque année les chercheurs des deux territoires.",
          "Un diplôme conjoint est préparé par les universités partenaires."},
         {"Plusieurs publications communes sont issues de ce partenariat."}},
        {"agriculture",
         {"Appui aux filières agricoles", "Agriculture durable", "Maraîchage et irrigation",
          "Développement des filières agricoles", "Agriculture familiale"},
         {"augmenter les revenus des producteurs",
          "développer une agriculture respectueuse des sols et de l'eau",
          "structurer les organisations paysannes"},
         {"Des périmètres maraîchers irrigués sont aménagés.",
          "Les producteurs sont formés aux techniques agroécologiques.",
          "Des magasins de stockage sont construits.",
          "Le projet accompagne l'union des coopératives dans la commercialisation."},
         {"Les rendements maraîchers ont sensiblement augmenté.",
          "Les coopératives vendent une part croissante de leur production sur les marchés "
          "urbains."}},
        {"developpement-rural",
         {"Développement rural", "Désenclavement et développement rural",
          "Aménagement de pistes rurales"},
         {"désenclaver les villages et faciliter l'accès aux marchés",
          "améliorer les conditions de vie en milieu rural",
          "accompagner les villages dans la gestion de leurs équipements"},
         {"Des pistes rurales sont réhabilitées sur {n} kilomètres.",
          "Des comités villageois de développement sont formés à la gestion des équipements.",
          "Un marché rural est construit au chef-lieu de la commune."},
         {"Les villages restent accessibles toute l'année, y compris en saison des pluies."}},
        {"securite-alimentaire",
         {"Sécurité alimentaire", "Banques de céréales", "Lutte contre la malnutrition"},
         {"améliorer la sécurité alimentaire des ménages vulnérables",
          "constituer des stocks de céréales gérés par les villages",
          "prévenir la malnutrition des jeunes enfants"},
         {"Des banques de céréales sont créées et leurs gestionnaires formés.",
          "Des jardins nutritionnels sont mis en place avec les groupements de femmes.",
          "Le dépistage de la malnutrition est organisé avec les centres de santé."},
         {"Les familles traversent la période de soudure sans vendre leur bétail."}},
        {"economie",
         {"Développement économique local", "Appui aux acteurs économiques",
          "Coopération économique", "Promotion des échanges économiques"},
         {"soutenir la création d'activités génératrices de revenus",
          "favoriser les échanges entre entreprises des deux territoires",
          "structurer l'économie locale autour de ses filières porteuses"},
         {"Des porteurs de projets et de jeunes entreprises sont accompagnés.",
          "Des missions économiques réunissent les entreprises des deux territoires.",
          "Un marché couvert est construit et sa gestion confiée à un comité mixte."},
         {"Plusieurs partenariats commerciaux se sont noués entre entreprises."}},
        {"tourisme-durable",
         {"Tourisme durable", "Développement de l'écotourisme",
          "Valorisation touristique du "
          "territoire",
          "Tourisme solidaire"},
         {"développer un tourisme respectueux des habitants et des sites",
          "valoriser les atouts naturels et culturels {of_partner}",
          "créer des emplois locaux dans l'accueil et les services touristiques"},
         {"Des circuits de découverte sont conçus avec les habitants.",
          "Des guides locaux sont formés à l'accueil des visiteurs.",
          "Un office de tourisme est créé et doté d'outils de promotion."},
         {"La fréquentation touristique a progressé et profite aux familles d'accueil."}},
        {"microfinance",
         {"Microfinance et entrepreneuriat", "Soutien à l'entrepreneuriat féminin", "Microcrédit"},
         {"faciliter l'accès au crédit des petits entrepreneurs",
          "soutenir les activités économiques des femmes",
          "renforcer une institution de microfinance locale"},
         {"Un fonds de crédit est confié à une institution de microfinance agréée.",
          "Les emprunteuses sont formées à la gestion de leur activité.",
          "Des groupements d'épargne et de crédit sont créés dans les quartiers."},
         {"Le taux de remboursement des prêts dépasse 95 %."}},
        {"culture",
         {"Échanges culturels", "Coopération culturelle", "Développement culturel",
          "Arts et culture"},
         {"favoriser les échanges artistiques entre les deux territoires",
          "soutenir la création et la diffusion culturelles",
          "faire découvrir la culture {of_country} aux habitants {of_place}"},
         {"Des artistes des deux territoires sont accueillis en résidence.",
          "Un festival présente chaque année les créations issues de ces échanges.",
          "Les équipements culturels partenaires échangent leurs programmations."},
         {"Les résidences ont donné lieu à plusieurs créations présentées des deux côtés."}},
        {"patrimoine",
         {"Valorisation du patrimoine", "Patrimoine et gouvernance urbaine",
          "Sauvegarde du patrimoine architectural", "Inventaire du patrimoine"},
         {"préserver et mettre en valeur le patrimoine architectural",
          "intégrer la protection du patrimoine dans la planification urbaine",
          "former les artisans aux techniques traditionnelles de restauration"},
         {"Un inventaire du patrimoine bâti est réalisé avec des étudiants en architecture.",
          "Un chantier-école de restauration forme des artisans locaux.",
          "Un plan de sauvegarde et de mise en valeur est élaboré.",
          "Les services du patrimoine des deux villes échangent leurs méthodes."},
         {"Plusieurs édifices restaurés accueillent désormais des équipements publics."}},
        {"sport",
         {"Échanges sportifs", "Sport et jeunesse", "Développement des pratiques sportives"},
         {"développer les pratiques sportives des jeunes",
          "favoriser les rencontres entre clubs des deux territoires",
          "former des éducateurs sportifs"},
         {"Des équipes de jeunes des deux villes se rencontrent lors d'un tournoi annuel.",
          "Des éducateurs sportifs suivent une formation commune.",
          "Un terrain de sport est réhabilité avec la participation des habitants."},
         {"Les clubs des deux villes poursuivent leurs échanges de manière autonome."}},
        {"environnement",
         {"Environnement et climat", "Plan climat territorial",
          "Adaptation au changement climatique", "Éducation à l'environnement"},
         {"accompagner {partner} dans l'adaptation au changement climatique",
          "sensibiliser les habitants à la protection de l'environnement",
          "élaborer un plan climat territorial"},
         {"Un diagnostic de vulnérabilité climatique est réalisé.",
          "Des actions d'éducation à l'environnement sont menées dans les écoles.",
          "Des espaces verts et des plantations d'arbres sont réalisés avec les habitants."},
         {"Le plan climat a été adopté et ses premières actions engagées."}},
        {"energie",
         {"Accès à l'énergie", "Électrification solaire", "Efficacité énergétique",
          "Énergies renouvelables"},
         {"améliorer l'accès à l'électricité des équipements publics",
          "développer les énergies renouvelables",
          "réduire les consommations d'énergie des bâtiments communaux"},
         {"Des centres de santé et des écoles sont équipés de panneaux solaires.",
          "L'éclairage public est remplacé par des lampadaires solaires.",
          "Des techniciens locaux sont formés à l'installation et à la maintenance."},
         {"Les équipements publics disposent désormais d'une électricité fiable."}},
        {"biodiversite",
         {"Préservation de la biodiversité", "Gestion d'une aire protégée",
          "Reboisement et gestion forestière"},
         {"préserver les milieux naturels et la biodiversité",
          "associer les habitants à la gestion des ressources naturelles",
          "lutter contre la déforestation"},
         {"Des pépinières villageoises produisent des plants pour le reboisement.",
          "Un plan de gestion de l'aire protégée est élaboré avec les habitants.",
          "Des éco-gardes sont formés au suivi de la faune et de la flore."},
         {"Plusieurs dizaines d'hectares ont été reboisés."}},
        {"jeunesse",
         {"Échanges de jeunes", "Jeunesse et citoyenneté", "Chantiers de jeunes",
          "Mobilité internationale des jeunes"},
         {"favoriser la mobilité internationale des jeunes",
          "développer l'engagement citoyen des jeunes des deux territoires",
          "permettre aux jeunes de conduire eux-mêmes des projets communs"},
         {"Des groupes de jeunes des deux territoires participent à des chantiers communs.",
          "Des échanges scolaires sont organisés chaque année.",
          "Des volontaires en service civique accompagnent les projets des jeunes."},
         {"Les jeunes accueillis ont créé une association pour prolonger les échanges."}},
        {"egalite",
         {"Égalité femmes-hommes", "Autonomisation des femmes",
          "Place des femmes dans la vie locale"},
         {"renforcer la place des femmes dans les instances de décision locales",
          "soutenir l'autonomie économique des femmes",
          "lutter contre les violences faites aux femmes"},
         {"Des élues et des responsables associatives suivent un cycle de formation.",
          "Des groupements de femmes sont accompagnés dans leurs activités économiques.",
          "Un lieu d'écoute et d'orientation est ouvert avec les associations locales."},
         {"La part des femmes dans le conseil municipal a progressé."}},
        {"migrations",
         {"Migrations et codéveloppement", "Codéveloppement avec la diaspora",
          "Mobilité et solidarité"},
         {"associer les ressortissants installés en France au développement de leur territoire "
          "d'origine",
          "orienter l'épargne des migrants vers des projets collectifs"},
         {"Les associations de ressortissants participent au comité de pilotage.",
          "Des projets collectifs portés par la diaspora sont cofinancés.",
          "Des rencontres sont organisées {in_place} avec les associations de migrants."},
         {"Plusieurs équipements collectifs ont été réalisés grâce à l'épargne des migrants."}},
        {"urgence",
         {"Aide d'urgence", "Soutien aux sinistrés", "Aide humanitaire d'urgence"},
         {"répondre aux besoins immédiats des populations sinistrées",
          "soutenir les autorités locales dans la gestion de la crise"},
         {"Des produits de première nécessité sont acheminés avec l'appui d'une ONG.",
          "Une aide financière est versée à la collectivité partenaire pour l'accueil des "
          "familles déplacées.",
          "Des équipes techniques appuient la remise en service de l'eau et de l'électricité."},
         {"Les familles sinistrées ont pu être relogées avant la saison des pluies."}},
        {"reconstruction",
         {"Reconstruction", "Reconstruction post-catastrophe",
          "Réhabilitation des équipements publics"},
         {"reconstruire les équipements publics endommagés",
          "intégrer la prévention des risques dans la reconstruction"},
         {"Une école et un centre de santé sont reconstruits selon des normes parasismiques.",
          "Les artisans locaux sont formés aux techniques de construction résistantes.",
          "Un plan communal de prévention des risques est élaboré."},
         {"Les équipements reconstruits ont rouvert leurs portes."}},
        {"sensibilisation",
         {"Sensibilisation au développement", "Semaine de la solidarité internationale",
          "Éducation à la citoyenneté mondiale"},
         {"sensibiliser les habitants {of_place} aux enjeux de la solidarité internationale",
          "faire connaître les actions de coopération menées avec {partner}"},
         {"Une exposition itinérante présente le partenariat dans les écoles et les médiathèques.",
          "Des rencontres et des projections sont organisées pendant la Semaine de la solidarité "
          "internationale.",
          "Des élèves des deux territoires réalisent ensemble un carnet de voyage."},
         {"Plusieurs centaines d'habitants ont participé aux animations."}},
    };
    return texts;
}

const ThemeText& TextFor(const std::string& slug) {
    const auto& texts = ThemeTexts();
    for (const auto& t : texts) {
        if (t.slug == slug) return t;
    }
    // A sub-theme without its own material borrows its parent's.
    for (const auto& theme : Themes()) {
        if (theme.slug == slug && !theme.parent.empty()) return TextFor(std::string(theme.parent));
    }
    throw std::logic_error("no French text for theme " + slug);
}

std::string ThemeName(const std::string& slug) {
    for (const auto& theme : Themes()) {
        if (theme.slug == slug) return std::string(theme.name);
    }
    throw std::logic_error("unknown theme " + slug);
}

// Placeholder substitution --------------------------------------------------------------

using Variables = std::vector<std::pair<std::string, std::string>>;

std::string Fill(std::string_view tpl, const Variables& vars) {
    std::string out;
    out.reserve(tpl.size() + 64);
    std::size_t i = 0;
    while (i < tpl.size()) {
        const std::size_t open = tpl.find('{', i);
        if (open == std::string_view::npos) {
            out.append(tpl.substr(i));
            break;
        }
        out.append(tpl.substr(i, open - i));
        const std::size_t close = tpl.find('}', open);
        if (close == std::string_view::npos) throw std::logic_error("unclosed placeholder");
        const std::string_view key = tpl.substr(open + 1, close - open - 1);
        bool found = false;
        for (const auto& [name, value] : vars) {
            if (name == key) {
                out += value;
                found = true;
                break;
            }
        }
        if (!found) throw std::logic_error("unknown placeholder {" + std::string(key) + "}");
        i = close + 1;
    }
    return out;
}

// A place name ending with a period ("Washington, D.C.") ends the sentence itself.
std::string Tidy(std::string text) {
    for (std::size_t at = text.find(".."); at != std::string::npos; at = text.find("..", at)) {
        text.erase(at, 1);
    }
    return text;
}

std::string Pick(const Pool& pool, Prng& rng) { return std::string(pool[rng.Below(pool.size())]); }

// Two distinct entries of a pool (or one when it holds a single entry).
std::vector<std::string> PickDistinct(const Pool& pool, std::size_t count, Prng& rng) {
    std::vector<std::size_t> order(pool.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    rng.Shuffle(order);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < count && i < order.size(); ++i) {
        out.emplace_back(pool[order[i]]);
    }
    return out;
}

std::string JoinNames(const std::vector<std::string>& parts, std::string_view last_sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += (i + 1 == parts.size()) ? std::string(last_sep) : ", ";
        out += parts[i];
    }
    return out;
}

// "le cercle de Kayes" → "du cercle de Kayes"; "la commune de X" → "de la commune de X".
std::string OfNominal(const std::string& nominal) {
    if (nominal.rfind("le ", 0) == 0) return "du " + nominal.substr(3);
    if (nominal.rfind("les ", 0) == 0) return "des " + nominal.substr(4);
    return "de " + nominal;
}

std::string PartnersNominal(const std::vector<const Partner*>& partners) {
    if (partners.size() == 1) return partners[0]->nominal;
    bool all_municipal = true;
    std::vector<std::string> names;
    for (const auto* p : partners) {
        all_municipal = all_municipal && p->level == "municipality";
        names.push_back(p->name);
    }
    if (all_municipal) return "les villes " + fr::De(JoinNames(names, " et "));
    std::vector<std::string> nominals;
    for (const auto* p : partners) nominals.push_back(p->nominal);
    return JoinNames(nominals, " et ");
}

std::string PartnersOf(const std::vector<const Partner*>& partners) {
    if (partners.size() == 1) {
        const Partner& p = *partners[0];
        return p.level == "municipality" ? fr::De(p.name) : OfNominal(p.nominal);
    }
    return OfNominal(PartnersNominal(partners));
}

std::string PartnersName(const std::vector<const Partner*>& partners) {
    std::vector<std::string> names;
    for (const auto* p : partners) names.push_back(p->name);
    return JoinNames(names, " et ");
}

// "à Dankassari", "à Maputo et Matola", "dans le cercle de Kati et à Kita".
std::string InPartners(const std::vector<const Partner*>& partners) {
    if (partners.size() == 1) return partners[0]->in;
    bool all_municipal = true;
    std::vector<std::string> names;
    for (const auto* p : partners) {
        all_municipal = all_municipal && p->level == "municipality";
        names.push_back(p->name);
    }
    if (all_municipal) return fr::A(JoinNames(names, " et "));
    std::vector<std::string> ins;
    for (const auto* p : partners) ins.push_back(p->in);
    return JoinNames(ins, " et ");
}

std::string AuthorityOf(const Authority& a) { return OfNominal(a.nominal); }

bool IsDecentralisedCooperation(ProjectKind kind) {
    return kind == ProjectKind::kCooperation || kind == ProjectKind::kTwinning;
}

// A year with a coherent story: the partnership began before the project.
int SinceYear(const TextSubject& s, Prng& rng) {
    constexpr int kOudinSantiniLaw = 2005;
    if (s.kind == ProjectKind::kTwinning) return s.start_year;
    if (s.kind == ProjectKind::kOudinSantini) {
        return std::max(kOudinSantiniLaw, s.start_year - rng.Between(0, 6));
    }
    return std::max(1975, s.start_year - rng.Between(0, 14));
}

std::string BeneficiaryCount(const TextSubject& s, Prng& rng) {
    std::int64_t people = 1500 + static_cast<std::int64_t>(rng.Below(30000));
    const auto population = s.partners.front()->population;
    if (population && *population > 0) people = std::min(people, *population);
    people = std::max<std::int64_t>(100, (people / 100) * 100);
    return text::FormatThousands(people);
}

Variables MakeVariables(const TextSubject& s, Prng& rng) {
    const Authority& a = *s.lead;
    const std::string partner = PartnersNominal(s.partners);
    Variables vars = {
        {"partner", partner},
        {"Partner", fr::Capitalize(partner)},
        {"partner_name", PartnersName(s.partners)},
        {"in_partner", InPartners(s.partners)},
        {"of_partner", PartnersOf(s.partners)},
        {"authority", a.nominal},
        {"Authority", fr::Capitalize(a.nominal)},
        {"authority_name", a.name},
        {"of_authority", AuthorityOf(a)},
        {"place", a.place},
        {"in_place", fr::A(a.place)},
        {"of_place", fr::De(a.place)},
        {"country", s.country_name},
        {"in_country", s.in_country},
        {"In_country", fr::Capitalize(s.in_country)},
        {"of_country", s.of_country},
        {"start", std::to_string(s.start_year)},
        {"end", s.end_year ? std::to_string(*s.end_year) : std::to_string(s.start_year + 3)},
        {"since", std::to_string(SinceYear(s, rng))},
        {"n", std::to_string(rng.Between(3, 12))},
        {"people", BeneficiaryCount(s, rng)},
        {"theme", fr::Uncapitalize(ThemeName(s.theme_slugs.front()))},
    };
    return vars;
}

// Paragraphs ----------------------------------------------------------------------------

constexpr std::string_view kAimOpeners[] = {
    "Le projet vise à {aim}.",
    "L'objectif principal est {de_aim}.",
    "Ce partenariat a pour but {de_aim}.",
    "Il s'agit avant tout {de_aim}.",
};

constexpr std::string_view kAimFollowers[] = {
    "Il entend également {aim}.",
    "Le projet doit aussi permettre {de_aim}.",
    "Plus largement, il s'agit {de_aim}.",
    "Les partenaires souhaitent en outre {aim}.",
};

// Results are told as achieved: only for projects that have run a year at least.
constexpr std::string_view kResultOpeners[] = {
    "Premiers résultats : ",
    "",
    "",
};

std::string Objectives(const TextSubject& s, const Variables& base, Prng& rng) {
    const ThemeText& main = TextFor(s.theme_slugs.front());
    auto aims = PickDistinct(main.aims, 2, rng);
    if (s.theme_slugs.size() > 1) {
        aims.resize(1);
        aims.push_back(Pick(TextFor(s.theme_slugs[1]).aims, rng));
    }
    std::string out;
    for (std::size_t i = 0; i < aims.size(); ++i) {
        const std::string aim = Fill(aims[i], base);
        Variables vars = base;
        vars.emplace_back("aim", aim);
        vars.emplace_back("de_aim", fr::DeElided(aim));
        const std::string_view tpl = i == 0 ? kAimOpeners[rng.Below(std::size(kAimOpeners))]
                                            : kAimFollowers[rng.Below(std::size(kAimFollowers))];
        if (!out.empty()) out += ' ';
        out += Fill(tpl, vars);
    }
    if (s.start_year < kCurrentYear && rng.Chance(0.6)) {
        const std::string opener(kResultOpeners[rng.Below(std::size(kResultOpeners))]);
        std::string result = Fill(Pick(main.results, rng), base);
        if (!opener.empty()) result = fr::Uncapitalize(result);
        out += ' ' + opener + result;
    }
    return out;
}

constexpr std::string_view kDescriptionOpeners[] = {
    "Le projet s'organise en plusieurs volets.",
    "Les actions sont conduites {in_partner} avec les services de la collectivité partenaire.",
    "Le programme d'activités a été défini lors d'une mission conjointe {in_partner}.",
    "Les activités se déroulent sur plusieurs années, selon un calendrier arrêté en comité de "
    "pilotage.",
};

constexpr std::string_view kDescriptionClosers[] = {
    "Un comité de pilotage conjoint se réunit chaque année, alternativement en France et "
    "{in_country}.",
    "Un rapport d'activité annuel est présenté aux assemblées des deux collectivités.",
    "Les habitants sont associés à chaque étape, de la définition des besoins à l'évaluation.",
    "Une évaluation à mi-parcours permettra d'ajuster les activités.",
};

// Only where works are built (APD-eligible countries).
constexpr std::string_view kWorksCloser =
    "Les travaux sont confiés à des entreprises locales et suivis par les services techniques "
    "{of_partner}.";

constexpr std::string_view kTwinningClosers[] = {
    "Le comité de jumelage dresse chaque année le bilan des échanges devant le conseil "
    "municipal.",
    "Les familles d'accueil se retrouvent à chaque visite, et de nouvelles se joignent aux "
    "échanges.",
    "Le programme des échanges est arrêté chaque année par les deux comités de jumelage.",
};

constexpr std::string_view kTwinningDescriptions[] = {
    "Chaque année, des familles des deux villes accueillent des délégations à l'occasion des "
    "fêtes locales.",
    "Les échanges scolaires permettent à des collégiens de découvrir la vie quotidienne "
    "{in_partner}.",
    "Les clubs sportifs et les associations culturelles organisent des rencontres régulières.",
    "Une semaine consacrée au jumelage est organisée tous les deux ans, alternativement dans "
    "chaque ville.",
    "Les élus des deux villes se rencontrent pour échanger sur la gestion municipale.",
};

std::string Description(const TextSubject& s, const Variables& base, Prng& rng) {
    std::string out = Fill(kDescriptionOpeners[rng.Below(std::size(kDescriptionOpeners))], base);
    std::vector<std::string> actions;
    for (std::size_t i = 0; i < s.theme_slugs.size(); ++i) {
        const auto picked = PickDistinct(TextFor(s.theme_slugs[i]).actions, i == 0 ? 2 : 1, rng);
        actions.insert(actions.end(), picked.begin(), picked.end());
    }
    for (const auto& action : actions) out += ' ' + Fill(action, base);
    if (s.kind == ProjectKind::kTwinning) {
        out += ' ' + Fill(kTwinningDescriptions[rng.Below(std::size(kTwinningDescriptions))], base);
        out += ' ' + Fill(kTwinningClosers[rng.Below(std::size(kTwinningClosers))], base);
        return out;
    }
    if (s.kind == ProjectKind::kEmergency) {
        out +=
            " L'aide a été acheminée en lien avec les autorités locales et les organisations "
            "présentes sur place.";
        return out;
    }
    const bool works = s.apd_eligible && rng.Chance(0.25);
    out += ' ' + Fill(works ? kWorksCloser
                            : kDescriptionClosers[rng.Below(std::size(kDescriptionClosers))],
                      base);
    return out;
}

constexpr std::string_view kInitiators[] = {
    "d'une association de solidarité locale",
    "d'élus des deux collectivités",
    "de ressortissants {of_country} installés {in_place}",
    "d'enseignants des deux territoires",
    "d'un comité de jumelage",
    "de l'ambassade de France",
    "d'une rencontre lors d'assises de la coopération décentralisée",
};

// "de l'association Les Amis de Kita", "du comité de jumelage de Bayonne".
std::string AssociationInitiator(const std::string& name) {
    constexpr std::string_view kAssociation = "Association ";
    if (name.rfind("Comité", 0) == 0 || name.rfind("Collectif", 0) == 0) {
        return "du " + fr::Uncapitalize(name);
    }
    if (name.rfind(kAssociation, 0) == 0)
        return "de l'association " + name.substr(kAssociation.size());
    return "de l'association " + name;
}

std::string History(const TextSubject& s, const Variables& base, Prng& rng) {
    Variables vars = base;
    const bool by_association = !s.association.empty() && rng.Chance(0.5);
    vars.emplace_back("initiator",
                      by_association ? AssociationInitiator(s.association)
                                     : Fill(kInitiators[rng.Below(std::size(kInitiators))], base));
    std::string out;
    switch (s.kind) {
        case ProjectKind::kTwinning:
            out = Fill(
                "Le jumelage entre {authority_name} et {partner_name} a été officialisé en "
                "{since}, à l'initiative {initiator}.",
                vars);
            out += ' ' + Fill(by_association || rng.Chance(0.5)
                                  ? "Depuis, les échanges entre familles, associations et écoles "
                                    "n'ont pas cessé."
                                  : "Le comité de jumelage {of_place} anime depuis lors les "
                                    "échanges entre les habitants.",
                              vars);
            break;
        case ProjectKind::kCooperation:
            out = Fill(
                "Les premiers échanges {of_authority} avec {partner} remontent à {since}, "
                "à l'initiative {initiator}.",
                vars);
            if (s.convention_year) {
                out += " Une convention de coopération décentralisée a été signée en " +
                       std::to_string(*s.convention_year) + '.';
            }
            if (rng.Chance(0.5)) {
                out += ' ' + Fill(
                                 "Ce projet prolonge une première phase consacrée à la "
                                 "connaissance mutuelle et au diagnostic du territoire.",
                                 vars);
            }
            break;
        case ProjectKind::kOneOff:
            out = Fill(
                "Cette action ponctuelle fait suite à la visite d'une délégation {of_partner} "
                "{in_place}.",
                vars);
            out += ' ' + Fill(
                             "Elle ne relève pas d'une convention de coopération, mais les deux "
                             "collectivités envisagent de formaliser leurs liens.",
                             vars);
            break;
        case ProjectKind::kOudinSantini:
            out = Fill(
                "Cette action est financée au titre de la loi Oudin-Santini, qui permet aux "
                "collectivités de consacrer jusqu'à 1 % des budgets de leurs services d'eau, "
                "d'assainissement, d'énergie ou de déchets à la solidarité internationale.",
                vars);
            out += ' ' + Fill("{Authority} mobilise ce dispositif depuis {since}.", vars);
            break;
        case ProjectKind::kEmergency:
            out = Fill(
                "{Authority} a répondu à l'appel à la solidarité lancé en {start} après la "
                "catastrophe qui a frappé {partner}.",
                vars);
            out += " L'aide a été coordonnée avec le centre de crise et de soutien du ministère.";
            break;
    }
    return out;
}

std::string Context(const TextSubject& s, const Variables& base, Prng& rng) {
    std::string out;
    const Partner& first = *s.partners.front();
    if (first.population && *first.population >= 1000 && first.level == "municipality") {
        out = fr::Capitalize(first.name) + " compte environ " +
              text::FormatThousands((*first.population / 100) * 100) + " habitants.";
    } else if (first.level == "intermunicipal") {
        out = fr::Capitalize(first.nominal) +
              " regroupe plusieurs communes voisines pour "
              "porter des services et des projets communs.";
    } else if (first.level == "other") {
        out = fr::Capitalize(first.nominal) +
              " fédère les communes du pays et porte leur voix "
              "auprès de l'État.";
    } else if (first.level != "municipality") {
        out = Fill(fr::Capitalize(first.nominal) +
                       " est l'un des échelons de l'organisation "
                       "territoriale {of_country}.",
                   base);
    }
    auto add = [&](std::string_view tpl) {
        if (!out.empty()) out += ' ';
        out += Fill(tpl, base);
    };
    if (s.continent == "afrique" && s.apd_eligible) {
        add(rng.Chance(0.5)
                ? "{In_country}, la décentralisation engagée depuis les années 1990 a transféré "
                  "aux "
                  "collectivités de nombreuses compétences, sans toujours les ressources "
                  "correspondantes."
                : "Les collectivités {of_country} exercent de nouvelles compétences dans les "
                  "domaines de l'eau, de l'éducation et de la santé, avec des moyens encore "
                  "limités.");
        add(rng.Chance(0.5) ? "L'économie locale repose surtout sur l'agriculture, l'élevage et le "
                              "petit commerce."
                            : "La croissance démographique rapide accroît les besoins en services "
                              "de base.");
    } else if (s.continent == "europe") {
        add(rng.Chance(0.5) ? "Les deux collectivités partagent de nombreux points communs, qui "
                              "ont nourri le rapprochement."
                            : "Le cadre européen favorise les échanges entre collectivités et la "
                              "mobilité des jeunes.");
    } else if (s.continent == "ameriques") {
        add(s.apd_eligible ? "{In_country}, les municipalités jouent un rôle croissant dans le "
                             "développement local et la lutte contre les inégalités."
                           : "Les deux territoires entretiennent des liens historiques et "
                             "culturels anciens.");
    } else if (s.continent == "asie") {
        add(s.apd_eligible ? "L'urbanisation rapide pose aux autorités locales {of_country} des "
                             "défis considérables en matière de services urbains et de "
                             "patrimoine."
                           : "Les deux collectivités coopèrent sur des sujets d'intérêt commun, "
                             "dans une logique d'échange d'expériences.");
    } else {
        add("Les deux collectivités coopèrent sur des sujets d'intérêt commun, dans une logique "
            "d'échange d'expériences.");
    }
    if (!IsDecentralisedCooperation(s.kind) && s.kind == ProjectKind::kEmergency) {
        add("Les besoins recensés par les autorités locales portaient d'abord sur l'abri, l'eau et "
            "les soins.");
    }
    return out;
}

constexpr std::string_view kTwinningTitles[] = {
    "Jumelage {authority_name} – {partner_name}",
    "Échanges culturels et scolaires entre {authority_name} et {partner_name}",
    "Jumelage avec {partner_name}",
    "Jumelage {authority_name} – {partner_name} : échanges entre habitants",
};

std::string ProjectTitle(const TextSubject& s, Prng& rng) {
    Variables vars = {
        {"authority_name", s.lead->name},
        {"partner_name", PartnersName(s.partners)},
    };
    if (s.kind == ProjectKind::kTwinning && rng.Chance(0.6)) {
        return Fill(kTwinningTitles[rng.Below(std::size(kTwinningTitles))], vars);
    }
    const std::string stem = Pick(TextFor(s.theme_slugs.front()).titles, rng);
    return stem + ' ' + InPartners(s.partners);
}

}  // namespace

ProjectText WriteProjectText(const TextSubject& s, Prng& rng) {
    if (s.lead == nullptr || s.partners.empty() || s.theme_slugs.empty()) {
        throw std::logic_error("WriteProjectText: incomplete subject");
    }
    const Variables vars = MakeVariables(s, rng);
    ProjectText out;
    out.title = ProjectTitle(s, rng);
    out.objectives = Tidy(Objectives(s, vars, rng));
    out.description = Tidy(Description(s, vars, rng));
    out.history = Tidy(History(s, vars, rng));
    out.context = Tidy(Context(s, vars, rng));
    return out;
}

std::string FrenchAssociationName(const Authority& lead, const TextSubject& s, Prng& rng) {
    const std::string partner = s.partners.front()->name;
    // Solidarity associations for the South; friendship associations everywhere.
    switch (rng.Below(s.apd_eligible ? 6 : 2)) {
        case 0:
            return "Association " + lead.place + " – " + partner;
        case 1:
            return "Les Amis " + fr::De(partner);
        case 2:
            return lead.place + " Solidarité " + s.country_name;
        case 3:
            return "Comité de jumelage " + fr::De(lead.place);
        case 4:
            return "Association Eau et Partage " + lead.department_code.value_or(lead.region_code);
        default:
            return "Collectif solidaire " + fr::De(lead.place);
    }
}

std::string PartnerSideOrganisation(const Partner& partner, const std::string& theme_slug,
                                    Prng& rng, std::string* kind) {
    const std::string of =
        partner.level == "municipality" ? fr::De(partner.name) : OfNominal(partner.nominal);
    if (theme_slug == "sante" || theme_slug == "soins-de-sante" ||
        theme_slug == "professionnels-de-sante") {
        *kind = "hospital";
        return (partner.population && *partner.population > 200000 ? "Hôpital régional "
                                                                   : "Centre de santé ") +
               of;
    }
    if (theme_slug == "enseignement-superieur" && partner.population &&
        *partner.population > 300000) {
        *kind = "university";
        return "Université " + fr::De(partner.name);
    }
    switch (rng.Below(5)) {
        case 0:
            *kind = "association";
            return "Association des femmes " + of;
        case 1:
            *kind = "association";
            return "Association des jeunes " + of;
        case 2:
            *kind = "association";
            return "Union des groupements de producteurs " + of;
        case 3:
            *kind = "public_body";
            return "Services techniques " + of;
        default:
            *kind = "association";
            return "Comité de développement " + of;
    }
}

}  // namespace cncd::demo
