"""A server-side access check in Python: may this account use this feature now?

The same decision the in-app banner shows, made by the engine itself through its C ABI
(librespite.so) with nothing but the standard library (ctypes, json).

    python3 check.py POLICY.json ACCOUNT.json AT FEATURE
    → "200 FEATURE: allowed", "403 FEATURE: feature disabled in stage S",
      "402 FEATURE: access none (suspended)" … and the required actions.

The library is found through $RESPITE_LIB, else the system's library path (ldconfig).
"""

import ctypes
import ctypes.util
import json
import os
import sys


class RespiteError(Exception):
    """The engine refused its input: `errors` holds {path, code, message} items."""

    def __init__(self, errors):
        self.errors = errors
        first = errors[0] if errors else {"path": "", "code": "?", "message": "?"}
        super().__init__(f"{first['path'] or '(document)'}: {first['code']}: {first['message']}")


class Respite:
    """librespite.so, loaded with ctypes. Every call returns a parsed JSON document."""

    def __init__(self, library=None):
        path = library or os.environ.get("RESPITE_LIB") or ctypes.util.find_library("respite")
        if not path:
            raise OSError("librespite.so not found: set RESPITE_LIB or install the library")
        self._lib = ctypes.CDLL(path)
        text = ctypes.c_char_p
        # Documents come back as raw pointers (c_void_p), so that they can be freed.
        for name, args in (("respite_evaluate", 3), ("respite_timeline", 3),
                           ("respite_validate", 1), ("respite_import", 2)):
            fn = getattr(self._lib, name)
            fn.argtypes = [text] * args
            fn.restype = ctypes.c_void_p
        self._lib.respite_free.argtypes = [ctypes.c_void_p]
        self._lib.respite_free.restype = None
        self._lib.respite_version.argtypes = []
        self._lib.respite_version.restype = text

    def _call(self, fn, *args):
        pointer = fn(*[a.encode("utf-8") if a is not None else None for a in args])
        if not pointer:
            raise MemoryError("librespite ran out of memory")
        try:
            document = json.loads(ctypes.string_at(pointer).decode("utf-8"))
        finally:
            self._lib.respite_free(pointer)
        if document.get("schema") == "respite.error/1":
            raise RespiteError(document["errors"])
        return document

    def version(self):
        return self._lib.respite_version().decode("utf-8")

    def evaluate(self, policy_json, account_json, at=None):
        """The respite.status/1 of the account at `at` (RFC 3339; None: now)."""
        return self._call(self._lib.respite_evaluate, policy_json, account_json, at)

    def timeline(self, policy_json, account_json, at=None):
        return self._call(self._lib.respite_timeline, policy_json, account_json, at)

    def validate(self, document_json):
        return self._call(self._lib.respite_validate, document_json)

    def import_objects(self, provider, provider_json):
        """A billing provider's API objects → {"account": {...}, "unmapped": [...]}."""
        return self._call(self._lib.respite_import, provider, provider_json)


def gate(status, feature):
    """The HTTP status a protected route answers with, and why."""
    access = status["access"]
    if access["level"] == "none":
        return 402, f"access none ({status['state']})"
    if feature in access["disabled_features"]:
        stage = (status.get("stage") or {}).get("name", "?")
        return 403, f"feature disabled in stage {stage}"
    if access["level"] == "read_only" and feature.startswith("write"):
        return 403, "read-only access"
    return 200, "allowed"


def main(argv):
    if len(argv) != 5:
        print("usage: check.py POLICY.json ACCOUNT.json AT FEATURE", file=sys.stderr)
        return 2
    _, policy_path, account_path, at, feature = argv
    with open(policy_path, encoding="utf-8") as f:
        policy = f.read()
    with open(account_path, encoding="utf-8") as f:
        account = f.read()
    try:
        status = Respite().evaluate(policy, account, at)
    except RespiteError as e:
        for err in e.errors:
            print(f"{err['path']}: {err['code']}: {err['message']}", file=sys.stderr)
        return 1
    code, why = gate(status, feature)
    print(f"{code} {feature}: {why}")
    for action in status["required_actions"]:
        print(f"  required: {action['type']} ({action['reason']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
