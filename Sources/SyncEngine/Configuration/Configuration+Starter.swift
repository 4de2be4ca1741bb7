extension Configuration {
    /// The commented configuration `ldapsync init` writes where none exists: the two development
    /// directories of `scripts/directories.sh` (an OpenLDAP source `contoso.com` and an OpenLDAP
    /// target `cloud`), every key explained. It parses as it is; TLS lines are commented out
    /// because they name a CA file that exists only once the dev certificates are made.
    public static let starterYAML = """
        # ldapsync configuration. Relative paths are relative to this file's folder.
        # Passwords never go here: store them encrypted with
        #   ldapsync connector set-password NAME --password-stdin

        # State folder: SQLite database (connector spaces, metaverse, run history), key file, logs.
        state: ./state
        # Where connector spaces, metaverse and history live: the SQLite file in the state folder
        # (the default), or PostgreSQL (password in a file; TLS verified; see the README):
        # store: { postgres: { url: postgres://db.example.com/ldapsync, user: ldapsync, passwordFile: /etc/ldapsync/pg.pw } }
        # Key that encrypts stored passwords; default <state>/ldapsync.key (created mode 0600).
        # keyFile: /run/credentials/ldapsync.service/ldapsync.key

        # An export that would delete more objects than `count`, or more than `percent` % of the
        # target's synced objects, stops before deleting anything (status
        # stopped-deletion-threshold-exceeded, event 116). A bare number sets the count. With a
        # `window` (real-time mode: 1h unless set; `off`: none), the deletes the target's exports
        # made in that window count too, so a mass delete in many small batches stops as one.
        deletionThreshold: { count: 500, percent: 50 }
        # A full import that would delete more than `percent` % of one container's objects (and
        # at least `minimum` of them) stops before staging any delete (status stopped-shrink-guard,
        # event 117): the source answering with nothing must not wipe the target. `off` disables it.
        shrinkGuard: { percent: 50, minimum: 3 }
        # A run stops (status stopped-error-limit) after this many object errors.
        errorLimit: 5000
        # Staging mode imports and synchronizes but never exports (see `ldapsync export preview`).
        stagingMode: false

        # The service's sync cycle: import every connector, sync every connector, export.
        schedule:
          interval: 30m              # units: ms, s, m, h, d; combine as 1h30m; at least 1s
          enabled: true
          passwordSync: 2m           # password sync runs in the service; off turns it off

        # How long run history and events are kept.
        runHistory:
          keep: 7d

        # Metaverse object types besides person and group (each connector that has them gives
        # its filter under its own objectTypes:).
        # objectTypes:
        #   device: {}

        # The sync rules. Without this section the built-in rules apply (`ldapsync rules show`
        # prints them, as rules to copy here). This short form adjusts the built-in joins: the
        # first attribute in `join` whose value matches one metaverse object joins to it,
        # otherwise a new object is projected; attributes in `exclude` never flow. A list of
        # rules instead (README, "Sync rules") replaces the built-in rule of each connector,
        # direction and type it covers; builtInRules: false turns the others off.
        # builtInRules: true
        rules:
          person:
            join: [uid]
            exclude: [userPassword]
          group:
            join: [cn]
            exclude: []

        # The directories. Sources feed the metaverse in this order of precedence; targets (one
        # or more) are the directories ldapsync keeps in step.
        connectors:
          - name: contoso.com        # letters, digits, . _ - (up to 64); used on the command line
            flavor: openldap         # openldap | active-directory
            role: source             # source | target
            uri: ldap://127.0.0.1:3389   # ldap://host[:port] or ldaps://host[:port]
            # tls: starttls          # none | starttls | ldaps (default: ldaps for ldaps://, starttls
                                     # for ldap:// to another host, none on the loopback)
            # caFile: ./.dev/ca/ca.pem   # PEM file of the CAs to trust (default: the system store)
            # verifyCertificate: true    # false only for throwaway test servers
            # insecureSendPasswordsInClear: false   # true allows tls: none to another host (do not)
            # maxEntrySize: 64MiB        # a larger entry is refused as an object, never read as a delete
            # Bind identity: a DN; on active-directory also svc@contoso.com or CONTOSO\\svc-sync.
            bindDN: cn=svc-sync,ou=service,dc=contoso,dc=com
            baseDN: dc=contoso,dc=com
            # Containers in scope, relative to baseDN or full DNs within it; none inside another.
            # Leave out (or []) for the whole base.
            containers: [ou=people, ou=groups]
            # Object types and their filters; defaults per flavor. Override filter or objectClasses
            # (the classes written when ldapsync creates an object in this directory) per type:
            # objectTypes:
            #   person:
            #     filter: (&(objectClass=inetOrgPerson)(!(employeeType=contractor)))
            #     objectClasses: [top, person, organizationalPerson, inetOrgPerson]
            #   group:
            #     filter: (|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))
            pageSize: 1000           # entries per page of a paged search (1-10000)
            exportWindow: 64         # writes in flight during export, per connection (1-512)
            exportConnections: 4     # connections an export writes on at once (1-16)
            connectTimeout: 10s      # TCP connection and TLS handshake
            operationTimeout: 120s   # any one answer from the server

          - name: cloud
            flavor: openldap
            role: target
            uri: ldap://127.0.0.1:4389
            bindDN: cn=svc-cloud,ou=service,dc=cloud,dc=example
            baseDN: dc=cloud,dc=example

        """
}
