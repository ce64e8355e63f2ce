# Runs the built `respite` as a user would, on real files, and checks exit codes and output.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(ACCOUNT ${SOURCE}/examples/server-check-cpp/restricted-account.json)
set(POLICY ${SOURCE}/presets/standard.json)

function(run expected_code)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT code EQUAL expected_code)
        message(FATAL_ERROR "exit ${code}, expected ${expected_code}: ${ARGN}\nstdout: ${out}\nstderr: ${err}")
    endif()
    set(OUT "${out}" PARENT_SCOPE)
    set(ERR "${err}" PARENT_SCOPE)
endfunction()

function(expect_match text pattern what)
    if(NOT "${text}" MATCHES "${pattern}")
        message(FATAL_ERROR "${what}: expected to match '${pattern}', got:\n${text}")
    endif()
endfunction()

# evaluate: the contract's example at 2026-12-04T15:00:00Z is in stage "warning".
run(0 ${RESPITE} evaluate --policy ${POLICY} --account ${ACCOUNT} --at 2026-12-04T15:00:00Z)
expect_match("${OUT}" "\"state\":\"grace\"" "evaluate state")
expect_match("${OUT}" "\"stage\":{\"name\":\"warning\",\"index\":1,\"entered_at\":\"2026-12-01T23:00:00Z\"" "evaluate stage")
expect_match("${OUT}" "\"countdown\":{\"to\":\"restricted\",\"at\":\"2026-12-05T23:00:00Z\",\"seconds\":115200}" "countdown")

# the same with a preset name instead of a file
run(0 ${RESPITE} evaluate --policy preset:standard --account ${ACCOUNT} --at 2026-12-04T15:00:00Z)
expect_match("${OUT}" "\"policy_id\":\"standard\"" "preset policy")

# invalid input: a bad instant inside the account → exit 1 and an error document with its path
file(READ ${ACCOUNT} account_text)
string(REPLACE "2026-11-28T09:00:00Z\", \"status\"" "2026-02-30T09:00:00Z\", \"status\"" bad_text "${account_text}")
file(WRITE ${WORK}/bad.json "${bad_text}")
run(1 ${RESPITE} evaluate --policy ${POLICY} --account ${WORK}/bad.json --at 2026-12-04T15:00:00Z)
expect_match("${OUT}" "\"path\":\"/account/invoices/0/due_at\",\"code\":\"invalid_timestamp\"" "error path")

# usage errors exit 2 with help on stderr
run(2 ${RESPITE} evaluate --policy ${POLICY})
expect_match("${ERR}" "account" "usage error names the missing option")
run(2 ${RESPITE})

# validate: one good, one bad
run(0 ${RESPITE} validate ${POLICY} ${ACCOUNT})
expect_match("${OUT}" "respite.valid/1" "validate ok")
run(1 ${RESPITE} validate ${WORK}/bad.json)
expect_match("${OUT}" "invalid_timestamp" "validate bad")

# timeline for people: local time and UTC, now marked
run(0 ${RESPITE} timeline --policy ${POLICY} --account ${ACCOUNT} --at 2026-12-04T15:00:00Z)
expect_match("${OUT}" "2026-12-06 00:00 \\+01:00 Sun +2026-12-05 23:00Z +stage restricted" "timeline restricted row")
expect_match("${OUT}" "> 2026-12-04 16:00 \\+01:00 Fri +2026-12-04 15:00Z +NOW — restricted in 1 d 8 h" "timeline now row")

# presets
run(0 ${RESPITE} presets)
expect_match("${OUT}" "standard\t" "presets list")
run(2 ${RESPITE} presets no-such-preset)

# generate is deterministic; batch keeps order and counts, reports bad lines by number
run(0 ${RESPITE} generate --accounts 50 --seed 3)
set(first "${OUT}")
run(0 ${RESPITE} generate --accounts 50 --seed 3)
if(NOT first STREQUAL OUT)
    message(FATAL_ERROR "generate is not deterministic")
endif()
string(REGEX REPLACE "\n$" "" lines "${first}")
string(REPLACE "\n" ";" lines "${lines}")
list(LENGTH lines n)
if(NOT n EQUAL 50)
    message(FATAL_ERROR "generate wrote ${n} lines, not 50")
endif()
list(INSERT lines 10 "{not json")
string(REPLACE ";" "\n" joined "${lines}")
file(WRITE ${WORK}/in.ndjson "${joined}\n")
run(0 ${RESPITE} batch --policy ${POLICY} --at 2026-12-04T15:00:00Z -j 2 -o ${WORK}/out.ndjson ${WORK}/in.ndjson)
expect_match("${ERR}" "51 accounts in, 50 statuses and 1 error records out" "batch counts")
file(STRINGS ${WORK}/out.ndjson outlines)
list(LENGTH outlines m)
if(NOT m EQUAL 51)
    message(FATAL_ERROR "batch wrote ${m} lines, not 51")
endif()
list(GET outlines 10 bad_line)
expect_match("${bad_line}" "\"line\":11,\"errors\":\\[{\"path\":\"\",\"code\":\"invalid_json\"" "batch error record")
