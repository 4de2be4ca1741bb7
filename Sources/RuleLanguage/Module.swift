// The sync rules' expression language (see docs/rules-functions.md).
