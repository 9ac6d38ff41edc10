#include "tests/support/smtp_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/temp_database.hpp"

extern char** environ;

namespace cncd::testing {
namespace {

constexpr std::chrono::seconds kStartTimeout{15};

std::string Python() {
    if (const char* p = std::getenv("CNCD_PYTHON")) return p;
    // Debian's interpreter: python3-aiosmtpd is installed for it, not for a pyenv one.
    return "/usr/bin/python3";
}

std::filesystem::path MakeTempDir() {
    std::random_device rd;
    const auto dir = std::filesystem::temp_directory_path() /
                     ("cncd-smtp-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    return dir;
}

std::string ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

SmtpTestServer::SmtpTestServer() : SmtpTestServer(Options{}) {}

SmtpTestServer::SmtpTestServer(const Options& options) : dir_(MakeTempDir()) {
    std::vector<std::string> args = {Python(),
                                     (SourceRoot() / "tests/support/smtp_server.py").string(),
                                     "--dir", (dir_ / "messages").string()};
    for (const auto& r : options.reject_recipients) {
        args.push_back("--reject-recipient");
        args.push_back(r);
    }
    if (options.temporary_failures > 0) {
        args.push_back("--temporary-failures");
        args.push_back(std::to_string(options.temporary_failures));
    }
    if (!options.auth.empty()) {
        args.push_back("--auth");
        args.push_back(options.auth);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    int in_pipe[2];
    int out_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error("SmtpTestServer: pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in_pipe[0]);
    close(out_pipe[1]);
    if (rc != 0) {
        close(in_pipe[1]);
        close(out_pipe[0]);
        throw std::runtime_error("SmtpTestServer: cannot start " + args[0]);
    }
    pid_ = pid;
    stdin_fd_ = in_pipe[1];

    // Read "READY <port>\n".
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        pollfd p{.fd = out_pipe[0], .events = POLLIN, .revents = 0};
        if (poll(&p, 1, 100) <= 0) continue;
        char buffer[64];
        const ssize_t n = read(out_pipe[0], buffer, sizeof buffer);
        if (n <= 0) break;
        line.append(buffer, static_cast<std::size_t>(n));
    }
    close(out_pipe[0]);
    if (line.rfind("READY ", 0) != 0) {
        throw std::runtime_error(
            "SmtpTestServer: the server did not start (is python3-aiosmtpd "
            "installed? scripts/setup.sh)");
    }
    port_ = std::atoi(line.c_str() + 6);
}

SmtpTestServer::~SmtpTestServer() {
    if (stdin_fd_ >= 0) close(stdin_fd_);
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string SmtpTestServer::url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

std::vector<nlohmann::json> SmtpTestServer::Messages() const {
    std::vector<nlohmann::json> out;
    for (int i = 1;; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "%04d.json", i);
        const auto p = dir_ / "messages" / name;
        if (!std::filesystem::exists(p)) break;
        out.push_back(nlohmann::json::parse(ReadFile(p)));
    }
    return out;
}

std::vector<nlohmann::json> SmtpTestServer::WaitForMessages(
    std::size_t count, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto messages = Messages();
        if (messages.size() >= count || std::chrono::steady_clock::now() >= deadline)
            return messages;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

std::string SmtpTestServer::RawMessage(std::size_t index) const {
    char name[16];
    std::snprintf(name, sizeof name, "%04zu.eml", index + 1);
    return ReadFile(dir_ / "messages" / name);
}

}  // namespace cncd::testing
