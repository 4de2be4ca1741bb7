#!/usr/bin/env python3
"""A small LDAPv3 server that misbehaves on purpose, for ldapsync's tests (stdlib only).

  fake-ldap.py --scenario NAME [--port 0] [--entries N] [scenario options]

Listens on 127.0.0.1 only (--port 0: the kernel picks a port), prints one line
`READY <port>` on stdout once it listens, and logs every request it receives to stderr, one
line each (plus one line for every connection and every deliberate misbehaviour). SIGTERM or
SIGINT stops it (exit 0). With --parent-pid PID it also stops (within half a second) when that
process is gone, and with --exit-with-parent when its parent changes (the parent it had when it
started, which may already be gone by then: --parent-pid has no such race), so a server whose
test process crashed does not outlive it.

What every scenario shares
  * bind: simple binds of any DN and password succeed (LDAPv3 only; SASL binds answer
    authMethodNotSupported), unless the scenario says otherwise.
  * StartTLS (1.3.6.1.4.1.1466.20037) answers protocolError (2) "unsupported extended
    operation", like every other extended operation except Who am I? (which answers the bound
    DN), unless the scenario says otherwise. There is no TLS here at all.
  * unbind closes the connection; abandon is logged and otherwise ignored (every search here
    is answered at once, so there is never anything left to abandon).
  * add, modify, delete, modify DN and compare answer unwillingToPerform (53).
  * a base search of the root DSE ("") always answers a minimal, well-formed root DSE
    (namingContexts dc=fake,dc=test; supportedControl 1.2.840.113556.1.4.319 paged results;
    supportedLDAPVersion 3; supportedExtension Who am I?), whatever the scenario.
  * the directory: dc=fake,dc=test and N (--entries, default 10) entries directly below it,
    uid=user0001,dc=fake,dc=test .. uid=userNNNN,dc=fake,dc=test, each with
        objectClass: inetOrgPerson
        cn: Fake User 0001
        sn: User0001
        uid: user0001
        entryUUID: fa4e0000-0000-4000-8000-000000000001     (the entry's number, in hex)
    (numbers are zero-padded to 4 digits, or more when N needs more). A one-level or subtree
    search of dc=fake,dc=test returns the N entries (not the base entry itself, so counts are
    exactly N); a base search returns the one entry named; a base outside dc=fake,dc=test
    answers noSuchObject (32). Filters are evaluated (equality, presence, substrings, >=, <=,
    approx as equality, and/or/not; extensible matches match everything), case-insensitively.
    The requested attribute list is honoured ("*" or none: all; "1.1": none; "+": entryUUID,
    or every root DSE attribute), except where a scenario forces an attribute in.
  * paged results (RFC 2696, 1.2.840.113556.1.4.319): a search with the control gets at most
    `size` entries and a SearchResultDone whose paged control carries a cookie until the last
    page (empty cookie). A search without it gets every entry (sizeLimit honoured:
    sizeLimitExceeded (4)). A critical request control other than paged results answers
    unavailableCriticalExtension (12); non-critical ones are ignored.
  * "the K-th entry" and "after N entries" count the entries of one search from 1, across its
    pages. Misbehaviours apply to searches other than the root DSE read.
  * garbage from a client (a frame that is not an LDAPMessage, a request that does not decode,
    a frame over 16 MiB) gets a Notice of Disconnection (protocolError) and the connection is
    closed; the server carries on.

Scenarios
  normal            well-formed answers: the baseline every other scenario differs from.
  undecodable-entry the K-th entry (--at, default 3) is malformed INSIDE its attribute list,
                    while every enclosing length (LDAPMessage, SearchResultEntry) is right, so
                    the client reads the message but not all of its attributes. The entry
                    always carries sn (forced in if not requested), and sn is what breaks:
                    --malformation set-overrun (default): the length of sn's SET OF values runs
                        past the end of the PartialAttributeList. libldap 2.5 decodes the
                        attributes before sn, then ldap_get_attribute_ber answers
                        LDAP_DECODING_ERROR (-4); nothing after sn can be read.
                    --malformation value-overrun: sn's SET has the right length, but its value's
                        OCTET STRING claims 5 bytes more than the SET holds.
                    --malformation value-tag: sn's value has the wrong tag (INTEGER, 0x02
                        instead of OCTET STRING, 0x04), every length right.
                    --malformation list-overrun: the PartialAttributeList claims 100 bytes more
                        than the SearchResultEntry holds (ldap_get_dn_ber fails: the whole
                        entry is unreadable, not only some attributes).
  truncated-message after N entries (--after, default 3) send the first half of the next
                    entry's bytes (or of the SearchResultDone, when there is no next entry) and
                    close the connection (FIN; --reset: RST instead, which may also discard
                    bytes the client has not read yet).
  wrong-length      after N entries (--after, default 3) send the next entry (or the
                    SearchResultDone, when there is no next entry) as an LDAPMessage whose outer
                    length claims 100 bytes more than are sent, then stall: the connection stays
                    open, further requests are read, logged and never answered.
  huge-value        the K-th entry (--at, default 3) carries description (forced in) with one
                    value of M MiB (--value-mib, default 64) of printable ASCII.
  unknown-control   every entry carries a non-critical control with an unknown OID (--oid,
                    default 1.3.6.1.4.1.55555.1.42; criticality left out, i.e. DEFAULT FALSE),
                    and every SearchResultDone carries it with criticality TRUE (after the paged
                    results control). --explicit-false spells the entries' criticality out as
                    BOOLEAN FALSE. (libldap 2.5 reads an explicit criticality inverted: TRUE
                    arrives as not critical, FALSE as critical; see README.md.)
  out-of-order-ids  search responses carry message ids that do not match the request:
                    --mode wrong (default): every response to a search (entries and the
                        SearchResultDone) carries the request's id + --offset (default 7), and
                        nothing ever carries the request's own id.
                    --mode done-first: first a SearchResultDone (success) for id + --offset,
                        then the normal, correct answer.
  stall             after N entries (--after, default 3) never answer again on that connection,
                    not even the SearchResultDone of a search with N entries or fewer (the socket
                    stays open; requests are read, logged and ignored).
  bind-fails        every simple bind answers --code (default 49, invalidCredentials) with
                    --diagnostic (default: Active Directory's "80090308: LdapErr: DSID-0C09044E,
                    comment: AcceptSecurityContext error, data 52e, v4563"); --trailing-nul
                    appends a NUL byte to the diagnostic as AD does; --allow-anonymous lets
                    anonymous binds (empty DN and password) succeed.
  stall-extended    searches as `normal`; any extended operation but StartTLS and Who am I? (e.g.
                    the RFC 3062 Password Modify a service-account reset sends) is read and never
                    answered: a timeout after the server may have acted.
  starttls-refused  StartTLS answers --code (default 52, unavailable; 2 = protocolError) with
                    --diagnostic (default "StartTLS is not available: this server has no TLS
                    configured").
  empty-success     searches succeed with ZERO entries (root DSE reads still answer).
"""

import argparse
import asyncio
import os
import re
import signal
import socket
import struct
import sys

BASE_DN = "dc=fake,dc=test"
PAGED_OID = "1.2.840.113556.1.4.319"
STARTTLS_OID = "1.3.6.1.4.1.1466.20037"
WHOAMI_OID = "1.3.6.1.4.1.4203.1.11.3"
NOTICE_OF_DISCONNECTION_OID = "1.3.6.1.4.1.1466.20036"
MAX_REQUEST_BYTES = 16 * 1024 * 1024
STARTING_PARENT = os.getppid()  # read first thing, for --exit-with-parent
COOKIE_PREFIX = b"fake-ldap:"

SCENARIOS = [
    "normal", "undecodable-entry", "truncated-message", "wrong-length", "huge-value",
    "unknown-control", "out-of-order-ids", "stall", "bind-fails", "starttls-refused",
    "empty-success", "stall-extended",
]

# Result codes used here.
SUCCESS = 0
PROTOCOL_ERROR = 2
SIZE_LIMIT_EXCEEDED = 4
AUTH_METHOD_NOT_SUPPORTED = 7
UNAVAILABLE_CRITICAL_EXTENSION = 12
NO_SUCH_OBJECT = 32
UNWILLING_TO_PERFORM = 53

# Protocol operation tags.
BIND_REQUEST, BIND_RESPONSE = 0x60, 0x61
UNBIND_REQUEST = 0x42
SEARCH_REQUEST, SEARCH_ENTRY, SEARCH_DONE = 0x63, 0x64, 0x65
MODIFY_REQUEST, MODIFY_RESPONSE = 0x66, 0x67
ADD_REQUEST, ADD_RESPONSE = 0x68, 0x69
DELETE_REQUEST, DELETE_RESPONSE = 0x4A, 0x6B
MODDN_REQUEST, MODDN_RESPONSE = 0x6C, 0x6D
COMPARE_REQUEST, COMPARE_RESPONSE = 0x6E, 0x6F
ABANDON_REQUEST = 0x50
EXTENDED_REQUEST, EXTENDED_RESPONSE = 0x77, 0x78
UNWILLING_OPS = {
    MODIFY_REQUEST: ("MODIFY", MODIFY_RESPONSE), ADD_REQUEST: ("ADD", ADD_RESPONSE),
    DELETE_REQUEST: ("DELETE", DELETE_RESPONSE), MODDN_REQUEST: ("MODDN", MODDN_RESPONSE),
    COMPARE_REQUEST: ("COMPARE", COMPARE_RESPONSE),
}
SCOPES = {0: "base", 1: "one", 2: "sub", 3: "children"}


def log(message):
    print(f"fake-ldap: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# BER: the few encodings LDAP needs (definite lengths, one-byte tags).

class BERError(Exception):
    pass


def ber_length(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, content):
    return bytes([tag]) + ber_length(len(content)) + content


def ber_int(n, tag=0x02):
    return tlv(tag, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True))


def ber_enum(n):
    return ber_int(n, 0x0A)


def ber_octets(value, tag=0x04):
    return tlv(tag, value.encode("utf-8") if isinstance(value, str) else bytes(value))


def ber_bool(value):
    return tlv(0x01, b"\xff" if value else b"\x00")


def ber_seq(*parts, tag=0x30):
    return tlv(tag, b"".join(parts))


class BERReader:
    """Reads TLVs from data[start:end]; every length is checked against the end."""

    def __init__(self, data, start=0, end=None):
        self.data = data
        self.pos = start
        self.end = len(data) if end is None else end

    def at_end(self):
        return self.pos >= self.end

    def peek_tag(self):
        if self.at_end():
            raise BERError("unexpected end of element")
        return self.data[self.pos]

    def read(self):
        """(tag, content bytes) of the next element."""
        if self.at_end():
            raise BERError("unexpected end of element")
        tag = self.data[self.pos]
        if tag & 0x1F == 0x1F:
            raise BERError(f"multi-byte tag 0x{tag:02x}")
        pos = self.pos + 1
        if pos >= self.end:
            raise BERError("missing length")
        first = self.data[pos]
        pos += 1
        if first == 0x80:
            raise BERError("indefinite length")
        if first & 0x80:
            count = first & 0x7F
            if count > 4 or pos + count > self.end:
                raise BERError("bad long-form length")
            length = int.from_bytes(self.data[pos:pos + count], "big")
            pos += count
        else:
            length = first
        if pos + length > self.end:
            raise BERError(f"element of {length} bytes runs past its container")
        self.pos = pos + length
        return tag, bytes(self.data[pos:pos + length])

    def expect(self, tag):
        got, content = self.read()
        if got != tag:
            raise BERError(f"expected tag 0x{tag:02x}, got 0x{got:02x}")
        return content


def decode_int(content):
    if not content or len(content) > 8:
        raise BERError("bad INTEGER")
    return int.from_bytes(content, "big", signed=True)


def text(content):
    return content.decode("utf-8", "replace")


# --------------------------------------------------------------------------------------------
# LDAP messages.

def ldap_message(message_id, op, controls=()):
    body = ber_int(message_id) + op
    if controls:
        body += tlv(0xA0, b"".join(controls))
    return tlv(0x30, body)


def ldap_result(tag, code, diagnostic="", matched="", extra=b""):
    diag = diagnostic if isinstance(diagnostic, bytes) else diagnostic.encode("utf-8")
    return tlv(tag, ber_enum(code) + ber_octets(matched) + ber_octets(diag) + extra)


def control(oid, critical=False, value=None):
    parts = ber_octets(oid)
    if critical:
        parts += ber_bool(True)
    if value is not None:
        parts += ber_octets(value)
    return ber_seq(parts)


def paged_control(size, cookie):
    return control(PAGED_OID, False, ber_seq(ber_int(size), ber_octets(cookie)))


def encode_values(values):
    return tlv(0x31, b"".join(ber_octets(v) for v in values))


def encode_attribute(name, values):
    return ber_seq(ber_octets(name), encode_values(values))


def search_entry(dn, attributes):
    attribute_list = b"".join(encode_attribute(n, v) for n, v in attributes)
    return tlv(SEARCH_ENTRY, ber_octets(dn) + ber_seq(attribute_list))


def parse_controls(content):
    controls = []
    reader = BERReader(content)
    while not reader.at_end():
        item = BERReader(reader.expect(0x30))
        oid = text(item.expect(0x04))
        critical, value = False, None
        if not item.at_end() and item.peek_tag() == 0x01:
            critical = item.expect(0x01) != b"\x00"
        if not item.at_end():
            value = item.expect(0x04)
        if not item.at_end():
            raise BERError("trailing bytes in a control")
        controls.append((oid, critical, value))
    return controls


def parse_filter(tag, content):
    """(node, text): node is a tuple tree for matching, text the RFC 4515 rendering."""
    if tag in (0xA0, 0xA1):
        reader, children = BERReader(content), []
        while not reader.at_end():
            children.append(parse_filter(*reader.read()))
        kind = "and" if tag == 0xA0 else "or"
        return (kind, [c[0] for c in children]), "(" + ("&" if tag == 0xA0 else "|") + "".join(c[1] for c in children) + ")"
    if tag == 0xA2:
        reader = BERReader(content)
        node, rendered = parse_filter(*reader.read())
        if not reader.at_end():
            raise BERError("trailing bytes in a not filter")
        return ("not", node), f"(!{rendered})"
    if tag in (0xA3, 0xA5, 0xA6, 0xA8):
        reader = BERReader(content)
        attribute, value = text(reader.expect(0x04)), text(reader.expect(0x04))
        kind, op = {0xA3: ("eq", "="), 0xA5: ("ge", ">="), 0xA6: ("le", "<="), 0xA8: ("eq", "~=")}[tag]
        return (kind, attribute.lower(), value), f"({attribute}{op}{value})"
    if tag == 0xA4:
        reader = BERReader(content)
        attribute = text(reader.expect(0x04))
        parts, pattern, rendered = BERReader(reader.expect(0x30)), "", ""
        initial, final = "", ""
        while not parts.at_end():
            part_tag, part = parts.read()
            if part_tag not in (0x80, 0x81, 0x82):
                raise BERError(f"bad substring tag 0x{part_tag:02x}")
            value = text(part)
            if part_tag == 0x80:
                initial = value
            elif part_tag == 0x81:
                pattern += ".*" + re.escape(value)
                rendered += "*" + value
            else:
                final = value
        regex = re.escape(initial) + pattern + ".*" + re.escape(final)
        return ("sub", attribute.lower(), re.compile(regex + r"\Z", re.I | re.S)), f"({attribute}={initial}{rendered}*{final})"
    if tag == 0x87:
        return ("present", text(content).lower()), f"({text(content)}=*)"
    if tag == 0xA9:
        return ("true",), "(extensibleMatch)"
    raise BERError(f"unknown filter tag 0x{tag:02x}")


def matches(node, attributes):
    kind = node[0]
    if kind == "and":
        return all(matches(n, attributes) for n in node[1])
    if kind == "or":
        return any(matches(n, attributes) for n in node[1])
    if kind == "not":
        return not matches(node[1], attributes)
    if kind == "true":
        return True
    values = attributes.get(node[1], [])
    if kind == "present":
        return bool(values) or node[1] == "objectclass"
    if kind == "eq":
        return any(v.lower() == node[2].lower() for v in values)
    if kind == "ge":
        return any(v.lower() >= node[2].lower() for v in values)
    if kind == "le":
        return any(v.lower() <= node[2].lower() for v in values)
    if kind == "sub":
        return any(node[2].match(v) for v in values)
    return False


def normalize_dn(dn):
    return ",".join(part.strip().lower() for part in dn.split(",") if part.strip())


# --------------------------------------------------------------------------------------------
# The directory.

class Directory:
    def __init__(self, entries):
        self.count = entries
        self.width = max(4, len(str(entries)))

    def user(self, number):
        """(dn, [(name, [values])]) of entry `number` (1-based)."""
        tag = f"{number:0{self.width}d}"
        uid = f"user{tag}"
        return f"uid={uid},{BASE_DN}", [
            ("objectClass", ["inetOrgPerson"]),
            ("cn", [f"Fake User {tag}"]),
            ("sn", [f"User{tag}"]),
            ("uid", [uid]),
            ("entryUUID", [f"fa4e0000-0000-4000-8000-{number:012x}"]),
        ]

    def base_entry(self):
        return BASE_DN, [("objectClass", ["top", "dcObject", "organization"]), ("dc", ["fake"]), ("o", ["fake"])]

    def number_of(self, dn):
        match = re.fullmatch(r"uid=user(\d+)," + re.escape(BASE_DN), normalize_dn(dn))
        if match and 1 <= int(match.group(1)) <= self.count:
            return int(match.group(1))
        return None

    def search(self, base, scope, node):
        """A list of entries, or (code, matched DN) when the base does not exist."""
        normalized = normalize_dn(base)
        if normalized == BASE_DN:
            if scope == 0:
                candidates = [self.base_entry()]
            else:
                candidates = (self.user(n) for n in range(1, self.count + 1))
        elif (number := self.number_of(base)) is not None:
            candidates = [self.user(number)] if scope in (0, 2) else []
        else:
            return NO_SUCH_OBJECT, BASE_DN if normalized.endswith("," + BASE_DN) else ""
        result = []
        for dn, attributes in candidates:
            lowered = {name.lower(): values for name, values in attributes}
            if matches(node, lowered):
                result.append((dn, attributes))
        return result


ROOT_DSE = [
    ("objectClass", ["top"]),
    ("namingContexts", [BASE_DN]),
    ("supportedControl", [PAGED_OID]),
    ("supportedExtension", [WHOAMI_OID]),
    ("supportedLDAPVersion", ["3"]),
    ("vendorName", ["ldapsync fake-ldap.py"]),
]


def select_attributes(attributes, requested, types_only, operational=("entryUUID",)):
    """The attributes a search asked for ("*" or none: all; "+": the operational ones; "1.1": none)."""
    wanted = [a.lower() for a in requested]
    if not wanted or "*" in wanted:
        chosen = list(attributes)
    else:
        chosen = [(n, v) for n, v in attributes if n.lower() in wanted or (n in operational and "+" in wanted)]
    if types_only:
        chosen = [(n, []) for n, _ in chosen]
    return chosen


# --------------------------------------------------------------------------------------------
# Misbehaviours.

def malformed_entry(dn, attributes, malformation):
    """A SearchResultEntry whose attribute list is broken at sn, every enclosing length right."""
    if not any(name == "sn" for name, _ in attributes):
        attributes = attributes[:1] + [("sn", ["Broken"])] + attributes[1:]
    index = next(i for i, (name, _) in enumerate(attributes) if name == "sn")
    before = b"".join(encode_attribute(n, v) for n, v in attributes[:index])
    after = b"".join(encode_attribute(n, v) for n, v in attributes[index + 1:])
    values = attributes[index][1] or ["Broken"]
    if malformation == "set-overrun":
        content = b"".join(ber_octets(v) for v in values)
        bad_set = bytes([0x31]) + ber_length(len(content) + len(after) + 100) + content
        broken = ber_seq(ber_octets("sn"), bad_set)
    elif malformation == "value-overrun":
        raw = values[0].encode("utf-8")
        bad_value = bytes([0x04]) + ber_length(len(raw) + 5) + raw
        broken = ber_seq(ber_octets("sn"), tlv(0x31, bad_value))
    elif malformation == "value-tag":
        broken = ber_seq(ber_octets("sn"), tlv(0x31, b"".join(ber_octets(v, tag=0x02) for v in values)))
    elif malformation == "list-overrun":
        attribute_list = before + encode_attribute("sn", values) + after
        bad_list = bytes([0x30]) + ber_length(len(attribute_list) + 100) + attribute_list
        return tlv(SEARCH_ENTRY, ber_octets(dn) + bad_list)
    else:
        raise ValueError(malformation)
    return tlv(SEARCH_ENTRY, ber_octets(dn) + ber_seq(before + broken + after))


class Stop(Exception):
    """Raised when a scenario stops answering on this connection (stalled or closed)."""


# --------------------------------------------------------------------------------------------
# The server.

class Server:
    def __init__(self, options):
        self.options = options
        self.directory = Directory(options.entries)
        self.connections = 0
        self.tasks = set()
        self._huge = None
        self._last_search = None

    def search(self, request):
        """The directory's answer to a search; the last one is kept for the next page's request."""
        key = (normalize_dn(request["base"]), request["scope"], request["filter_text"].lower())
        if self._last_search is None or self._last_search[0] != key:
            self._last_search = (key, self.directory.search(request["base"], request["scope"], request["filter"]))
        return self._last_search[1]

    def huge_value(self):
        if self._huge is None:
            size = self.options.value_mib * 1024 * 1024
            pattern = b"fake-ldap huge value 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ. "
            self._huge = (pattern * (size // len(pattern) + 1))[:size]
        return self._huge

    async def serve(self, reader, writer):
        self.connections += 1
        connection = Connection(self, self.connections, reader, writer)
        task = asyncio.current_task()
        self.tasks.add(task)
        try:
            await connection.run()
        finally:
            self.tasks.discard(task)


class Connection:
    def __init__(self, server, number, reader, writer):
        self.server = server
        self.options = server.options
        self.number = number
        self.reader = reader
        self.writer = writer
        self.silent = False
        self.bound_dn = ""

    def log(self, message):
        log(f"conn={self.number} {message}")

    async def send(self, data):
        self.writer.write(data)
        await self.writer.drain()

    async def run(self):
        peer = self.writer.get_extra_info("peername")
        self.log(f"accepted from {peer[0]}:{peer[1]}" if peer else "accepted")
        reason = "closed"
        try:
            while True:
                body = await self.read_frame()
                if body is None:
                    reason = "client closed the connection"
                    break
                try:
                    message_id, op_tag, op, controls = self.parse_message(body)
                except BERError as error:
                    await self.disconnect(f"undecodable LDAPMessage ({error})")
                    reason = "closed after garbage"
                    break
                if not await self.dispatch(message_id, op_tag, op, controls):
                    reason = "closed (unbind)"
                    break
        except Stop as stop:
            reason = str(stop)
        except BERError as error:
            await self.disconnect(f"garbage from the client ({error})")
            reason = "closed after garbage"
        except asyncio.IncompleteReadError:
            reason = "client closed the connection in the middle of a message"
        except (ConnectionError, OSError) as error:
            reason = f"connection error: {error}"
        except asyncio.CancelledError:
            reason = "server stopping"
            raise
        except Exception as error:  # a bug here must cost one connection, never the server
            reason = f"internal error {type(error).__name__}: {error}"
        finally:
            self.log(reason)
            self.close()

    def close(self, reset=False):
        try:
            if reset:
                sock = self.writer.get_extra_info("socket")
                if sock is not None:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.writer.close()
        except Exception:
            pass

    async def read_frame(self):
        """The content of the next LDAPMessage SEQUENCE, or None at a clean end of stream."""
        first = await self.reader.read(1)
        if not first:
            return None
        if first[0] != 0x30:
            raise BERError(f"frame starts with 0x{first[0]:02x}, not an LDAPMessage SEQUENCE")
        length_byte = (await self.reader.readexactly(1))[0]
        if length_byte == 0x80:
            raise BERError("indefinite length")
        if length_byte & 0x80:
            count = length_byte & 0x7F
            if count > 4:
                raise BERError("length of length over 4 bytes")
            length = int.from_bytes(await self.reader.readexactly(count), "big")
        else:
            length = length_byte
        if length > MAX_REQUEST_BYTES:
            raise BERError(f"frame of {length} bytes (limit {MAX_REQUEST_BYTES})")
        return await self.reader.readexactly(length)

    def parse_message(self, body):
        reader = BERReader(body)
        message_id = decode_int(reader.expect(0x02))
        op_tag, op = reader.read()
        controls = []
        if not reader.at_end():
            controls = parse_controls(reader.expect(0xA0))
        if not reader.at_end():
            raise BERError("trailing bytes after the controls")
        return message_id, op_tag, op, controls

    async def disconnect(self, why):
        self.log(f"{why}: Notice of Disconnection, closing")
        notice = tlv(EXTENDED_RESPONSE, ber_enum(PROTOCOL_ERROR) + ber_octets("") + ber_octets(why) + ber_octets(NOTICE_OF_DISCONNECTION_OID, tag=0x8A))
        try:
            await asyncio.wait_for(self.send(ldap_message(0, notice)), 2)
        except Exception:
            pass

    async def reply(self, message_id, op, controls=()):
        if not self.silent:
            await self.send(ldap_message(message_id, op, controls))

    async def dispatch(self, message_id, op_tag, op, controls):
        """Handles one request; False when the connection is to close."""
        prefix = f"op={message_id}"
        shown = " controls=[" + ", ".join(describe_control(c) for c in controls) + "]" if controls else ""
        if self.silent:
            prefix += " (ignored: this connection no longer answers)"
        if op_tag == BIND_REQUEST:
            reader = BERReader(op)
            version = decode_int(reader.expect(0x02))
            name = text(reader.expect(0x04))
            auth_tag, credentials = reader.read()
            method = {0x80: "simple", 0xA3: "sasl"}.get(auth_tag, f"0x{auth_tag:02x}")
            self.log(f"{prefix} BIND version={version} dn=\"{name}\" method={method} password_bytes={len(credentials) if auth_tag == 0x80 else '-'}{shown}")
            await self.bind(message_id, version, name, auth_tag, credentials)
        elif op_tag == UNBIND_REQUEST:
            self.log(f"{prefix} UNBIND{shown}")
            return False
        elif op_tag == ABANDON_REQUEST:
            self.log(f"{prefix} ABANDON id={decode_int(op)}{shown}")
        elif op_tag == SEARCH_REQUEST:
            request = parse_search(op)
            self.log(f"{prefix} SEARCH base=\"{request['base']}\" scope={SCOPES.get(request['scope'], request['scope'])} "
                     f"filter={request['filter_text']} attrs={','.join(request['attributes']) or '*'} "
                     f"sizelimit={request['size_limit']} timelimit={request['time_limit']} typesonly={int(request['types_only'])}{shown}")
            if not self.silent:
                await self.search(message_id, request, controls)
        elif op_tag == EXTENDED_REQUEST:
            reader = BERReader(op)
            oid = text(reader.expect(0x80))
            value = reader.expect(0x81) if not reader.at_end() else None
            name = {STARTTLS_OID: " (StartTLS)", WHOAMI_OID: " (Who am I?)"}.get(oid, "")
            self.log(f"{prefix} EXTENDED oid={oid}{name} value_bytes={'-' if value is None else len(value)}{shown}")
            await self.extended(message_id, oid)
        elif op_tag in UNWILLING_OPS:
            label, response = UNWILLING_OPS[op_tag]
            self.log(f"{prefix} {label}{shown}")
            await self.reply(message_id, ldap_result(response, UNWILLING_TO_PERFORM, "fake-ldap is read-only"))
        else:
            raise BERError(f"unknown protocol operation 0x{op_tag:02x}")
        return True

    async def bind(self, message_id, version, name, auth_tag, credentials):
        options = self.options
        if version != 3:
            await self.reply(message_id, ldap_result(BIND_RESPONSE, PROTOCOL_ERROR, "only LDAPv3 is supported"))
        elif auth_tag != 0x80:
            await self.reply(message_id, ldap_result(BIND_RESPONSE, AUTH_METHOD_NOT_SUPPORTED, "only simple binds are supported"))
        elif options.scenario == "bind-fails" and not (options.allow_anonymous and name == "" and credentials == b""):
            diagnostic = options.diagnostic.encode("utf-8") + (b"\x00" if options.trailing_nul else b"")
            self.log(f"op={message_id} -> bind-fails: code {options.code}")
            await self.reply(message_id, ldap_result(BIND_RESPONSE, options.code, diagnostic))
        else:
            self.bound_dn = name
            await self.reply(message_id, ldap_result(BIND_RESPONSE, SUCCESS))

    async def extended(self, message_id, oid):
        options = self.options
        name = ber_octets(oid, tag=0x8A)
        if oid == STARTTLS_OID and options.scenario == "starttls-refused":
            self.log(f"op={message_id} -> starttls-refused: code {options.code}")
            await self.reply(message_id, ldap_result(EXTENDED_RESPONSE, options.code, options.diagnostic, extra=name))
        elif options.scenario == "stall-extended" and oid != STARTTLS_OID and oid != WHOAMI_OID:
            # The server took the request (and may have acted on it); the answer never comes.
            self.log(f"op={message_id} -> stall-extended: no answer to {oid}")
        elif oid == WHOAMI_OID:
            identity = f"dn:{self.bound_dn}" if self.bound_dn else ""
            await self.reply(message_id, ldap_result(EXTENDED_RESPONSE, SUCCESS, extra=ber_octets(identity, tag=0x8B)))
        else:
            await self.reply(message_id, ldap_result(EXTENDED_RESPONSE, PROTOCOL_ERROR, "unsupported extended operation", extra=name if oid == STARTTLS_OID else b""))

    async def search(self, message_id, request, controls):
        options = self.options
        done_controls = []
        critical = [c for c in controls if c[1] and c[0] != PAGED_OID]
        if critical:
            await self.reply(message_id, ldap_result(SEARCH_DONE, UNAVAILABLE_CRITICAL_EXTENSION, f"critical control {critical[0][0]} is not supported"))
            return
        if request["base"] == "" and request["scope"] == 0:
            dse = select_attributes(ROOT_DSE, request["attributes"], request["types_only"], operational=[n for n, _ in ROOT_DSE])
            await self.reply(message_id, search_entry("", dse))
            await self.reply(message_id, ldap_result(SEARCH_DONE, SUCCESS))
            return
        found = self.server.search(request)
        if isinstance(found, tuple):
            await self.reply(message_id, ldap_result(SEARCH_DONE, found[0], "no such entry here", matched=found[1]))
            return
        if options.scenario == "empty-success":
            self.log(f"op={message_id} -> empty-success: 0 of {len(found)} entries")
            found = []

        paged = next((c for c in controls if c[0] == PAGED_OID), None)
        code, diagnostic = SUCCESS, ""
        if paged is not None:
            try:
                value = BERReader(paged[2] or b"")
                inner = BERReader(value.expect(0x30))
                size, cookie = decode_int(inner.expect(0x02)), inner.expect(0x04)
            except BERError:
                await self.reply(message_id, ldap_result(SEARCH_DONE, PROTOCOL_ERROR, "paged results control value does not decode"))
                return
            offset = 0
            if cookie:
                if not cookie.startswith(COOKIE_PREFIX) or not cookie[len(COOKIE_PREFIX):].isdigit():
                    await self.reply(message_id, ldap_result(SEARCH_DONE, UNWILLING_TO_PERFORM, "paged results cookie is invalid"))
                    return
                offset = int(cookie[len(COOKIE_PREFIX):])
            if size <= 0:  # RFC 2696: size 0 abandons the paged search
                page, next_offset = [], len(found)
            else:
                page = found[offset:offset + size]
                next_offset = offset + len(page)
            next_cookie = COOKIE_PREFIX + str(next_offset).encode() if next_offset < len(found) else b""
            done_controls.append(paged_control(len(found), next_cookie))
            last_page = not next_cookie
        else:
            offset = 0
            page = found
            if request["size_limit"] and len(found) > request["size_limit"]:
                page = found[:request["size_limit"]]
                code, diagnostic = SIZE_LIMIT_EXCEEDED, ""
            last_page = True

        messages = []  # (number of the entry in this search or None for the done, op, controls)
        for number, (dn, attributes) in enumerate(page, start=offset + 1):
            chosen = select_attributes(attributes, request["attributes"], request["types_only"])
            entry_controls = []
            if options.scenario == "undecodable-entry" and number == options.at:
                self.log(f"op={message_id} -> undecodable-entry: entry {number} ({dn}) sent with {options.malformation}")
                op = malformed_entry(dn, chosen, options.malformation)
            elif options.scenario == "huge-value" and number == options.at:
                self.log(f"op={message_id} -> huge-value: entry {number} ({dn}) carries a {options.value_mib} MiB description")
                op = search_entry(dn, [a for a in chosen if a[0] != "description"] + [("description", [self.server.huge_value()])])
            else:
                op = search_entry(dn, chosen)
            if options.scenario == "unknown-control":
                entry_control = control(options.oid, False, b"fake-ldap entry control")
                if options.explicit_false:  # criticality FALSE spelled out (BER, not DER)
                    entry_control = ber_seq(ber_octets(options.oid), ber_bool(False), ber_octets(b"fake-ldap entry control"))
                entry_controls.append(entry_control)
            messages.append((number, op, entry_controls))
        if options.scenario == "unknown-control":
            done_controls.append(control(options.oid, True, b"fake-ldap result control"))
        done = ldap_result(SEARCH_DONE, code, diagnostic)
        messages.append((None, done, done_controls))

        reply_id = message_id
        if options.scenario == "out-of-order-ids":
            wrong = message_id + options.offset
            if options.mode == "wrong":
                self.log(f"op={message_id} -> out-of-order-ids: answering as message id {wrong}")
                reply_id = wrong
            else:
                self.log(f"op={message_id} -> out-of-order-ids: a SearchResultDone for id {wrong} first")
                await self.send(ldap_message(wrong, ldap_result(SEARCH_DONE, SUCCESS)))

        disrupting = options.scenario in ("truncated-message", "wrong-length", "stall")
        for number, op, op_controls in messages:
            is_last_done = number is None and last_page
            if disrupting and (number == options.after + 1 or (is_last_done and offset + len(page) <= options.after)):
                await self.disrupt(message_id, ldap_message(reply_id, op, op_controls), number)
                return
            await self.send(ldap_message(reply_id, op, op_controls))

    async def disrupt(self, message_id, data, number):
        options = self.options
        what = f"entry {number}" if number is not None else "the SearchResultDone"
        if options.scenario == "truncated-message":
            half = len(data) // 2
            self.log(f"op={message_id} -> truncated-message: {half} of the {len(data)} bytes of {what}, then {'RST' if options.reset else 'close'}")
            await self.send(data[:half])
            self.close(reset=options.reset)
            raise Stop("closed by the truncated-message scenario")
        if options.scenario == "wrong-length":
            body = strip_header(data)
            header = bytes([0x30]) + ber_length(len(body) + 100)
            self.log(f"op={message_id} -> wrong-length: {what} claims {len(body) + 100} bytes, {len(body)} sent; stalling")
            await self.send(header + body)
        else:
            self.log(f"op={message_id} -> stall: {options.after} entries sent, never answering again")
        self.silent = True


def strip_header(data):
    """The content of a TLV (its tag and length removed)."""
    first = data[1]
    return data[2 + (first & 0x7F if first & 0x80 else 0):]


def describe_control(item):
    oid, critical, value = item
    name = oid
    if oid == PAGED_OID and value is not None:
        try:
            inner = BERReader(BERReader(value).expect(0x30))
            size, cookie = decode_int(inner.expect(0x02)), inner.expect(0x04)
            name = f"pagedResults(size={size},cookie=\"{text(cookie)}\")"
        except BERError:
            name = "pagedResults(undecodable)"
    return name + (" critical" if critical else "")


def parse_search(op):
    reader = BERReader(op)
    request = {
        "base": text(reader.expect(0x04)),
        "scope": decode_int(reader.expect(0x0A)),
        "deref": decode_int(reader.expect(0x0A)),
        "size_limit": decode_int(reader.expect(0x02)),
        "time_limit": decode_int(reader.expect(0x02)),
        "types_only": reader.expect(0x01) != b"\x00",
    }
    request["filter"], request["filter_text"] = parse_filter(*reader.read())
    attributes = BERReader(reader.expect(0x30))
    request["attributes"] = []
    while not attributes.at_end():
        request["attributes"].append(text(attributes.expect(0x04)))
    return request


# --------------------------------------------------------------------------------------------

def parse_arguments(argv):
    parser = argparse.ArgumentParser(description="A small LDAPv3 server that misbehaves on purpose (loopback only).")
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free port; printed as READY <port>)")
    parser.add_argument("--scenario", required=True, choices=SCENARIOS)
    parser.add_argument("--entries", type=int, default=10, help="entries below dc=fake,dc=test (default 10)")
    parser.add_argument("--at", type=int, default=3, help="undecodable-entry, huge-value: which entry of a search (default 3)")
    parser.add_argument("--after", type=int, default=3, help="truncated-message, wrong-length, stall: entries sent first (default 3)")
    parser.add_argument("--malformation", default="set-overrun", choices=["set-overrun", "value-overrun", "value-tag", "list-overrun"])
    parser.add_argument("--reset", action="store_true", help="truncated-message: close with RST instead of FIN")
    parser.add_argument("--value-mib", type=int, default=64, help="huge-value: MiB of the value (default 64)")
    parser.add_argument("--oid", default="1.3.6.1.4.1.55555.1.42", help="unknown-control: the control's OID")
    parser.add_argument("--explicit-false", action="store_true", help="unknown-control: entries' control spells out criticality FALSE")
    parser.add_argument("--mode", default="wrong", choices=["wrong", "done-first"], help="out-of-order-ids")
    parser.add_argument("--offset", type=int, default=7, help="out-of-order-ids: added to the message id (default 7)")
    parser.add_argument("--code", type=int, help="bind-fails (default 49), starttls-refused (default 52): the result code")
    parser.add_argument("--diagnostic", help="bind-fails, starttls-refused: the diagnostic message")
    parser.add_argument("--trailing-nul", action="store_true", help="bind-fails: end the diagnostic with a NUL byte, as AD does")
    parser.add_argument("--allow-anonymous", action="store_true", help="bind-fails: anonymous binds succeed")
    parser.add_argument("--exit-with-parent", action="store_true", help="stop when the parent process changes")
    parser.add_argument("--parent-pid", type=int, default=0, help="stop when process PID is gone")
    options = parser.parse_args(argv)
    if options.scenario == "bind-fails":
        options.code = 49 if options.code is None else options.code
        if options.diagnostic is None:
            options.diagnostic = "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563"
    elif options.scenario == "starttls-refused":
        options.code = 52 if options.code is None else options.code
        if options.diagnostic is None:
            options.diagnostic = "StartTLS is not available: this server has no TLS configured"
    if options.entries < 0 or options.at < 1 or options.after < 0 or options.value_mib < 0 or not 0 <= options.port <= 65535:
        parser.error("--entries, --after and --value-mib must be >= 0, --at >= 1, --port 0..65535")
    return options


def process_exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def watch_parent(options, stopping):
    """Sets `stopping` once the --parent-pid process is gone or (--exit-with-parent) the parent changed."""
    parent = STARTING_PARENT
    while True:
        if options.parent_pid and not process_exists(options.parent_pid):
            log(f"process {options.parent_pid} (--parent-pid) is gone")
            break
        if options.exit_with_parent and os.getppid() != parent:
            log(f"parent {parent} is gone")
            break
        await asyncio.sleep(0.5)
    stopping.set()


async def main(argv):
    options = parse_arguments(argv)
    server = Server(options)
    listener = await asyncio.start_server(server.serve, "127.0.0.1", options.port, limit=MAX_REQUEST_BYTES)
    port = listener.sockets[0].getsockname()[1]
    details = " ".join(f"--{k.replace('_', '-')}={v}" for k, v in sorted(vars(options).items()) if k not in ("scenario", "port"))
    log(f"scenario {options.scenario} on 127.0.0.1:{port} ({details})")
    print(f"READY {port}", flush=True)

    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stopping.set)
    watcher = None
    if options.exit_with_parent or options.parent_pid:
        watcher = asyncio.create_task(watch_parent(options, stopping))
    await stopping.wait()
    log("stopping")
    listener.close()
    for task in list(server.tasks):
        task.cancel()
    await asyncio.gather(*server.tasks, return_exceptions=True)
    if watcher is not None:
        watcher.cancel()


if __name__ == "__main__":
    # A child inherits its parent's signal mask: one spawned from a Swift test (a libdispatch
    # worker thread blocks nearly every signal) would otherwise never see SIGTERM.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    try:
        asyncio.run(main(sys.argv[1:]))
    except BrokenPipeError:
        pass
