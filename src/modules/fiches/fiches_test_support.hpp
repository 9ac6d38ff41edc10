#pragma once

// Actors and a fixed clock for the fiches tests, on the Atlas fixture (atlas_test_fixture.hpp):
// Bayonne (authority 3) leads project 1 and is associated with project 3 (led by the Région
// Nouvelle-Aquitaine, authority 1); Paris (authority 5) leads projects 5 and 6.

#include <chrono>

#include "modules/fiches/fiches.hpp"

namespace cncd::fiches::testing {

inline Actor Bayonne() { return {1, "Anne Etcheverry", 3, false, false}; }
inline Actor Region() { return {2, "Paul Laborde", 1, false, false}; }
inline Actor Paris() { return {3, "Claire Martin", 5, false, false}; }
inline Actor Instructor() { return {4, "Inès Moreau", std::nullopt, true, false}; }
inline Actor MinistryAdmin() { return {5, "Marc Durand", std::nullopt, true, true}; }
inline Actor NoAuthority() { return {6, "Sans Collectivité", std::nullopt, false, false}; }

/// 26 November 2026, 12:00 UTC.
inline std::chrono::system_clock::time_point FixedNow() {
    using namespace std::chrono;
    return sys_days(year(2026) / November / 26) + hours(12);
}

}  // namespace cncd::fiches::testing
