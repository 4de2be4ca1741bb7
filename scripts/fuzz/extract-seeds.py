#!/usr/bin/env python3
"""Writes the fuzz seeds that come from ldapsync's own texts rather than from a server.

  scripts/fuzz/extract-seeds.py

  Fuzz/configuration/corpus/*  the starter `ldapsync init` writes, the README's example, the
                               demo's, and every configuration the tests write
  Fuzz/expression/corpus/*     every `expression ⇒ result` example of docs/rules-functions.md
                               and the flows of its configuration examples
  Fuzz/filter/corpus/repo-*    filter strings from the tests (those checked against slapd and
                               Samba among them)
  Fuzz/ldif/corpus/*           export plans (in the LDIF target's input encoding) made of the
                               awkward entries of ldif/source.ldif
  Fuzz/controls/corpus/rfc-*   values the test directories never send: RFC 3062's generated
                               password, the sync info choices slapd did not use, and Active
                               Directory's padded lengths (84 00 00 00 nn)

Seeds captured from the test directories come from capture-seeds.py.
"""

import base64
import glob
import os
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as file:
        return file.read()


def write(target, name, data):
    folder = os.path.join(ROOT, "Fuzz", target, "corpus")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as file:
        file.write(data if isinstance(data, bytes) else data.encode())


def swift_literals(text):
    """The multi-line string literals of a Swift file, indentation removed and `\\(x)`
    interpolations replaced by their expression's last name."""
    for match in re.finditer(r'"""\n(.*?)\n( *)"""', text, re.S):
        body, indent = match.group(1), match.group(2)
        lines = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in body.split("\n")]
        yield re.sub(r"\\\(([^()]*(\([^()]*\))?)\)", lambda m: m.group(1).split(".")[-1], "\n".join(lines))


def configurations():
    count = 0
    sources = [("starter", read("Sources/SyncEngine/Configuration/Configuration+Starter.swift"))]
    for name, text in sources:
        for literal in swift_literals(text):
            write("configuration", name, literal + "\n")
    for block in re.findall(r"```yaml\n(.*?)```", read("README.md"), re.S):
        if "connectors:" in block:
            write("configuration", f"readme-{count}", block)
            count += 1
    demo = re.search(r"<<YAML\n(.*?)\nYAML", read("scripts/demo.sh"), re.S)
    if demo:
        write("configuration", "demo", demo.group(1) + "\n")
    number = 0
    for path in sorted(glob.glob(os.path.join(ROOT, "Tests", "**", "*.swift"), recursive=True)):
        for literal in swift_literals(read(path)):
            if "connectors:" in literal or "rules:" in literal:
                write("configuration", f"test-{os.path.basename(path)[:-6]}-{number}", literal + "\n")
                number += 1


def expressions():
    text = read("docs/rules-functions.md")
    number = 0
    for line in text.split("\n"):
        if "⇒" in line and not line.startswith(("Examples", "|")):
            write("expression", f"doc-{number}", line.split("⇒")[0].strip())
            number += 1
    for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
        for value in re.findall(r":\s*'(.*)'\s*$", block, re.M):
            write("expression", f"doc-flow-{number}", value.replace("''", "'"))
            number += 1


def filters():
    seen = set()
    for path in sorted(glob.glob(os.path.join(ROOT, "Tests", "**", "*.swift"), recursive=True)):
        for literal in re.findall(r'"(\((?:[^"\\]|\\.)*\))"', read(path)):
            if "\\(" in literal.replace("\\\\", "") or literal.startswith("( "):
                continue  # interpolated, or a schema description
            seen.add(literal)
    for number, literal in enumerate(sorted(seen)[:120]):
        write("filter", f"repo-{number}", literal.replace("\\\\", "\\"))


class PlanEncoding:
    """The LDIF target's input (Fuzz/ldif/LDIFTarget.swift reads it with FuzzInput)."""

    KNOWN = ["cn", "objectClass", "member", "userCertificate;binary", "unicodePwd", "2.5.4.3", "description;lang-en", "jpegPhoto"]

    def __init__(self):
        self.bytes = bytearray()

    def chunk(self, value, limit):
        value = value[:limit]
        self.bytes += bytes([len(value)]) + value

    def name(self, name):
        if name in self.KNOWN:
            self.bytes.append(self.KNOWN.index(name))
        else:
            self.bytes.append(len(self.KNOWN))
            self.chunk(name.encode(), 24)

    def add(self, dn, attributes):
        self.chunk(dn, 64)
        self.bytes.append(0)
        self.bytes.append(min(len(attributes), 3))
        for name, values in attributes[:3]:
            self.name(name)
            self.bytes.append(min(len(values), 2))
            for value in values[:2]:
                self.chunk(value, 48)

    def modify(self, dn, changes):
        self.chunk(dn, 64)
        self.bytes.append(3)
        self.bytes.append(min(len(changes), 3))
        for kind, name, values in changes[:3]:
            self.bytes.append(kind)
            self.name(name)
            self.bytes.append(min(len(values), 2))
            for value in values[:2]:
                self.chunk(value, 48)

    def rename(self, dn, new_rdn, new_superior):
        self.chunk(dn, 64)
        self.bytes.append(2)
        self.bytes.append(1 if new_superior else 0)
        if new_superior:
            self.chunk(new_superior, 48)
        self.chunk(new_rdn, 32)
        self.bytes.append(1)

    def delete(self, dn):
        self.chunk(dn, 64)
        self.bytes.append(1)


def ldif_records(text):
    """(dn, [(name, value bytes)]) of each record of an LDIF file (base64 decoded, unfolded)."""
    for record in text.replace("\n ", "").split("\n\n"):
        lines = [line for line in record.split("\n") if line and not line.startswith("#")]
        pairs = []
        for line in lines:
            name, _, value = line.partition(":")
            pairs.append((name, base64.b64decode(value[1:].strip()) if value.startswith(":") else value.strip().encode()))
        if pairs and pairs[0][0] == "dn":
            yield pairs[0][1], pairs[1:]


def plans():
    records = list(ldif_records(read("ldif/source.ldif")))
    awkward = [r for r in records if any(c in r[0] for c in b'\\+#') or not r[0].isascii()]
    for number, (dn, pairs) in enumerate(awkward[:12]):
        attributes = {}
        for name, value in pairs:
            attributes.setdefault(name, []).append(value)
        encoding = PlanEncoding()
        encoding.add(dn, list(attributes.items()))
        values = [v for _, v in pairs]
        encoding.modify(dn, [(2, "cn", values[-1:]), (1, "member", []), (0, "description;lang-en", [b" leading space", b"trailing "])])
        encoding.rename(dn, dn.split(b",")[0], b"ou=moved," + dn.split(b",", 1)[-1])
        encoding.delete(dn)
        write("ldif", f"source-{number}", bytes(encoding.bytes))


def tlv(tag, content, padded=False):
    length = bytes([0x84]) + len(content).to_bytes(4, "big") if padded else bytes([len(content)])
    return bytes([tag]) + length + content


def rfc_values():
    """A selector byte (Fuzz/controls/ControlsTarget.swift) and a value built by the RFCs."""
    uuid = bytes(range(0xA0, 0xB0))
    cookie = b"rid=001,csn=20261206101500.000000Z#000000#000#000000"
    values = {
        "rfc-password-modify-generated": (5, tlv(0x30, tlv(0x80, b"Gen3rated!"))),
        "rfc-password-modify-empty": (5, tlv(0x30, b"")),
        "rfc-sync-info-new-cookie": (3, tlv(0x80, cookie)),
        "rfc-sync-info-refresh-present": (3, tlv(0xA2, tlv(0x04, cookie) + tlv(0x01, b"\x00"))),
        "rfc-sync-info-id-set": (3, tlv(0xA3, tlv(0x04, cookie) + tlv(0x01, b"\xff") + tlv(0x31, tlv(0x04, uuid) * 2))),
        "rfc-sync-state-delete": (1, tlv(0x30, tlv(0x0A, b"\x03") + tlv(0x04, uuid) + tlv(0x04, cookie))),
        "rfc-sync-done-refresh-deletes": (2, tlv(0x30, tlv(0x04, cookie) + tlv(0x01, b"\xff"))),
        "ad-paged-padded-lengths": (0, tlv(0x30, tlv(0x02, b"\x00", True) + tlv(0x04, b"\x01\x00\x00\x00", True), True)),
        "ad-dirsync-padded-lengths": (4, tlv(0x30, tlv(0x02, b"\x01") + tlv(0x02, b"\x00") + tlv(0x04, b"MSDS" + uuid, True), True)),
    }
    for name, (selector, value) in values.items():
        write("controls", name, bytes([selector]) + value)


# What this script writes (it rewrites all of it, so a seed renumbered by a new test does not
# linger under its old name); the rest of those folders comes from capture-seeds.py.
OWN = ["configuration/corpus/*", "expression/corpus/*", "filter/corpus/repo-*", "ldif/corpus/source-*",
       "controls/corpus/rfc-*", "controls/corpus/ad-*"]


def main():
    for pattern in OWN:
        for path in glob.glob(os.path.join(ROOT, "Fuzz", pattern)):
            os.remove(path)
    rfc_values()
    configurations()
    expressions()
    filters()
    plans()
    for target in ("configuration", "expression", "filter", "ldif", "controls"):
        print(f"extract-seeds: {len(os.listdir(os.path.join(ROOT, 'Fuzz', target, 'corpus'))):4d} files for {target}")


if __name__ == "__main__":
    main()
