/* respite.h — the grace-period engine behind a small, stable C interface, for back ends in
 * any language (Python ctypes, Go cgo, Ruby FFI, PHP FFI, Rust, …).
 *
 * JSON text in, JSON text out: every call returns a document (a respite.status/1, a
 * respite.timeline/1, a respite.valid/1, a respite.import/1 or a respite.error/1 — tell them
 * apart by "schema") in a buffer the caller frees with respite_free(). No C++ type or
 * exception crosses this interface; NULL comes back only when memory ran out.
 * Strings are UTF-8, NUL-terminated. Every function is safe to call from several threads.
 * docs/c-api.md has the details. */
#ifndef RESPITE_H
#define RESPITE_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define RESPITE_API __declspec(dllimport)
#elif defined(__GNUC__)
#define RESPITE_API __attribute__((visibility("default")))
#else
#define RESPITE_API
#endif

/* The interface's version; a change that breaks a caller raises the library's soname. */
#define RESPITE_CAPI_VERSION 1

/* Where the account stands at `at` under the policy: a respite.status/1, or a respite.error/1
 * whose paths start with /policy, /account or /at. `at` is an RFC 3339 instant; NULL or ""
 * means now (the system clock: the one thing this library reads that the core does not). */
RESPITE_API char* respite_evaluate(const char* policy_json, const char* account_json,
                                   const char* at);

/* Every date of the account's grace period: a respite.timeline/1 (or an error). */
RESPITE_API char* respite_timeline(const char* policy_json, const char* account_json,
                                   const char* at);

/* Checks a policy or an account (chosen by its "schema"): respite.valid/1 or respite.error/1. */
RESPITE_API char* respite_validate(const char* document_json);

/* A billing provider's API objects ("stripe", "paddle", "chargebee", "recurly",
 * "revenuecat") → {"schema":"respite.import/1","account":{…},"unmapped":[…]} or an error. */
RESPITE_API char* respite_import(const char* provider, const char* provider_json);

/* Frees a document returned by this library (NULL is fine). */
RESPITE_API void respite_free(char* document);

/* The engine's version ("0.1.0"); a static string: do not free it. */
RESPITE_API const char* respite_version(void);

#ifdef __cplusplus
}
#endif

#endif /* RESPITE_H */
