#include "modules/apd/apd.hpp"

namespace cncd::apd {

const ExpenditureType* FindExpenditureType(std::string_view code) {
    for (const auto& t : kExpenditureTypes) {
        if (t.code == code) return &t;
    }
    return nullptr;
}

std::string_view StateCode(State s) {
    switch (s) {
        case State::kDraft:
            return "brouillon";
        case State::kSubmitted:
            return "soumise";
        case State::kReturned:
            return "renvoyee";
        case State::kValidated:
            return "validee";
    }
    return "brouillon";
}

std::string_view StateLabel(State s) {
    switch (s) {
        case State::kDraft:
            return "Brouillon";
        case State::kSubmitted:
            return "Soumise";
        case State::kReturned:
            return "Renvoyée pour correction";
        case State::kValidated:
            return "Validée";
    }
    return "Brouillon";
}

std::optional<State> ParseState(std::string_view code) {
    for (const State s : {State::kDraft, State::kSubmitted, State::kReturned, State::kValidated}) {
        if (StateCode(s) == code) return s;
    }
    return std::nullopt;
}

}  // namespace cncd::apd
