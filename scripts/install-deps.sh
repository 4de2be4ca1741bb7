#!/usr/bin/env bash
# Install the Debian packages ldapsync builds and tests with (Debian 12, as root or via sudo).
# Fast no-op when everything is installed; `apt-get update` only when something is missing.
# Usage: scripts/install-deps.sh
set -euo pipefail

PACKAGES=(
    # OpenLDAP client library, headers and tools (the Swift CLDAP target links ldap + lber)
    libldap2-dev libsasl2-dev libsasl2-modules ldap-utils
    # GRDB links the system SQLite
    libsqlite3-dev
    # the PostgreSQL store: libpq (client library) and a server for its tests
    libpq-dev postgresql
    # OpenLDAP test directories (source, target)
    slapd
    # Samba AD DC test directory
    samba-ad-dc samba samba-dsdb-modules winbind krb5-user
    # scripts: python-ldap for checks, openssl for the throwaway CA, ss (iproute2) for port checks,
    # curl for the admin API security tests (paths sent exactly as written)
    python3 python3-ldap openssl ca-certificates iproute2 curl
    # the web console's browser test: headless Chromium driven over the DevTools protocol
    chromium python3-websocket fonts-dejavu-core
    # the admin API's contract test: a venv under .dev/ for Schemathesis (from PyPI)
    python3-venv
)

missing=()
for pkg in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    [[ "$status" == installed ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#PACKAGES[@]} packages already installed"
    exit 0
fi

SUDO=()
if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo)
fi

# Keep package installs from starting system daemons (slapd/samba would grab port 389 and
# create /etc/ldap/slapd.d): policy-rc.d exiting 101 forbids service starts.
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# Written by ldapsync scripts/install-deps.sh: no daemons started by apt.\nexit 101\n' \
        | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
echo "install-deps: done"
