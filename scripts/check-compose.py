#!/usr/bin/env python3
"""Check docker-compose.yml without Docker (there is no engine on the build machines).

Checks: YAML parses; the services ca, source, target, samba and tests exist; each has `build`
(with an existing Dockerfile) or `image`; the directory services run the same script the
native setup uses; depends_on and volumes point at things that exist; the tests service sets
every LDAPSYNC_* variable that scripts/dev.env exports, with URIs pointing at the compose
service names and the ports of the defaults, and DNs/passwords equal to dev.env's defaults
(the directory containers use those). Exit status 1 on any error.

Usage: scripts/check-compose.py [path/to/docker-compose.yml]
"""

import os
import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("check-compose: PyYAML is needed (apt-get install python3-yaml or pip install pyyaml)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIRED_SERVICES = ["ca", "source", "target", "samba", "postgres", "tests"]
DIRECTORIES = {"source": ("3389", "3636"), "target": ("4389", "4636"), "samba": ("389", "636")}
# Variables of dev.env that make no sense for the tests container (none today).
NOT_FOR_TESTS = set()


def dev_env_defaults():
    """{name: literal default or None} for every `export LDAPSYNC_X="${LDAPSYNC_X:-default}"`."""
    out = {}
    with open(os.path.join(ROOT, "scripts", "dev.env"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r'\s*export\s+(LDAPSYNC_[A-Z0-9_]+)="\$\{\1:-(.*)\}"\s*$', line)
            if m:
                default = m.group(2).replace("\\\\", "\\")
                out[m.group(1)] = None if "$" in default else default
                continue
            m = re.match(r"\s*export\s+(LDAPSYNC_[A-Z0-9_]+)=", line)
            if m:
                out[m.group(1)] = None
    return out


def env_dict(env):
    """compose accepts a mapping or a list of KEY=VALUE strings."""
    if env is None:
        return {}
    if isinstance(env, dict):
        return {str(k): ("" if v is None else str(v)) for k, v in env.items()}
    if isinstance(env, list):
        out = {}
        for item in env:
            key, _, value = str(item).partition("=")
            out[key] = value
        return out
    raise TypeError(f"environment must be a mapping or a list, not {type(env).__name__}")


def main(argv):
    path = argv[1] if len(argv) > 1 else os.path.join(ROOT, "docker-compose.yml")
    errors = []
    err = errors.append
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        print(f"check-compose: cannot read {path}: {e}", file=sys.stderr)
        return 1
    if not isinstance(doc, dict) or not isinstance(doc.get("services"), dict):
        print(f"check-compose: {path}: no `services` mapping", file=sys.stderr)
        return 1
    services = doc["services"]
    volumes = doc.get("volumes") or {}

    for name in REQUIRED_SERVICES:
        if name not in services:
            err(f"service `{name}` is missing")

    for name, svc in services.items():
        if not isinstance(svc, dict):
            err(f"service `{name}` is not a mapping")
            continue
        if "build" not in svc and "image" not in svc:
            err(f"service `{name}` has neither build nor image")
        build = svc.get("build")
        if build is not None:
            if isinstance(build, str):
                context, dockerfile = build, "Dockerfile"
            elif isinstance(build, dict):
                context, dockerfile = build.get("context", "."), build.get("dockerfile", "Dockerfile")
            else:
                err(f"service `{name}`: build must be a string or a mapping")
                context, dockerfile = ".", "Dockerfile"
            ctx = os.path.join(os.path.dirname(os.path.abspath(path)), context)
            if not os.path.isdir(ctx):
                err(f"service `{name}`: build context {context!r} does not exist")
            elif not os.path.isfile(os.path.join(ctx, dockerfile)):
                err(f"service `{name}`: Dockerfile {dockerfile!r} not found in {context!r}")
        try:
            env_dict(svc.get("environment"))
        except TypeError as e:
            err(f"service `{name}`: {e}")
        deps = svc.get("depends_on") or {}
        for dep in (deps if isinstance(deps, (list, dict)) else []):
            if dep not in services:
                err(f"service `{name}` depends on unknown service `{dep}`")
        for vol in svc.get("volumes") or []:
            source = vol.split(":", 1)[0] if isinstance(vol, str) else (vol or {}).get("source", "")
            if source and not source.startswith((".", "/", "~")) and source not in volumes:
                err(f"service `{name}` uses undeclared volume `{source}`")
        hc = svc.get("healthcheck")
        if hc is not None and not hc.get("test"):
            err(f"service `{name}`: healthcheck without test")

    # Directory services run the native script in the foreground.
    for name in DIRECTORIES:
        svc = services.get(name) or {}
        cmd = svc.get("command")
        if cmd != ["run", name]:
            err(f"service `{name}`: command should be [\"run\", \"{name}\"], got {cmd!r}")
        env = env_dict(svc.get("environment"))
        if env.get("LDAPSYNC_LISTEN_HOST") != "0.0.0.0":
            err(f"service `{name}`: LDAPSYNC_LISTEN_HOST must be 0.0.0.0 (reachable from tests)")
        if "healthcheck" not in svc:
            err(f"service `{name}`: no healthcheck (tests must wait for it)")
    dockerfile = os.path.join(ROOT, "docker", "directories.Dockerfile")
    if os.path.isfile(dockerfile):
        text = open(dockerfile, encoding="utf-8").read()
        if "scripts/directories.sh" not in text or "install-deps.sh" not in text:
            err("docker/directories.Dockerfile must install with scripts/install-deps.sh and run scripts/directories.sh")
    if not os.access(os.path.join(ROOT, "scripts", "directories.sh"), os.X_OK):
        err("scripts/directories.sh is not executable")

    # The tests service: every dev.env variable, URIs at the service names.
    tests = services.get("tests") or {}
    env = env_dict(tests.get("environment")) if isinstance(tests, dict) else {}
    for var, default in dev_env_defaults().items():
        if var in NOT_FOR_TESTS:
            continue
        if var not in env or env[var] == "":
            err(f"service `tests`: {var} is not set")
        elif default is not None and not var.endswith("_URI") and env[var] != default:
            # The directory containers use dev.env's defaults: DNs and passwords must agree.
            err(f"service `tests`: {var} is {env[var]!r} but the directories use {default!r}")
    for name, (port, tls_port) in DIRECTORIES.items():
        key = name.upper()
        want = {f"LDAPSYNC_{key}_URI": f"ldap://{name}:{port}",
                f"LDAPSYNC_{key}_LDAPS_URI": f"ldaps://{name}:{tls_port}"}
        for var, value in want.items():
            if var in env and env[var] != value:
                err(f"service `tests`: {var} is {env[var]!r}, expected {value!r}")
        deps = tests.get("depends_on") or {}
        if name not in deps:
            err(f"service `tests` does not depend on `{name}`")
        elif isinstance(deps, dict) and (deps[name] or {}).get("condition") != "service_healthy":
            err(f"service `tests`: depends_on `{name}` should wait for service_healthy")
    # PostgreSQL: the same foreground script, and the tests reach it by its service name.
    postgres = services.get("postgres") or {}
    if postgres.get("command") != ["run", "postgres"]:
        err(f"service `postgres`: command should be [\"run\", \"postgres\"], got {postgres.get('command')!r}")
    if "healthcheck" not in postgres:
        err("service `postgres`: no healthcheck (tests must wait for it)")
    if not env.get("LDAPSYNC_POSTGRES_URL", "").startswith("postgres://postgres:"):
        err("service `tests`: LDAPSYNC_POSTGRES_URL must point at postgres://postgres:PORT/")
    if ((tests.get("depends_on") or {}).get("postgres") or {}).get("condition") != "service_healthy":
        err("service `tests`: depends_on `postgres` should wait for service_healthy")
    cmd = tests.get("command") if isinstance(tests, dict) else None
    if cmd is not None and "test" not in " ".join(cmd if isinstance(cmd, list) else [str(cmd)]):
        err(f"service `tests`: command should run swift test, got {cmd!r}")

    if errors:
        for e in errors:
            print(f"check-compose: {os.path.relpath(path)}: {e}", file=sys.stderr)
        return 1
    print(f"check-compose: {os.path.relpath(path)}: OK ({len(services)} services)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
