#!/usr/bin/python3
"""A real SMTP server for tests (Debian's python3-aiosmtpd), on 127.0.0.1.

Every message received is written to DIR as NNNN.eml (the bytes as received) and NNNN.json,
a summary decoded by Python's email package: envelope (mail_from, rcpt_tos), headers (decoded
from RFC 2047), text and HTML bodies, attachments (filename, content type, size, sha256,
base64 content), and the longest line of the raw message. The .json file is written last (by
rename), so a reader that sees it sees a complete message.

Prints "READY <port>" on stdout once listening; stops on SIGTERM, SIGINT or when stdin closes
(so it never outlives the test that started it).

Usage: smtp_server.py --dir DIR [--port 0] [--reject-recipient ADDRESS]...
                      [--temporary-failures N] [--auth USER:PASSWORD]
  --reject-recipient    answer 550 to RCPT TO for this address (a permanent refusal)
  --temporary-failures  answer 451 to the first N messages (DATA), then accept
"""
import argparse
import asyncio
import base64
import email
import email.policy
import hashlib
import json
import logging
import os
import signal
import sys
import warnings

from aiosmtpd.smtp import SMTP


def unix_lines(s: str) -> str:
    return s.replace("\r\n", "\n")


def summarise(raw: bytes, envelope) -> dict:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    headers = {}
    for name in ("From", "To", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version",
                 "Auto-Submitted", "Content-Type"):
        value = message.get(name)
        if value is not None:
            headers[name] = str(value)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    attachments = []
    for part in message.iter_attachments():
        content = part.get_payload(decode=True) or b""
        attachments.append({
            "filename": part.get_filename(),
            "content_type": part.get_content_type(),
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "base64": base64.b64encode(content).decode("ascii"),
        })
    lines = raw.split(b"\r\n")
    return {
        "mail_from": envelope.mail_from,
        "rcpt_tos": list(envelope.rcpt_tos),
        "headers": headers,
        "header_lines": [line.decode("ascii", "replace") for line in
                         raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")],
        "text": unix_lines(text.get_content()) if text is not None else None,
        "html": unix_lines(html.get_content()) if html is not None else None,
        "attachments": attachments,
        "max_line_length": max(len(line) for line in lines),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
        "defects": [type(d).__name__ for d in message.defects],
    }


class Handler:
    def __init__(self, directory, reject, temporary_failures, auth):
        self.directory = directory
        self.reject = {a.lower() for a in reject}
        self.temporary_failures = temporary_failures
        self.auth = auth
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.temporary_failures > 0:
            self.temporary_failures -= 1
            return "451 4.3.0 Temporary failure, try again later"
        self.count += 1
        stem = os.path.join(self.directory, f"{self.count:04d}")
        raw = envelope.original_content or envelope.content
        with open(stem + ".eml", "wb") as f:
            f.write(raw)
        summary = summarise(raw, envelope)
        with open(stem + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False, indent=1)
        os.replace(stem + ".json.tmp", stem + ".json")
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword
        if isinstance(auth_data, LoginPassword) and self.auth is not None:
            user, password = self.auth
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            # handled=False: aiosmtpd answers 535 itself.
            return AuthResult(success=ok, handled=False)
        return AuthResult(success=False, handled=False)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--reject-recipient", action="append", default=[])
    parser.add_argument("--temporary-failures", type=int, default=0)
    parser.add_argument("--auth", help="USER:PASSWORD required (AUTH PLAIN/LOGIN without TLS)")
    args = parser.parse_args()
    # AUTH without TLS is what a local test wants: no warning about it on stderr.
    warnings.filterwarnings("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    os.makedirs(args.dir, exist_ok=True)
    auth = tuple(args.auth.split(":", 1)) if args.auth else None
    handler = Handler(args.dir, args.reject_recipient, args.temporary_failures, auth)

    def factory():
        if auth is None:
            return SMTP(handler, hostname="smtp.test")
        return SMTP(handler, hostname="smtp.test", auth_required=True, auth_require_tls=False,
                    authenticator=handler.authenticate)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, "127.0.0.1", args.port)
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # Closed stdin (the test that started us is gone) stops the server too.
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    async def watch_stdin():
        while await reader.read(4096):
            pass
        stop.set()

    watcher = asyncio.create_task(watch_stdin())
    print(f"READY {port}", flush=True)
    await stop.wait()
    watcher.cancel()
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
