/* The C ABI as a C program uses it: respite.h only, every document freed.
 *   respite_capi_test SOURCE_DIR */
#include "respite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0, checks = 0;

static void expect(int ok, const char* what, const char* doc) {
    ++checks;
    if (!ok) {
        ++failures;
        fprintf(stderr, "FAILED: %s\n  got: %s\n", what, doc ? doc : "(NULL)");
    }
}

static int has(const char* doc, const char* needle) {
    return doc && strstr(doc, needle) != NULL;
}

static char* read_file(const char* dir, const char* name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE* f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char* text = malloc((size_t)size + 1);
    if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) exit(2);
    text[size] = '\0';
    fclose(f);
    return text;
}

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: respite_capi_test SOURCE_DIR\n");
        return 2;
    }
    char* policy = read_file(argv[1], "presets/standard.json");
    char* account = read_file(argv[1], "examples/server-check-cpp/restricted-account.json");
    char* doc;

    expect(strcmp(respite_version(), "") != 0, "respite_version is not empty", respite_version());

    doc = respite_evaluate(policy, account, "2026-12-04T15:00:00Z");
    expect(has(doc, "\"schema\":\"respite.status/1\""), "evaluate gives a status", doc);
    expect(has(doc, "\"state\":\"grace\""), "evaluate: in grace", doc);
    expect(has(doc, "\"name\":\"warning\""), "evaluate: stage warning", doc);
    respite_free(doc);

    doc = respite_evaluate(policy, account, NULL); /* now: some valid status */
    expect(has(doc, "\"schema\":\"respite.status/1\""), "evaluate at NULL (now)", doc);
    respite_free(doc);

    doc = respite_evaluate(policy, account, "yesterday");
    expect(has(doc, "\"path\":\"/at\",\"code\":\"invalid_instant\""), "bad instant", doc);
    respite_free(doc);

    doc = respite_evaluate(policy, "{\"schema\":\"respite.account/1\"}", "2026-12-04T15:00:00Z");
    expect(has(doc, "\"path\":\"/account/id\",\"code\":\"missing_field\""), "account errors", doc);
    respite_free(doc);

    doc = respite_evaluate(NULL, account, NULL);
    expect(has(doc, "\"path\":\"/policy\",\"code\":\"missing_field\""), "NULL policy", doc);
    respite_free(doc);

    doc = respite_evaluate(policy, "not json", "2026-12-04T15:00:00Z");
    expect(has(doc, "\"path\":\"/account\",\"code\":\"invalid_json\""), "account not JSON", doc);
    respite_free(doc);

    doc = respite_timeline(policy, account, "2026-12-04T15:00:00Z");
    expect(has(doc, "\"schema\":\"respite.timeline/1\""), "timeline", doc);
    respite_free(doc);

    doc = respite_validate(policy);
    expect(has(doc, "\"document\":\"respite.policy/1\""), "validate policy", doc);
    respite_free(doc);
    doc = respite_validate(account);
    expect(has(doc, "\"document\":\"respite.account/1\""), "validate account", doc);
    respite_free(doc);
    doc = respite_validate(NULL);
    expect(has(doc, "respite.error/1"), "validate NULL", doc);
    respite_free(doc);

    doc = respite_import("stripe",
                         "{\"object\":\"invoice\",\"id\":\"in_1\",\"customer\":\"cus_1\","
                         "\"status\":\"open\",\"amount_due\":4900,\"amount_paid\":0,"
                         "\"currency\":\"eur\",\"created\":1764320400,\"due_date\":1764320400}");
    expect(has(doc, "\"schema\":\"respite.import/1\""), "import", doc);
    expect(has(doc, "\"id\":\"cus_1\""), "import: account id", doc);
    expect(has(doc, "\"currency\":\"EUR\""), "import: currency upper case", doc);
    respite_free(doc);
    doc = respite_import("paypal", "{}");
    expect(has(doc, "\"code\":\"unsupported_provider\""), "import: unknown provider", doc);
    respite_free(doc);
    doc = respite_import("stripe", NULL);
    expect(has(doc, "respite.error/1"), "import NULL", doc);
    respite_free(doc);

    respite_free(NULL);
    free(policy);
    free(account);
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
