# The throwaway test directories (OpenLDAP source, OpenLDAP target, Samba AD DC) and PostgreSQL in one
# image: the same Debian packages and the same scripts as a native run. docker-compose.yml
# starts one container per directory with `scripts/directories.sh run NAME` (foreground).
FROM debian:12

ENV DEBIAN_FRONTEND=noninteractive \
    LDAPSYNC_DEV_DIR=/var/lib/ldapsync \
    LDAPSYNC_LISTEN_HOST=0.0.0.0

WORKDIR /opt/ldapsync
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*

COPY scripts/ scripts/
COPY ldif/ ldif/

# source: 3389/3636, target: 4389/4636, samba: 389/636 (+ 3268/3269 GC, 88/464 Kerberos),
# postgres: 55432
EXPOSE 3389 3636 4389 4636 389 636 55432

ENTRYPOINT ["scripts/directories.sh"]
CMD ["run", "source"]
