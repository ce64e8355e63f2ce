// Integration commands: `respite import PROVIDER FILE…` (billing-provider objects → an account
// snapshot) and `respite serve` (the engine as an HTTP sidecar, docs/serve.md).
#include "command.hpp"
#include "inputs.hpp"

#include <respite/api.hpp>
#include <respite/evaluate.hpp>
#include <respite/import.hpp>
#include <respite/json.hpp>
#include <respite/system_zones.hpp>

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace respite::cli {

namespace {

// ---- respite import -----------------------------------------------------------------------

command add_import(CLI::App& app) {
    struct options {
        std::string provider;
        std::vector<std::string> files;
        bool pretty = false, envelope = false, quiet = false;
    };
    auto o = std::make_shared<options>();
    std::vector<std::string> names;
    for (auto p : import_providers())
        names.emplace_back(p);
    auto* cmd = app.add_subcommand(
        "import", "Turn a billing provider's API objects (JSON, lists, NDJSON, webhook events) "
                  "into a respite.account/1 snapshot on stdout; fields the contract cannot hold "
                  "are listed on stderr");
    cmd->add_option("provider", o->provider, "stripe, paddle, chargebee, recurly or revenuecat")
        ->required()
        ->check(CLI::IsMember(names));
    cmd->add_option("files", o->files, "Files holding the provider's objects (- for stdin)")
        ->required();
    cmd->add_flag("--pretty", o->pretty, "Indent the JSON for reading");
    cmd->add_flag("--envelope", o->envelope,
                  "Print the respite.import/1 document (account and unmapped fields) instead");
    cmd->add_flag("--quiet,-q", o->quiet, "Do not list the unmapped fields on stderr");
    cmd->footer("Several files are read as one input: error paths number the JSON values across "
                "them (/0, /1, …) when there is more than one.\n"
                "Example: respite import stripe customer.json invoices.json charges.json");
    return {cmd, [o] {
                std::string text;
                for (const auto& file : o->files) {
                    auto t = read_text(file);
                    if (!t) return 2;
                    text += *t;
                    text += '\n';
                }
                auto imported = import_provider(o->provider, text);
                if (!imported) return print_errors(imported.errors());
                if (o->envelope) {
                    auto doc = import_json(o->provider, text);
                    std::cout << (o->pretty ? indent_json(doc.json) : doc.json) << "\n";
                } else {
                    const std::string& account = imported->account_json;
                    std::cout << (o->pretty ? indent_json(account) : account) << "\n";
                }
                if (!o->quiet && !imported->unmapped.empty()) {
                    std::cerr << "respite: " << imported->unmapped.size()
                              << " field(s) the account contract cannot hold (not imported):\n";
                    for (const auto& p : imported->unmapped)
                        std::cerr << "  " << p << "\n";
                }
                return 0;
            }};
}

// ---- respite serve ------------------------------------------------------------------------

std::string now_text() {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    return format_instant(instant{ms});
}

void log_line(const std::string& line) {
    // One write per line, so that lines from several threads never interleave.
    const std::string out = now_text() + " respite serve: " + line + "\n";
    (void)!::write(2, out.data(), out.size());
}

struct loaded_policy {
    policy rules;
    std::string text;
};

// Reads and parses the whole policy; nullptr (and why, on stderr) when it cannot be used.
std::shared_ptr<const loaded_policy> load_policy(const std::string& spec) {
    auto text = read_policy_text(spec);
    if (!text) return nullptr;
    auto parsed = parse_policy(*text);
    if (!parsed) {
        for (const auto& e : parsed.errors())
            log_line("policy" + e.path + ": " + e.code + ": " + e.message);
        return nullptr;
    }
    return std::make_shared<const loaded_policy>(loaded_policy{std::move(parsed).value(), *text});
}

error_list prefixed(const error_list& from, const std::string& prefix) {
    error_list out;
    for (auto e : from) {
        e.path = prefix + e.path;
        out.push_back(std::move(e));
    }
    return out;
}

// A JSON string literal.
std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\', out += c;
        else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else
            out += c;
    }
    return out + "\"";
}

void send_json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& path, const char* code,
                const std::string& message) {
    send_json(res, status, render_errors({{path, code, message}}));
}

command add_serve(CLI::App& app) {
    struct options {
        std::string policy, bind = "127.0.0.1";
        int port = 8080;
        unsigned threads = std::max(4u, std::thread::hardware_concurrency());
        int timeout = 5;
        bool access_log = false;
    };
    auto o = std::make_shared<options>();
    auto* cmd = app.add_subcommand(
        "serve", "Serve the engine over HTTP: POST /v1/evaluate, POST /v1/import/{provider}, "
                 "GET /v1/policy, GET /healthz (docs/serve.md). SIGHUP reloads the policy; "
                 "SIGTERM or SIGINT stops after the requests in flight");
    cmd->add_option("--policy,-p", o->policy, "Policy file or preset:NAME")->required();
    cmd->add_option("--port", o->port, "TCP port (0: any free port; the one chosen is logged)")
        ->check(CLI::Range(0, 65535));
    cmd->add_option("--bind", o->bind, "Address to listen on (default 127.0.0.1: loopback only)");
    cmd->add_option("--threads,-j", o->threads, "Worker threads (one per open connection)")
        ->check(CLI::Range(1u, 1024u));
    cmd->add_option("--timeout", o->timeout, "Read and write timeout per request, in seconds")
        ->check(CLI::Range(1, 600));
    cmd->add_flag("--access-log", o->access_log, "Log every request on stderr");
    return {
        cmd, [o] {
            auto first = load_policy(o->policy);
            if (!first) {
                std::cerr << "respite serve: cannot start without a valid policy\n";
                return 1;
            }
            std::shared_ptr<const loaded_policy> current = first;
            auto policy_now = [&current] { return std::atomic_load(&current); };

            // Signals are taken by one thread with sigwait (no work in a signal handler):
            // blocked here, before any thread starts, so that every thread inherits it.
            sigset_t signals;
            sigemptyset(&signals);
            sigaddset(&signals, SIGHUP);
            sigaddset(&signals, SIGTERM);
            sigaddset(&signals, SIGINT);
            pthread_sigmask(SIG_BLOCK, &signals, nullptr);

            httplib::Server server;
            const system_zone_source zones;
            constexpr std::size_t max_body = 4 * 1024 * 1024;
            const unsigned threads = o->threads;
            server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
            server.set_payload_max_length(max_body);
            server.set_read_timeout(o->timeout, 0);
            server.set_write_timeout(o->timeout, 0);
            server.set_keep_alive_max_count(1000);
            server.set_tcp_nodelay(true); // small responses: no Nagle delay behind delayed ACKs
            server.set_keep_alive_timeout(o->timeout);
            // SO_REUSEADDR (restart at once after a stop) but not httplib's default
            // SO_REUSEPORT: a second server on a taken port must fail, not share it.
            server.set_socket_options([](socket_t sock) {
                int yes = 1;
                ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
            });

            server.Get("/healthz", [&](const httplib::Request&, httplib::Response& res) {
                auto p = policy_now();
                send_json(res, 200,
                          std::string(R"({"status":"ok","version":)") + json_string(version()) +
                              R"(,"policy_id":)" + json_string(p->rules.id) + "}");
            });
            server.Get("/v1/policy", [&](const httplib::Request&, httplib::Response& res) {
                auto p = policy_now();
                res.set_header("X-Respite-Policy-Id", p->rules.id);
                send_json(res, 200, p->text);
            });
            // Bodies are read through a content reader: httplib's own reading would parse
            // a body sent as application/x-www-form-urlencoded (curl's default) as a form
            // and refuse it past 8 KiB.
            // True when the whole body was read; else the error response is set.
            auto read_body = [](const httplib::ContentReader& reader, std::string& body,
                                httplib::Response& res) {
                bool too_large = false;
                const bool read = reader([&](const char* data, std::size_t size) {
                    if (body.size() + size > max_body) return !(too_large = true);
                    body.append(data, size);
                    return true;
                });
                if (too_large || (!read && res.status == 413))
                    send_error(res, 413, "", "document_too_large",
                               "the request body exceeds the limit of 4194304 bytes");
                else if (!read)
                    send_error(res, 400, "", "bad_request",
                               "the request body could not be read in full (cut short, or "
                               "slower than the server's timeout)");
                return read && !too_large;
            };
            server.Post("/v1/evaluate", [&](const httplib::Request& req, httplib::Response& res,
                                            const httplib::ContentReader& reader) {
                std::string body;
                if (!read_body(reader, body, res)) return;
                auto p = policy_now(); // one policy for the whole request, even mid-reload
                instant now;
                if (req.has_param("at")) {
                    const std::string at = req.get_param_value("at");
                    parse_failure why;
                    auto t = parse_instant(at, &why);
                    if (!t)
                        return send_error(res, 400, "/at", "invalid_instant",
                                          "'" + at + "': " + why.message);
                    now = *t;
                } else {
                    now = *read_at("");
                }
                auto account = parse_account(body);
                if (!account)
                    return send_json(res, 400,
                                     render_errors(prefixed(account.errors(), "/account")));
                auto s = evaluate(p->rules, *account, now, zones);
                if (!s) return send_json(res, 400, render_errors(prefixed(s.errors(), "/account")));
                send_json(res, 200, render_status(*s));
            });
            server.Post(R"(/v1/import/([^/]+))", [&](const httplib::Request& req,
                                                     httplib::Response& res,
                                                     const httplib::ContentReader& reader) {
                std::string body;
                if (!read_body(reader, body, res)) return;
                const std::string provider = req.matches[1];
                auto out = import_json(provider, body);
                if (out.ok) return send_json(res, 200, out.json);
                const bool unknown = out.json.find("\"unsupported_provider\"") != std::string::npos;
                send_json(res, unknown ? 404 : 400, out.json);
            });
            // The routes answer their own method only: 405 with Allow for the others.
            auto wrong_method = [](const char* allow) {
                return [allow](const httplib::Request& req, httplib::Response& res) {
                    res.set_header("Allow", allow);
                    send_error(res, 405, "", "method_not_allowed",
                               req.method + " " + req.path + ": use " + allow);
                };
            };
            for (const char* route : {"/healthz", "/v1/policy"}) {
                server.Post(route, wrong_method("GET"));
                server.Put(route, wrong_method("GET"));
                server.Patch(route, wrong_method("GET"));
                server.Delete(route, wrong_method("GET"));
            }
            for (const char* route : {"/v1/evaluate", R"(/v1/import/([^/]+))"}) {
                server.Get(route, wrong_method("POST"));
                server.Put(route, wrong_method("POST"));
                server.Patch(route, wrong_method("POST"));
                server.Delete(route, wrong_method("POST"));
            }
            // Everything httplib refuses itself (no route, body too large, a malformed
            // request) answers with an error document too.
            server.set_error_handler(httplib::Server::HandlerWithResponse(
                [](const httplib::Request& req, httplib::Response& res) {
                    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
                    if (res.status == 404)
                        send_error(res, 404, "", "not_found",
                                   req.path +
                                       " is not a route: POST /v1/evaluate, POST "
                                       "/v1/import/{provider}, GET /v1/policy, GET /healthz");
                    else if (res.status == 413)
                        send_error(res, 413, "", "document_too_large",
                                   "the request body exceeds the limit of 4194304 bytes");
                    else
                        send_error(res, res.status, "", "bad_request",
                                   "the request could not be read (HTTP " +
                                       std::to_string(res.status) + ")");
                    return httplib::Server::HandlerResponse::Handled;
                }));
            server.set_exception_handler(
                [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
                    send_error(res, 500, "", "internal_error", "the request failed");
                });
            if (o->access_log)
                server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
                    log_line(req.method + " " + req.path + " " + std::to_string(res.status) + " " +
                             std::to_string(res.body.size()) + "B");
                });

            int port = o->port;
            bool bound = false;
            if (port == 0) {
                port = server.bind_to_any_port(o->bind);
                bound = port > 0;
            } else {
                bound = server.bind_to_port(o->bind, port);
            }
            if (!bound) {
                std::cerr << "respite serve: cannot listen on " << o->bind << ":" << o->port
                          << "\n";
                return 2;
            }

            std::atomic<bool> stopping{false};
            std::thread signal_thread([&] {
                for (;;) {
                    int sig = 0;
                    if (sigwait(&signals, &sig) != 0) continue;
                    if (sig == SIGHUP) {
                        log_line("SIGHUP: reloading the policy from " + o->policy);
                        if (auto next = load_policy(o->policy)) {
                            std::atomic_store(&current, next);
                            log_line("policy '" + next->rules.id + "' is now served");
                        } else {
                            log_line("the new policy is not valid: still serving '" +
                                     policy_now()->rules.id + "'");
                        }
                        continue;
                    }
                    if (stopping.exchange(true)) return; // our own wake-up, below
                    log_line(std::string(sig == SIGTERM ? "SIGTERM" : "SIGINT") +
                             ": finishing the requests in flight, then stopping");
                    server.stop();
                    return;
                }
            });
            log_line("listening on http://" + o->bind + ":" + std::to_string(port) +
                     " with policy '" + first->rules.id + "' (" + std::to_string(threads) +
                     " threads)");
            first.reset();
            const bool clean = server.listen_after_bind();
            if (!stopping.exchange(true)) ::kill(::getpid(), SIGTERM); // wake the signal thread
            signal_thread.join();
            log_line(clean ? "stopped" : "stopped: the listening socket failed");
            return clean ? 0 : 2;
        }};
}

} // namespace

std::vector<command> add_integration_commands(CLI::App& app) {
    return {add_import(app), add_serve(app)};
}

} // namespace respite::cli
