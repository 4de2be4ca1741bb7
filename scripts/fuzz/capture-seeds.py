#!/usr/bin/env python3
"""Captures fuzz seeds from the test directories: the bytes slapd and Samba really send.

  scripts/fuzz/capture-seeds.py        (directories running: scripts/directories.sh start)

Speaks LDAP itself over a socket (its own small BER codec, stdlib only), so every message is
kept exactly as it came off the wire, and reads only: binds, searches (paged, RFC 4533 sync,
DirSync, ranged attributes, the subschema entry), TLS certificates. Writes, replacing earlier
captures of the same name:

  Fuzz/ber/corpus/SERVER-*             whole LDAPMessages (entries, done with controls, sync info)
  Fuzz/controls/corpus/SERVER-*        a decoder selector byte + a response control's value
  Fuzz/attribute-range/corpus/SERVER-* ranged attribute names (member;range=0-1)
  Fuzz/dn/corpus/SERVER-*              entry names and DN values, as the servers spell them
  Fuzz/filter/corpus/SERVER-*          filters over real values (escaped with RFC 4515)
  Fuzz/schema/corpus/SERVER-*          subschema descriptions, a few dozen lines a file
  Fuzz/x509/corpus/SERVER-*            the servers' certificates and the test CA (DER)

Addresses and credentials come from the environment as scripts/dev.env sets them.
"""

import base64
import os
import socket
import ssl
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

PAGED = "1.2.840.113556.1.4.319"
SYNC_REQUEST = "1.3.6.1.4.1.4203.1.9.1.1"
SYNC_STATE = "1.3.6.1.4.1.4203.1.9.1.2"
SYNC_DONE = "1.3.6.1.4.1.4203.1.9.1.3"
SYNC_INFO = "1.3.6.1.4.1.4203.1.9.1.4"
DIRSYNC = "1.2.840.113556.1.4.841"
# The controls target's first byte picks the decoder (Fuzz/controls/ControlsTarget.swift).
SELECTOR = {PAGED: 0, SYNC_STATE: 1, SYNC_DONE: 2, SYNC_INFO: 3, DIRSYNC: 4}


# --- BER ------------------------------------------------------------------------------------

def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        octets = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(octets)]) + octets
    return bytes([tag]) + length + content


def integer(n, tag=0x02):
    return tlv(tag, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True))


def octets(value, tag=0x04):
    return tlv(tag, value if isinstance(value, bytes) else value.encode())


def sequence(*parts, tag=0x30):
    return tlv(tag, b"".join(parts))


def read_tlv(data, at=0):
    """(tag, content, next offset) of the element at `at`."""
    tag, first = data[at], data[at + 1]
    at += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        length = int.from_bytes(data[at:at + count], "big")
        at += count
    return tag, data[at:at + length], at + length


def elements(data):
    at = 0
    while at < len(data):
        tag, content, at = read_tlv(data, at)
        yield tag, content


# --- LDAP -----------------------------------------------------------------------------------

def control(oid, value=None, critical=False):
    parts = [octets(oid)]
    if critical:
        parts.append(tlv(0x01, b"\xff"))
    if value is not None:
        parts.append(octets(value))
    return sequence(*parts)


def present(attribute):
    return octets(attribute, tag=0x87)


class Message:
    """One LDAPMessage as received, with its operation and controls picked apart."""

    def __init__(self, raw):
        self.raw = raw
        _, body, _ = read_tlv(raw)
        parts = list(elements(body))
        self.op, self.content = parts[1]
        self.controls = []
        for tag, content in parts[2:]:
            if tag == 0xA0:
                for _, item in elements(content):
                    fields = list(elements(item))
                    oid = fields[0][1].decode()
                    value = next((c for t, c in fields[1:] if t == 0x04), None)
                    self.controls.append((oid, value))

    def entry(self):
        """(dn, [(type, [values])]) of a SearchResultEntry."""
        fields = list(elements(self.content))
        attributes = []
        for _, attribute in elements(fields[1][1]):
            (_, name), (_, values) = list(elements(attribute))[:2]
            attributes.append((name.decode(errors="replace"), [v for _, v in elements(values)]))
        return fields[0][1].decode(errors="replace"), attributes

    def intermediate(self):
        """(name, value) of an IntermediateResponse."""
        fields = dict(elements(self.content))
        return fields.get(0x80, b"").decode(), fields.get(0x81)


class Connection:
    def __init__(self, host, port, tls=False, ca_file=None):
        sock = socket.create_connection((host, port), timeout=20)
        if tls:
            context = ssl.create_default_context(cafile=ca_file)
            context.check_hostname = False
            sock = context.wrap_socket(sock)
            self.certificate = sock.getpeercert(binary_form=True)
        self.sock = sock
        self.buffer = b""
        self.next_id = 1

    def send(self, op, controls=()):
        message_id = self.next_id
        self.next_id += 1
        parts = [integer(message_id), op]
        if controls:
            parts.append(sequence(*controls, tag=0xA0))
        self.sock.sendall(sequence(*parts))
        return message_id

    def receive(self):
        """The next whole LDAPMessage, exactly as it came."""
        while True:
            message = self.take()
            if message:
                return message
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self.buffer += chunk

    def take(self):
        if len(self.buffer) < 2:
            return None
        first = self.buffer[1]
        header = 2 + (first & 0x7F if first >= 0x80 else 0)
        if len(self.buffer) < header:
            return None
        length = first if first < 0x80 else int.from_bytes(self.buffer[2:header], "big")
        if len(self.buffer) < header + length:
            return None
        raw, self.buffer = self.buffer[:header + length], self.buffer[header + length:]
        return Message(raw)

    def bind(self, dn, password):
        self.send(sequence(integer(3), octets(dn), octets(password, tag=0x80), tag=0x60))
        response = self.receive()
        code = list(elements(response.content))[0][1]
        if int.from_bytes(code, "big") != 0:
            raise RuntimeError(f"bind as {dn} failed: {code.hex()}")
        return response

    def search(self, base, scope=2, filter=present("objectClass"), attributes=(), controls=(), until=None):
        """Every message of one search up to its SearchResultDone (or until `until(message)`)."""
        request = sequence(
            octets(base), integer(scope, tag=0x0A), integer(0, tag=0x0A), integer(0), integer(0),
            tlv(0x01, b"\x00"), filter, sequence(*(octets(a) for a in attributes)), tag=0x63)
        self.send(request, controls)
        messages = []
        while True:
            message = self.receive()
            messages.append(message)
            if message.op == 0x65 or (until and until(message)):
                return messages


# --- Seeds ----------------------------------------------------------------------------------

class Seeds:
    def __init__(self):
        self.written = {}

    def write(self, target, name, data):
        folder = os.path.join(ROOT, "Fuzz", target, "corpus")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name), "wb") as file:
            file.write(data if isinstance(data, bytes) else data.encode())
        self.written[target] = self.written.get(target, 0) + 1

    def messages(self, server, what, messages, limit=4):
        """Whole messages for `ber` (the first few, and every done and intermediate), and for
        `controls` the values of the first few entry controls and of every final one."""
        kept = entry_controls = 0
        for index, message in enumerate(messages):
            final = message.op in (0x65, 0x79)
            if final or kept < limit:
                self.write("ber", f"{server}-{what}-{index}", message.raw)
                kept += 0 if final else 1
            for oid, value in message.controls:
                if oid in SELECTOR and value is not None and (final or entry_controls < 3):
                    self.write("controls", f"{server}-{what}-{index}-{oid}", bytes([SELECTOR[oid]]) + value)
                    entry_controls += 0 if final else 1
            if message.op == 0x79:
                name, value = message.intermediate()
                if name == SYNC_INFO and value is not None:
                    self.write("controls", f"{server}-{what}-{index}-info", bytes([SELECTOR[SYNC_INFO]]) + value)

    def names(self, server, messages, attributes=("member", "manager", "memberOf"), limit=24):
        """Entry names and DN values: the first few, and every one with escapes, quotes,
        multi-valued RDNs or non-ASCII text."""
        count = 0
        for message in entries_worth_keeping(messages, limit):
            dn, entry = message.entry()
            self.write("dn", f"{server}-entry-{count}", dn)
            for name, values in entry:
                if name.split(";")[0] in attributes and values:
                    self.write("dn", f"{server}-{name.split(';')[0]}-{count}", values[0])
            count += 1

    def filters(self, server, messages, limit=12):
        """Filters over the values of entries with a cn, escaped as RFC 4515 asks."""
        with_cn = [m for m in messages if m.op == 0x64 and any(n == "cn" for n, _ in m.entry()[1])]
        for count, message in enumerate(entries_worth_keeping(with_cn, limit)):
            values = {name: vals for name, vals in message.entry()[1] if vals}
            cn = values["cn"][0]
            classes = values.get("objectClass", [b"top"])
            text = (f"(&(objectClass={escape(classes[-1])})(|(cn={escape(cn)})(cn={escape(cn[:3])}*))"
                    f"(!(description=*{escape(cn[-2:])})))")
            self.write("filter", f"{server}-{count}", text)

    def schema(self, server, entry, per_file=16, limit=30):
        prefixes = {"attributeTypes": "a", "objectClasses": "o", "ldapSyntaxes": "s", "dITContentRules": "d"}
        lines = []
        for name, values in entry:
            prefix = prefixes.get(name)
            if prefix:
                lines += [prefix + v.decode(errors="replace") for v in values]
        chunks = [lines[i:i + per_file] for i in range(0, len(lines), per_file)]
        step = max(1, len(chunks) // limit)
        for number, chunk in enumerate(chunks[::step][:limit]):
            self.write("schema", f"{server}-{number}", "\n".join(chunk) + "\n")


def entries_worth_keeping(messages, limit):
    """The first `limit` entries, and every entry whose name has escapes, quotes, `+`, `#`
    or non-ASCII text (the seed data has a few of each)."""
    entries = [m for m in messages if m.op == 0x64]
    special = [m for m in entries if any(c in m.entry()[0] for c in '\\"+#;<>') or not m.entry()[0].isascii()]
    return entries[:limit] + [m for m in special if m not in entries[:limit]]


def escape(value):
    """RFC 4515 escaping of a value: text keeps its characters, other bytes become \\xx."""
    try:
        text = value.decode()
    except UnicodeDecodeError:
        return "".join(f"\\{byte:02x}" for byte in value)
    return "".join(f"\\{ord(c):02x}" if c in "*()\\\x00" else c for c in text)


def der_of_pem(path):
    with open(path) as file:
        body = "".join(line.strip() for line in file if "-----" not in line)
    return base64.b64decode(body)


def capture_slapd(seeds, env):
    host, port = "127.0.0.1", int(env["LDAPSYNC_SOURCE_URI"].rsplit(":", 1)[1])
    base = env["LDAPSYNC_SOURCE_BASE"]
    ldaps_port = int(env["LDAPSYNC_SOURCE_LDAPS_URI"].rsplit(":", 1)[1])
    secure = Connection(host, ldaps_port, tls=True, ca_file=env["LDAPSYNC_CA_FILE"])
    seeds.write("x509", "slapd-server", secure.certificate)
    conn = Connection(host, port)
    seeds.write("ber", "slapd-bind-response", conn.bind(env["LDAPSYNC_SOURCE_ADMIN_DN"], env["LDAPSYNC_SOURCE_ADMIN_PASSWORD"]).raw)

    root = conn.search("", scope=0, attributes=["*", "+"])
    seeds.messages("slapd", "rootdse", root, limit=2)
    paged = conn.search(base, attributes=["*", "entryUUID"], controls=[control(PAGED, sequence(integer(40), octets(b"")))])
    seeds.messages("slapd", "paged", paged)
    everything = conn.search(base, attributes=["*"], controls=[control(PAGED, sequence(integer(5000), octets(b"")))])
    seeds.names("slapd", everything)
    seeds.filters("slapd", everything)
    people = conn.search(base, filter=present("member"), attributes=["member", "cn", "objectClass"])
    seeds.names("slapd-groups", people, limit=6)

    # RFC 4533: a refreshOnly without a cookie (sync state on every entry, sync done with a
    # cookie), again with that cookie, then a refreshAndPersist until its sync info message.
    refresh = conn.search(base, attributes=["cn"], controls=[control(SYNC_REQUEST, sequence(integer(1, tag=0x0A)), critical=True)])
    seeds.messages("slapd", "sync-refresh", refresh)
    cookie = next((v for m in refresh if m.op == 0x65 for oid, v in m.controls if oid == SYNC_DONE), None)
    done_cookie = list(elements(list(elements(cookie))[0][1]))[0][1] if cookie else b""
    again = conn.search(base, attributes=["cn"], controls=[
        control(SYNC_REQUEST, sequence(integer(1, tag=0x0A), octets(done_cookie)), critical=True)])
    seeds.messages("slapd", "sync-cookie", again)
    persist = conn.search(base, attributes=["cn"], until=lambda m: m.op == 0x79, controls=[
        control(SYNC_REQUEST, sequence(integer(3, tag=0x0A), octets(done_cookie)), critical=True)])
    seeds.messages("slapd", "sync-persist", persist)

    subschema = conn.search("cn=Subschema", scope=0, attributes=["attributeTypes", "objectClasses", "ldapSyntaxes"])
    seeds.schema("slapd", subschema[0].entry()[1])


def capture_samba(seeds, env):
    host, port = "127.0.0.1", int(env["LDAPSYNC_SAMBA_LDAPS_URI"].rsplit(":", 1)[1])
    base = env["LDAPSYNC_SAMBA_BASE"]
    conn = Connection(host, port, tls=True, ca_file=env["LDAPSYNC_CA_FILE"])
    seeds.write("x509", "samba-server", conn.certificate)
    seeds.write("ber", "samba-bind-response", conn.bind(env["LDAPSYNC_SAMBA_ADMIN_DN"], env["LDAPSYNC_SAMBA_ADMIN_PASSWORD"]).raw)

    paged = conn.search(base, filter=present("objectGUID"), attributes=["*", "objectGUID", "objectSid"],
                        controls=[control(PAGED, sequence(integer(40), octets(b"")))])
    seeds.messages("samba", "paged", paged)
    everything = conn.search(base, attributes=["*"], controls=[control(PAGED, sequence(integer(1000), octets(b"")))])
    seeds.names("samba", everything)
    seeds.filters("samba", everything)

    # DirSync: everything from an empty cookie, then again from the cookie it gave; and with
    # incremental values (member;range=1-1 names).
    dirsync = conn.search(base, attributes=["cn", "member"], controls=[
        control(DIRSYNC, sequence(integer(0), integer(0), octets(b"")), critical=True)])
    seeds.messages("samba", "dirsync", dirsync)
    value = next((v for m in dirsync if m.op == 0x65 for oid, v in m.controls if oid == DIRSYNC), None)
    cookie = list(elements(list(elements(value))[0][1]))[2][1] if value else b""
    seeds.messages("samba", "dirsync-cookie", conn.search(base, attributes=["cn"], controls=[
        control(DIRSYNC, sequence(integer(0), integer(0), octets(cookie)), critical=True)]))
    incremental = conn.search(base, filter=present("member"), attributes=["member"], controls=[
        control(DIRSYNC, sequence(integer(-0x80000000), integer(0), octets(b"")), critical=True)])
    seeds.messages("samba", "dirsync-incremental", incremental)

    # Range retrieval: the names Samba gives slices of member.
    ranged = conn.search(base, filter=present("member"), attributes=["member;range=0-1", "member;range=1-*"])
    names = set()
    for message in ranged + incremental:
        if message.op == 0x64:
            names.update(name for name, _ in message.entry()[1] if ";" in name)
    for number, name in enumerate(sorted(names)[:8]):
        seeds.write("attribute-range", f"samba-{number}", name)
    seeds.names("samba-groups", ranged, limit=6)

    root = conn.search("", scope=0, attributes=["subschemaSubentry", "namingContexts"])
    schema_dn = dict(root[0].entry()[1]).get("subschemaSubentry", [b""])[0].decode()
    subschema = conn.search(schema_dn, scope=0, attributes=["attributeTypes", "objectClasses", "dITContentRules"])
    seeds.schema("samba", subschema[0].entry()[1])


def main():
    env = os.environ
    if "LDAPSYNC_SOURCE_URI" not in env:
        sys.exit("capture-seeds: source scripts/dev.env first (and start the directories)")
    seeds = Seeds()
    seeds.write("x509", "test-ca", der_of_pem(env["LDAPSYNC_CA_FILE"]))
    capture_slapd(seeds, env)
    capture_samba(seeds, env)
    for target, count in sorted(seeds.written.items()):
        print(f"capture-seeds: {count:4d} files for {target}")


if __name__ == "__main__":
    main()
