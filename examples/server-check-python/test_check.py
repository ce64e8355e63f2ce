"""Tests of check.py against the built librespite.so ($RESPITE_LIB); run with
`python3 -m unittest -v test_check` (ctest does, with the paths set)."""

import contextlib
import io
import os
import unittest

import check

SOURCE = os.environ.get("RESPITE_SOURCE",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
POLICY_PATH = os.path.join(SOURCE, "presets", "standard.json")
ACCOUNT_PATH = os.path.join(SOURCE, "examples", "server-check-cpp", "restricted-account.json")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class CheckTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.respite = check.Respite()
        cls.policy = read(POLICY_PATH)
        cls.account = read(ACCOUNT_PATH)

    def test_version(self):
        self.assertRegex(self.respite.version(), r"^\d+\.\d+\.\d+")

    def test_grace_keeps_full_access(self):
        status = self.respite.evaluate(self.policy, self.account, "2026-12-04T15:00:00Z")
        self.assertEqual(status["state"], "grace")
        self.assertEqual(status["stage"]["name"], "warning")
        self.assertEqual(check.gate(status, "exports"), (200, "allowed"))

    def test_restricted_stage_disables_exports(self):
        status = self.respite.evaluate(self.policy, self.account, "2026-12-06T12:00:00Z")
        self.assertEqual(check.gate(status, "exports"),
                         (403, "feature disabled in stage restricted"))
        self.assertEqual(check.gate(status, "write_comment"), (403, "read-only access"))
        self.assertEqual(check.gate(status, "dashboard"), (200, "allowed"))

    def test_suspended_account_pays_first(self):
        status = self.respite.evaluate(self.policy, self.account, "2026-12-20T12:00:00Z")
        self.assertEqual(status["state"], "suspended")
        self.assertEqual(check.gate(status, "dashboard"), (402, "access none (suspended)"))

    def test_now_when_no_instant(self):
        status = self.respite.evaluate(self.policy, self.account)
        self.assertEqual(status["schema"], "respite.status/1")

    def test_errors_carry_paths(self):
        with self.assertRaises(check.RespiteError) as caught:
            self.respite.evaluate(self.policy, '{"schema":"respite.account/1","invoices":[]}',
                                  "2026-12-04T15:00:00Z")
        self.assertIn({"path": "/account/id", "code": "missing_field",
                       "message": "'id' is required"}, caught.exception.errors)
        with self.assertRaises(check.RespiteError) as caught:
            self.respite.evaluate(self.policy, self.account, "soon")
        self.assertEqual(caught.exception.errors[0]["path"], "/at")

    def test_timeline_and_validate(self):
        timeline = self.respite.timeline(self.policy, self.account, "2026-12-04T15:00:00Z")
        self.assertEqual(timeline["schema"], "respite.timeline/1")
        self.assertEqual(self.respite.validate(self.policy)["document"], "respite.policy/1")

    def test_import_then_gate(self):
        stripe = ('{"object":"invoice","id":"in_9","customer":"cus_9","status":"open",'
                  '"amount_due":4900,"amount_paid":0,"currency":"eur",'
                  '"created":1764320400,"due_date":1764320400,"next_payment_attempt":1764406800}')
        imported = self.respite.import_objects("stripe", stripe)
        self.assertEqual(imported["account"]["id"], "cus_9")
        self.assertEqual(imported["unmapped"], ["/next_payment_attempt"])
        status = self.respite.evaluate(self.policy, __import__("json").dumps(imported["account"]),
                                       "2025-11-29T12:00:00Z")
        self.assertEqual(status["state"], "grace")
        with self.assertRaises(check.RespiteError):
            self.respite.import_objects("paypal", "{}")

    def test_command_line(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = check.main(["check.py", POLICY_PATH, ACCOUNT_PATH, "2026-12-06T12:00:00Z",
                               "exports"])
        self.assertEqual(code, 0)
        self.assertTrue(out.getvalue().startswith(
            "403 exports: feature disabled in stage restricted\n"))


if __name__ == "__main__":
    unittest.main()
