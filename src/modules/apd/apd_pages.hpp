#pragma once

#include "db/database.hpp"
#include "modules/apd/apd_codes.hpp"
#include "modules/apd/apd_receipt.hpp"
#include "modules/apd/apd_reminders.hpp"
#include "modules/apd/apd_service.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::apd {

/// The French names the receipt shows (countries from the Atlas, regions and sectors from the
/// code book), read through `c` while the receipt is drawn.
ReceiptNames ReceiptNamesOf(db::Connection& c, const CodeBook& codes);

/// The pages (DSFR, French, without JavaScript):
///   /mon-espace/apd                          campaign, my declarations, start one (prefilled)
///   /mon-espace/apd/declarations/{id}        the form of lines (add/remove, rien à déclarer,
///                                            save, submit), versions, receipt …/accuse.pdf
///   /administration/apd?annee=&etat=         campaigns (open, window, reminders), declarations
///   /administration/apd/declarations/{id}    review: validate, return with comment, reopen
///   /administration/apd/non-declarees(.csv)  who has not declared, by type, région, département
void RegisterDeclarationPages(web::Router& router, DeclarationService& service,
                              Reminders& reminders, const web::Templates& templates);

}  // namespace cncd::apd
