# Test runner for ldapsync: builds the package and runs `swift test` against the directories
# of docker-compose.yml (addresses come from LDAPSYNC_* variables set there).
ARG SWIFT_IMAGE=swift:6.1-bookworm
FROM ${SWIFT_IMAGE}

ENV DEBIAN_FRONTEND=noninteractive
# libldap/lber + SASL headers for the CLDAP system library, SQLite for GRDB, ldap-utils and
# python3 for debugging from inside the container.
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends \
        libldap2-dev libsasl2-dev libsasl2-modules libsqlite3-dev ldap-utils ca-certificates python3 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY Package.swift Package.resolved* ./
COPY Sources/ Sources/
COPY Tests/ Tests/
RUN swift build --build-tests

CMD ["swift", "test"]
