"""The Jinja2 side of the differential template tests.

Reads a JSON array of cases on stdin and writes a JSON array of results on stdout, one per case,
in order: {"output": "..."} or {"error": "ExceptionType: message"}.

A case: {"template": str, "context": JSON text of an object, "autoescape": bool,
"secrets"?: {name: value}, "variables"?: {name: value}, "now"?: ISO-8601 UTC string}.

The environment is Jinja2 3.1's SandboxedEnvironment as SPEC §2 describes Conduit's templates
(the reference platform renders in that sandbox): autoescape on or off as the case says, the
default Undefined, keep_trailing_newline off, plus Conduit's extra filters (from_json,
json_encode (safe, like tojson), base64_encode, base64_decode), `attr` also reading keys of JSON
objects, and the functions now(offset=0) (integer Unix seconds), get_secret(), get_variable()
(a missing one prints its own expression text, unescaped), jwt_encode() (HS* only here).
"""
import base64
import datetime
import functools
import hashlib
import hmac
import json
import sys
from collections import abc
from inspect import getattr_static

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import pass_environment
from markupsafe import Markup


def b64encode(value):
    return base64.b64encode(str(value).encode("utf-8")).decode("ascii")


def b64decode(value):
    return base64.b64decode(value).decode("utf-8")


def from_json(value):
    return json.loads(value)


def json_encode(value):
    return Markup(json.dumps(value))


@pass_environment
def conduit_attr(environment, obj, name):
    """Jinja2's attr, except that (SPEC §2) it also reads keys of JSON objects."""
    try:
        getattr_static(obj, name)
    except AttributeError:
        if isinstance(obj, abc.Mapping) and name in obj:
            return obj[name]
        if not hasattr(obj, name):
            return environment.undefined(obj=obj, name=name)
    return environment.getattr(obj, name)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwt_encode(payload, key, algorithm, headers=None):
    """PyJWT's layout (sorted compact header, compact payload), HMAC algorithms only."""
    if not isinstance(payload, dict):
        raise TypeError("Expecting a dict object, as JWT only supports JSON objects as payloads.")
    hashes = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
    if algorithm not in hashes:
        raise NotImplementedError("Algorithm not supported")
    header = {"typ": "JWT", "alg": algorithm}
    if headers:
        header.update(headers)
    if not header["typ"]:
        del header["typ"]
    segments = [
        b64url(json.dumps(header, separators=(",", ":"), sort_keys=True).encode("utf-8")),
        b64url(json.dumps(payload, separators=(",", ":")).encode("utf-8")),
    ]
    signing_input = ".".join(segments).encode("ascii")
    signature = hmac.new(key.encode("utf-8"), signing_input, hashes[algorithm]).digest()
    return ".".join(segments + [b64url(signature)])


class KeptExpression(jinja2.Undefined):
    """A missing get_variable(): undefined (so default() applies), printed as its expression text."""

    __slots__ = ("_text",)

    def __init__(self, text):
        super().__init__(name=text)
        self._text = text

    def __str__(self):
        return self._text

    def __html__(self):
        return self._text


class CaseInputs:
    """The secrets, variables and instant of the case being rendered (the globals read them)."""

    secrets = {}
    variables = {}
    now = 0


def get_secret(name):
    if name in CaseInputs.secrets:
        return CaseInputs.secrets[name]
    return Markup("{{ get_secret('%s') }}" % name)


def get_variable(name):
    if name in CaseInputs.variables:
        return CaseInputs.variables[name]
    return KeptExpression("{{ get_variable('%s') }}" % name)


def now(offset=0):
    return CaseInputs.now + offset


def make_env(autoescape):
    env = SandboxedEnvironment(autoescape=autoescape)
    env.filters.update(
        from_json=from_json,
        json_encode=json_encode,
        base64_encode=b64encode,
        base64_decode=b64decode,
        attr=conduit_attr,
    )
    env.globals.update(get_secret=get_secret, get_variable=get_variable, now=now, jwt_encode=jwt_encode)
    return env


# One environment per mode, made once: making one per case costs more than rendering it.
ENVIRONMENTS = {True: make_env(True), False: make_env(False)}


@functools.lru_cache(maxsize=None)
def compiled(autoescape, template):
    """Cases that render one template with several contexts compile it once."""
    return ENVIRONMENTS[autoescape].from_string(template)


def render(case):
    try:
        CaseInputs.secrets = case.get("secrets") or {}
        CaseInputs.variables = case.get("variables") or {}
        now_text = case.get("now") or "2024-05-01T12:34:56.789Z"
        CaseInputs.now = int(datetime.datetime.fromisoformat(now_text.replace("Z", "+00:00")).timestamp())
        context = json.loads(case.get("context") or "{}")
        return {"output": compiled(bool(case.get("autoescape")), case["template"]).render(**context)}
    except Exception as e:  # every failure is data: the test compares error vs output
        return {"error": f"{type(e).__name__}: {e}"}


def main():
    cases = json.load(sys.stdin)
    json.dump([render(c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
