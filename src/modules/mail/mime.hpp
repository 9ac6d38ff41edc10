#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "modules/mail/mail.hpp"

namespace cncd::mail {

/// A sender or recipient: an optional display name (UTF-8) and an address.
struct Mailbox {
    std::string name;
    std::string address;
};

/// True for an address this module accepts: ASCII "local@domain", at most 254 bytes, a
/// dot-atom local part (letters, digits and !#$%&'*+/=?^_`{|}~- separated by single dots) and
/// a domain of letters, digits and hyphens separated by dots. Internationalised addresses
/// (SMTPUTF8) are refused.
bool IsValidAddress(std::string_view address);

/// Parses "Name <agent@example.org>" or "agent@example.org". Fails with a French message when
/// the address is not valid or the name holds a line break.
Result<Mailbox> ParseMailbox(std::string_view text);

/// Everything a message is built from.
struct MessageParts {
    Mailbox from;
    std::vector<std::string> to;
    std::string reply_to;  ///< optional
    std::string subject;
    std::string text;  ///< plain-text body
    std::string html;  ///< optional HTML alternative
    std::vector<Attachment> attachments;
    TimePoint date;
    std::string message_id;  ///< without angle brackets: "cncd.42.ab12…@example.org"
    /// Makes the multipart boundaries unique; letters and digits only (the message token).
    std::string boundary_seed;
};

/// Builds an RFC 5322 message with MIME (RFC 2045–2047, 2231): CRLF line ends, headers folded
/// to 78 columns, non-ASCII header text as UTF-8 encoded-words, bodies in quoted-printable
/// (lines of at most 76 characters), attachments in base64 inside multipart/mixed, an HTML
/// body as the last part of multipart/alternative. `parts` must have been validated (addresses,
/// content types without line breaks).
std::string BuildMessage(const MessageParts& parts);

/// `text` as header text: itself when it is printable ASCII and fits, otherwise a list of
/// "=?UTF-8?B?…?=" encoded-words folded so that a line starting with a header of
/// `header_name_bytes` characters ("Subject" → 7) stays within 78 columns. Never splits a
/// UTF-8 character across encoded-words.
std::string EncodeHeaderText(std::string_view text, std::size_t header_name_bytes);

/// Quoted-printable (RFC 2045 §6.7) with CRLF line ends; "\n" and "\r\n" in `text` are hard
/// line breaks; output lines have at most 76 characters.
std::string EncodeQuotedPrintable(std::string_view text);

/// Base64 (RFC 4648) in lines of 76 characters ending with CRLF.
std::string EncodeBase64Lines(std::string_view bytes);

/// "Thu, 26 Nov 2026 21:07:54 +0000" (RFC 5322 §3.3, in UTC).
std::string FormatRfc5322Date(TimePoint time);

}  // namespace cncd::mail
