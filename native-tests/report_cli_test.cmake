# `respite report`, `merge` and `simulate` run as a user runs them: thread-count independence,
# one pass == shards merged, bad lines reported by number without losing the others, every
# output format, and the HTML page opened in headless Chromium (no network) with a screenshot.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(DIR ${SOURCE}/native-tests/report)
set(AT --at 2026-12-04T12:00:00Z)

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
function(expect_same a b what)
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${a} ${b} RESULT_VARIABLE differ)
    if(differ)
        message(FATAL_ERROR "${what}: ${a} and ${b} differ")
    endif()
endfunction()

# The hand-worked portfolio: bad lines named by number on stderr, the others all counted.
run(0 ${RESPITE} report --policy ${DIR}/policy.json ${AT} -j 1 -o ${WORK}/hand-1.json ${DIR}/portfolio.ndjson)
expect_match("${ERR}" "line 6: \\(document\\) invalid_json" "bad line 6 reported")
expect_match("${ERR}" "line 13: /invoices/0/due_at invalid_timestamp" "bad line 13 reported")
expect_match("${ERR}" "16 lines, 14 accounts counted, 2 unreadable" "summary")
file(READ ${WORK}/hand-1.json hand)
expect_match("${hand}" "\"inputs\":{\"lines\":16,\"accounts\":14,\"invalid\":2," "inputs counted")
expect_match("${hand}" "\"amount_due\":{\"EUR\":52000,\"GBP\":2000,\"JPY\":5000,\"USD\":16700}" "amount due")
foreach(j 2 3 8)
    run(0 ${RESPITE} report --policy ${DIR}/policy.json ${AT} -j ${j} -q -o ${WORK}/hand-${j}.json ${DIR}/portfolio.ndjson)
    expect_same(${WORK}/hand-1.json ${WORK}/hand-${j}.json "-j ${j} against -j 1")
endforeach()

# Generated data: -j1 = -j2, and three shards through --partial + merge = one pass.
execute_process(COMMAND ${RESPITE} generate --accounts 6000 --seed 3 OUTPUT_FILE ${WORK}/accounts.ndjson
                RESULT_VARIABLE code)
file(STRINGS ${WORK}/accounts.ndjson all_lines)
list(SUBLIST all_lines 0 2500 s1)
list(SUBLIST all_lines 2500 1000 s2)
list(SUBLIST all_lines 3500 -1 s3)
foreach(s s1 s2 s3)
    list(JOIN ${s} "\n" text)
    file(WRITE ${WORK}/${s}.ndjson "${text}\n")
    run(0 ${RESPITE} report -p preset:standard ${AT} -q --partial -o ${WORK}/${s}.partial.json ${WORK}/${s}.ndjson)
endforeach()
run(0 ${RESPITE} report -p preset:standard ${AT} -q -j 1 -o ${WORK}/one-1.json ${WORK}/accounts.ndjson)
run(0 ${RESPITE} report -p preset:standard ${AT} -q -j 2 -o ${WORK}/one-2.json ${WORK}/accounts.ndjson)
expect_same(${WORK}/one-1.json ${WORK}/one-2.json "generated data, -j 2 against -j 1")
run(0 ${RESPITE} merge ${WORK}/s3.partial.json ${WORK}/s1.partial.json ${WORK}/s2.partial.json -o ${WORK}/merged.json)
expect_same(${WORK}/one-1.json ${WORK}/merged.json "shards merged against one pass")
# a tree of merges, and stdin input
run(0 ${RESPITE} merge ${WORK}/s1.partial.json ${WORK}/s2.partial.json --partial -o ${WORK}/s12.partial.json)
run(0 ${RESPITE} merge ${WORK}/s12.partial.json ${WORK}/s3.partial.json -o ${WORK}/merged-tree.json)
expect_same(${WORK}/one-1.json ${WORK}/merged-tree.json "tree merge against one pass")
execute_process(COMMAND ${RESPITE} report -p preset:standard ${AT} -q -
                INPUT_FILE ${WORK}/accounts.ndjson OUTPUT_FILE ${WORK}/stdin.json RESULT_VARIABLE code)
expect_same(${WORK}/one-1.json ${WORK}/stdin.json "stdin against a file")

# merge refuses partials of another policy, and garbage
run(0 ${RESPITE} report -p preset:strict-b2c ${AT} -q --partial -o ${WORK}/other.partial.json ${WORK}/s1.ndjson)
run(1 ${RESPITE} merge ${WORK}/s1.partial.json ${WORK}/other.partial.json)
expect_match("${OUT}" "incompatible_partial" "merge of another policy")
run(1 ${RESPITE} merge ${WORK}/s1.ndjson)
expect_match("${OUT}" "respite.error/1" "merge of a non-partial")
run(2 ${RESPITE} report -p preset:standard --partial --format csv ${WORK}/s1.ndjson)

# CSV: one row per figure
run(0 ${RESPITE} report --policy ${DIR}/policy.json ${AT} -q --format csv ${DIR}/portfolio.ndjson)
expect_match("${OUT}" "^figure,currency,value\nschema,,respite.report/1\n" "csv header")
expect_match("${OUT}" "\namount_due,EUR,52000\n" "csv money row")
expect_match("${OUT}" "\nstates.grace.stages.restricted.accounts,,2\n" "csv stage row")

# simulate: the hand-written history, as text and JSON
run(0 ${RESPITE} simulate -q --policy ${DIR}/policy.json --vs ${DIR}/strict.json --at 2026-12-31T00:00:00Z ${DIR}/history.ndjson)
expect_match("${OUT}" "accounts canceled \\(involuntary churn\\) +2 +3\n" "simulate churn row")
expect_match("${OUT}" "payments after this policy canceled +1 +2\n" "simulate lost recoveries row")
run(0 ${RESPITE} simulate -q -p ${DIR}/policy.json --vs ${DIR}/strict.json --at 2026-12-31T00:00:00Z -f json -j 3 ${DIR}/history.ndjson)
expect_match("${OUT}" "\"unpaid_service_days\":46,.*\"unpaid_service_days\":20," "simulate json")

# HTML: one self-contained file that Chromium opens without a network and draws.
run(0 ${RESPITE} report --policy ${DIR}/policy.json ${AT} -q --format html -o ${WORK}/report.html ${DIR}/portfolio.ndjson)
file(READ ${WORK}/report.html html)
if(html MATCHES "(src|href)=\"https?:")
    message(FATAL_ERROR "the HTML report loads something from the network")
endif()
expect_match("${html}" "Chart.js v4" "Chart.js bundled inline")
run(0 ${RESPITE} simulate -q -p ${DIR}/policy.json --vs ${DIR}/strict.json --at 2026-12-31T00:00:00Z -f html -o ${WORK}/simulate.html ${DIR}/history.ndjson)
if(NOT CHROMIUM)
    message(FATAL_ERROR "Chromium is needed for the HTML check (scripts/setup.sh installs it)")
endif()
foreach(page report simulate)
    execute_process(COMMAND ${CHROMIUM} --headless --no-sandbox --disable-gpu --hide-scrollbars
                            --user-data-dir=${WORK}/chromium-profile --window-size=1280,1800
                            --dump-dom file://${WORK}/${page}.html
                    OUTPUT_VARIABLE dom ERROR_QUIET RESULT_VARIABLE code TIMEOUT 120)
    expect_match("${dom}" "data-ready=\"true\"" "${page}.html: the page's script ran to the end")
    expect_match("${dom}" "<canvas id=\"chart-" "${page}.html: charts drawn")
    execute_process(COMMAND ${CHROMIUM} --headless --no-sandbox --disable-gpu --hide-scrollbars
                            --user-data-dir=${WORK}/chromium-profile --window-size=1280,1800
                            --screenshot=${WORK}/${page}.png file://${WORK}/${page}.html
                    OUTPUT_QUIET ERROR_QUIET TIMEOUT 120)
    file(SIZE ${WORK}/${page}.png png_size)
    if(png_size LESS 50000)
        message(FATAL_ERROR "${page}.png is only ${png_size} bytes: the page did not draw")
    endif()
endforeach()
expect_match("${dom}" "Policy simulation: report-test vs strict-test" "simulate.html title")
message(STATUS "report CLI: all checks passed; screenshots in ${WORK}")
