#include "modules/demo/brochure.hpp"

namespace cncd::demo {

const std::vector<BrochureCase>& BrochureCases() {
    static const std::vector<BrochureCase> cases = {
        {AuthorityKind::kCommune,
         "64102",
         "https://www.bayonne.fr",
         "BG",
         {{725993, "Veliko Tarnovo", "municipality", "city", "à Veliko Tarnovo",
           "la ville de Veliko Tarnovo"}},
         ProjectKind::kCooperation,
         {"patrimoine", "gouvernance-locale"},
         "Patrimoine et gouvernance urbaine à Veliko Tarnovo",
         2009,
         2013,
         "2008-10-17",
         "Le projet vise à accompagner la ville de Veliko Tarnovo dans la protection et la mise en "
         "valeur de son centre historique, tout en renforçant la gouvernance urbaine. Il s'agit "
         "d'intégrer le patrimoine dans les documents d'urbanisme, de former les services "
         "municipaux à la gestion d'un secteur protégé et d'associer les habitants aux choix "
         "d'aménagement.",
         "Les services de l'urbanisme et du patrimoine de Bayonne partagent avec leurs homologues "
         "bulgares l'expérience de la gestion d'un secteur sauvegardé. Des missions croisées "
         "d'architectes et de techniciens établissent un inventaire du bâti ancien des quartiers "
         "historiques, au pied de la colline de Tsarevets. Un guide des bonnes pratiques de "
         "restauration est publié en bulgare et en français. Des rencontres publiques présentent "
         "aux habitants les projets de réhabilitation.",
         "Bayonne et Veliko Tarnovo ont noué leurs premiers contacts au début des années 2000, au "
         "sein des réseaux de villes d'art et d'histoire. Une convention de coopération "
         "décentralisée a été signée en 2008, au lendemain de l'entrée de la Bulgarie dans l'Union "
         "européenne.",
         "Ancienne capitale du second royaume bulgare, Veliko Tarnovo possède un patrimoine "
         "médiéval remarquable qui attire un nombre croissant de visiteurs. La pression "
         "touristique et immobilière appelle une gestion urbaine attentive à la préservation des "
         "sites.",
         ""},
        {AuthorityKind::kCommune,
         "35051",
         "https://www.ville-cesson-sevigne.fr",
         "NE",
         {{2445553, "Dankassari", "municipality", "region", "à Dankassari",
           "la commune de Dankassari"}},
         ProjectKind::kCooperation,
         {"eau-potable"},
         "Accès à l'eau potable à Dankassari",
         2010,
         2014,
         "2009-06-12",
         "Le projet vise à améliorer durablement l'accès à l'eau potable des habitants de la "
         "commune rurale de Dankassari. Il s'agit de réaliser de nouveaux points d'eau, de "
         "réhabiliter les ouvrages existants et de former les comités de gestion, afin que la "
         "commune assure elle-même la maîtrise d'ouvrage du service de l'eau.",
         "Des forages équipés de pompes à motricité humaine sont réalisés dans les villages les "
         "plus éloignés d'un point d'eau, et les puits cimentés existants sont réhabilités. Les "
         "comités de gestion sont formés à l'entretien des ouvrages et à la collecte des "
         "redevances. Des séances de sensibilisation à l'hygiène accompagnent chaque mise en "
         "service. Le service technique communal assure le suivi des ouvrages avec l'appui d'une "
         "association partenaire.",
         "La coopération entre Cesson-Sévigné et Dankassari est née de l'engagement d'habitants et "
         "d'associations cessonnaises auprès des villages de la commune. Une convention de "
         "coopération décentralisée a été signée en 2009 entre les deux collectivités.",
         "Dankassari est une commune rurale du département de Dogondoutchi, dans la région de "
         "Dosso. Dans cette zone sahélienne, l'accès à l'eau reste difficile une grande partie de "
         "l'année et la corvée d'eau pèse surtout sur les femmes et les enfants.",
         "Réseau Tarbiyya Tatali"},
        {AuthorityKind::kDepartement,
         "93",
         "https://seinesaintdenis.fr",
         "MZ",
         {{1040652, "Maputo", "municipality", "city", "à Maputo", "la ville de Maputo"},
          {1039854, "Matola", "municipality", "city", "à Matola", "la ville de Matola"}},
         ProjectKind::kCooperation,
         {"dechets"},
         "Gestion des déchets à Maputo et Matola",
         2009,
         2013,
         "2008-12-05",
         "Le projet vise à améliorer la collecte et le traitement des déchets solides dans les "
         "municipalités de Maputo et de Matola. Il s'agit de renforcer les services municipaux "
         "chargés de la propreté, d'organiser la pré-collecte dans les quartiers périphériques et "
         "de préparer la fermeture de la décharge à ciel ouvert au profit d'une solution "
         "intercommunale.",
         "Des ingénieurs et des agents du Département accompagnent les services municipaux dans "
         "l'élaboration d'un plan de gestion des déchets commun aux deux villes. Des "
         "micro-entreprises de quartier assurent la pré-collecte avec des charrettes et des "
         "conteneurs fournis par le projet. Des campagnes d'information sont menées sur les "
         "marchés et dans les écoles. Les deux municipalités étudient ensemble l'implantation d'un "
         "centre d'enfouissement contrôlé.",
         "La Seine-Saint-Denis coopère avec l'agglomération de Maputo depuis le début des années "
         "2000. Après une première phase consacrée à l'appui institutionnel, les partenaires ont "
         "choisi de concentrer leurs efforts sur les déchets, priorité commune des deux "
         "municipalités.",
         "Maputo, capitale du Mozambique, et Matola, sa voisine industrielle, forment une "
         "agglomération de plus de deux millions d'habitants en forte croissance. La saturation de "
         "la décharge municipale rend urgente une gestion organisée des déchets.",
         ""},
        {AuthorityKind::kDepartement,
         "03",
         "",
         "MN",
         {{2032814, "Aimag de l'Övörkhangai", "province", "region", "dans l'aimag de l'Övörkhangai",
           "l'aimag de l'Övörkhangai"}},
         ProjectKind::kCooperation,
         {"professionnels-de-sante"},
         "Soutien aux professionnels de la santé dans l'aimag de l'Övörkhangai",
         2008,
         2012,
         "2007-11-23",
         "Le projet vise à renforcer les compétences des professionnels de santé de l'aimag de "
         "l'Övörkhangai, à l'hôpital d'Arvaikheer comme dans les centres de santé des districts "
         "ruraux. Il s'agit d'améliorer la prise en charge des urgences, des accouchements et des "
         "pathologies liées aux conditions de vie des éleveurs nomades.",
         "Des médecins, des infirmiers et des sages-femmes mongols effectuent des stages dans les "
         "établissements hospitaliers de l'Allier. En retour, des praticiens français conduisent "
         "des formations sur place. Du matériel médical est acheminé et les techniciens de "
         "l'hôpital sont formés à son entretien. Les centres de santé des districts sont "
         "progressivement reliés à l'hôpital de l'aimag pour des avis à distance.",
         "Le Conseil départemental de l'Allier coopère avec l'aimag de l'Övörkhangai depuis la fin "
         "des années 1990, à l'initiative d'une association départementale. Les échanges, d'abord "
         "culturels, se sont orientés vers la santé à la demande des autorités mongoles.",
         "L'Övörkhangai, province du centre de la Mongolie, s'étend sur plus de 60 000 km² et "
         "compte un peu plus de 100 000 habitants, en grande partie éleveurs. L'éloignement des "
         "lieux de soins rend essentielle la formation des personnels de santé de proximité.",
         "Association APAU"},
        {AuthorityKind::kRegion,
         "76",
         "",
         "IN",
         {{1269515, "Jaipur", "municipality", "city", "à Jaipur", "la ville de Jaipur"}},
         ProjectKind::kCooperation,
         {"patrimoine", "tourisme-durable"},
         "Valorisation du patrimoine de Jaipur",
         2010,
         2014,
         "2009-09-28",
         "Le projet vise à accompagner la municipalité de Jaipur dans la protection et la mise en "
         "valeur de sa ville historique. Il s'agit de former les équipes municipales à la gestion "
         "du patrimoine bâti et de développer un tourisme culturel qui profite aux habitants des "
         "quartiers anciens.",
         "Des architectes et des urbanistes conduisent avec leurs homologues indiens un inventaire "
         "du patrimoine de la ville fortifiée, autour du Hawa Mahal, le palais des vents. Un plan "
         "de gestion des façades et des bazars est élaboré. Des artisans sont formés aux "
         "techniques de restauration à la chaux. Des circuits de découverte du patrimoine sont "
         "conçus avec les associations locales.",
         "La coopération avec Jaipur a été engagée par l'ancienne Région Midi-Pyrénées, avec "
         "l'appui de l'Association nationale des villes et pays d'art et d'histoire. La Région "
         "Occitanie, née en 2016 de la fusion de Midi-Pyrénées et de Languedoc-Roussillon, a "
         "repris ce partenariat.",
         "Capitale du Rajasthan, Jaipur compte plus de trois millions d'habitants. Sa ville "
         "fortifiée, fondée au XVIIIe siècle, fait face à une forte pression urbaine et "
         "touristique qui menace l'intégrité de ses bazars et de ses palais.",
         ""},
        {AuthorityKind::kRegion,
         "11",
         "",
         "IN",
         {{1261481, "New Delhi", "municipality", "city", "à New Delhi", "la ville de New Delhi"}},
         ProjectKind::kCooperation,
         {"enseignement-superieur"},
         "Coopération universitaire avec New Delhi",
         2011,
         2013,
         "2011-02-14",
         "Le projet vise à développer les échanges entre les établissements d'enseignement "
         "supérieur franciliens et ceux de New Delhi. Il s'agit de favoriser la mobilité des "
         "étudiants et des chercheurs et de préparer des programmes de recherche communs sur la "
         "ville durable.",
         "Des bourses de mobilité permettent chaque année à des étudiants indiens de suivre un "
         "semestre dans une université francilienne, et réciproquement. Un séminaire annuel réunit "
         "les chercheurs des deux territoires sur les transports, l'eau et le logement dans les "
         "grandes métropoles.",
         "Les échanges universitaires entre l'Île-de-France et New Delhi se sont développés dans "
         "le cadre de l'appel à projets conjoint franco-indien de soutien à la coopération "
         "décentralisée.",
         "New Delhi, capitale de l'Inde, est au cœur d'une agglomération de plus de vingt millions "
         "d'habitants. Les deux métropoles partagent des enjeux comparables de mobilité, de "
         "logement et d'environnement.",
         ""},
    };
    return cases;
}

}  // namespace cncd::demo
