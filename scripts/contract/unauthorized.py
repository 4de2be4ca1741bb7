#!/usr/bin/env python3
"""Every operation of the admin API's contract answers 401 without the token.

  unauthorized.py BASE_URL DOCUMENT.json

For each path and method of the OpenAPI document (path parameters filled in), sends the
request three ways: with no Authorization header, with a wrong bearer token, and with an empty
one. Anything but 401 is a failure; prints one line per operation and exits 1 on a failure.
"""

import http.client
import json
import sys
import urllib.parse


def send(base, method, path, headers):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    body = b"{}" if method in ("POST", "PUT", "PATCH") else None
    headers = {**headers, "Content-Type": "application/json"} if body else headers
    connection.request(method, path, body=body, headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


def main():
    base, document_path = sys.argv[1], sys.argv[2]
    with open(document_path) as file:
        document = json.load(file)
    attempts = {"no token": {}, "wrong token": {"Authorization": "Bearer " + "0" * 64}, "empty": {"Authorization": "Bearer "}}
    failures = operations = 0
    for path, item in sorted(document["paths"].items()):
        concrete = path.replace("{name}", "contoso.com").replace("{id}", "1")
        for method in sorted(m.upper() for m in item if m in ("get", "post", "put", "patch", "delete")):
            operations += 1
            statuses = {what: send(base, method, concrete, headers) for what, headers in attempts.items()}
            wrong = {what: status for what, status in statuses.items() if status != 401}
            failures += bool(wrong)
            print(f"unauthorized: {method:6} {path:40} {'401' if not wrong else 'FAILED ' + str(wrong)}")
    print(f"unauthorized: {operations} operations, {operations - failures} answer 401 without the token")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
