#pragma once

#include "core/result.hpp"
#include "modules/accounts/account_service.hpp"

namespace cncd::accounts {

/// The password of every demo account (development only; given in the README).
inline constexpr const char* kDemoPassword = "cooperation-demo-2026";
/// The fixed TOTP secret of the demo ministry administrator (development only).
inline constexpr const char* kDemoTotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

struct DemoAccountsSummary {
    int organisations = 0;
    int users = 0;  ///< created by this run (0 when they all existed)
};

/// Creates the demo organisations (Bayonne, Cesson-Sévigné, Conseil départemental de la
/// Seine-Saint-Denis from the Atlas; the embassy in Niger; the prefecture of Nouvelle-Aquitaine;
/// the ministry; AFD; Cités Unies France) and one account per role, plus one pending sign-up.
/// Idempotent: accounts that exist are left as they are. Fails with kFailedPrecondition when an
/// Atlas authority is missing (run seed-demo first).
Result<DemoAccountsSummary> SeedDemoAccounts(AccountService& service);

}  // namespace cncd::accounts
