#!/usr/bin/env bash
# Throwaway TLS material for the test directories, under $LDAPSYNC_DEV_DIR/ca:
#   ca.pem / ca.key               the CA every test trusts (LDAPSYNC_CA_FILE)
#   server.pem / server.key       server cert signed by it, SAN IP:127.0.0.1, DNS:localhost
#                                 (+ $LDAPSYNC_CERT_EXTRA_SAN, e.g. "DNS:source,DNS:samba" in compose)
#   wrong-ca.pem / wrong-ca.key   an unrelated CA (LDAPSYNC_WRONG_CA_FILE): must fail verification
# Idempotent: keeps existing files while they are consistent, otherwise regenerates all of them.
# Usage: scripts/lib/certs.sh   (or sourced: ensure_certs)
set -euo pipefail

ensure_certs() {
    local dir="${LDAPSYNC_DEV_DIR:?}/ca"
    local san="IP:127.0.0.1,DNS:localhost${LDAPSYNC_CERT_EXTRA_SAN:+,$LDAPSYNC_CERT_EXTRA_SAN}"
    mkdir -p "$dir"
    if [[ -s "$dir/ca.pem" && -s "$dir/server.pem" && -s "$dir/server.key" && -s "$dir/wrong-ca.pem" \
          && "$(cat "$dir/san" 2>/dev/null)" == "$san" ]] \
        && openssl verify -CAfile "$dir/ca.pem" "$dir/server.pem" >/dev/null 2>&1 \
        && openssl x509 -in "$dir/server.pem" -noout -checkend 86400 >/dev/null 2>&1; then
        return 0
    fi
    local tmp
    tmp="$(mktemp -d "$dir/.gen.XXXXXX")"
    (
        umask 077
        cd "$tmp"
        openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 \
            -keyout ca.key -out ca.pem -subj "/O=ldapsync dev/CN=ldapsync throwaway test CA" \
            -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" \
            -addext "subjectKeyIdentifier=hash" 2>/dev/null
        openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 \
            -keyout wrong-ca.key -out wrong-ca.pem -subj "/O=ldapsync dev/CN=ldapsync WRONG test CA" \
            -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
        openssl req -new -newkey rsa:2048 -nodes -sha256 -keyout server.key -out server.csr \
            -subj "/O=ldapsync dev/CN=127.0.0.1" 2>/dev/null
        printf '%s\n' \
            "basicConstraints=critical,CA:FALSE" \
            "keyUsage=critical,digitalSignature,keyEncipherment" \
            "extendedKeyUsage=serverAuth" \
            "subjectAltName=$san" \
            "authorityKeyIdentifier=keyid" \
            "subjectKeyIdentifier=hash" > server.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" \
            -days 3650 -sha256 -extfile server.ext -out server.pem 2>/dev/null
        openssl verify -CAfile ca.pem server.pem >/dev/null
        # Certificates are public; keys stay 0600 (Samba refuses a key readable by others).
        chmod 644 ca.pem wrong-ca.pem server.pem
        chmod 600 ca.key wrong-ca.key server.key
        printf "%s" "$san" > san; chmod 644 san
        rm -f server.csr server.ext
    )
    local f
    for f in ca.key ca.pem wrong-ca.key wrong-ca.pem server.key server.pem san; do
        mv -f "$tmp/$f" "$dir/$f"
    done
    rmdir "$tmp"
    chmod 755 "$dir"
    echo "certs: new throwaway CA and server certificate in $dir (SAN $san)"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    here="$(cd "$(dirname "$0")/../.." && pwd)"
    # shellcheck source=../dev.env
    source "$here/scripts/dev.env"
    ensure_certs
fi
