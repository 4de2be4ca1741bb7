/// The admin API's contract (OpenAPI 3.0), served at `GET /api/openapi.json`. Every route of
/// `AdminServer+Routes.swift` is here, with the schemas of what it takes and answers; the
/// contract tests (Schemathesis, `make test`) hold the service to it.
enum OpenAPI {
    static let document = #"""
        {
         "components": {
          "schemas": {
           "Accepted": {
            "properties": {
             "accepted": {
              "type": "boolean"
             }
            },
            "required": [
             "accepted"
            ],
            "type": "object"
           },
           "AdminCredentials": {
            "properties": {
             "dn": {
              "minLength": 1,
              "type": "string"
             },
             "password": {
              "minLength": 1,
              "type": "string"
             }
            },
            "required": [
             "dn",
             "password"
            ],
            "type": "object"
           },
           "ConnectionTest": {
            "properties": {
             "boundAs": {
              "type": "string"
             },
             "connector": {
              "type": "string"
             },
             "message": {
              "type": "string"
             },
             "objectsPerContainer": {
              "additionalProperties": {
               "type": "integer"
              },
              "type": "object"
             },
             "schema": {
              "type": "string"
             },
             "uri": {
              "type": "string"
             },
             "warning": {
              "nullable": true,
              "type": "string"
             }
            },
            "required": [
             "connector",
             "uri",
             "boundAs",
             "objectsPerContainer",
             "schema",
             "message"
            ],
            "type": "object"
           },
           "ConnectorSpaceView": {
            "properties": {
             "anchor": {
              "nullable": true,
              "type": "string"
             },
             "attributes": {
              "additionalProperties": {
               "items": {
                "type": "string"
               },
               "type": "array"
              },
              "type": "object"
             },
             "connector": {
              "type": "string"
             },
             "desiredAttributes": {
              "additionalProperties": {
               "items": {
                "type": "string"
               },
               "type": "array"
              },
              "nullable": true,
              "type": "object"
             },
             "desiredDN": {
              "nullable": true,
              "type": "string"
             },
             "dn": {
              "type": "string"
             },
             "exportError": {
              "nullable": true,
              "type": "string"
             },
             "exportUnconfirmed": {
              "type": "boolean"
             },
             "id": {
              "type": "integer"
             },
             "metaverseID": {
              "nullable": true,
              "type": "integer"
             },
             "objectType": {
              "type": "string"
             },
             "pendingExport": {
              "type": "string"
             },
             "pendingImport": {
              "type": "string"
             }
            },
            "required": [
             "id",
             "connector",
             "dn",
             "objectType",
             "pendingImport",
             "pendingExport",
             "exportUnconfirmed",
             "attributes"
            ],
            "type": "object"
           },
           "ConnectorSummary": {
            "properties": {
             "baseDN": {
              "type": "string"
             },
             "bindDN": {
              "type": "string"
             },
             "connectorSpaceObjects": {
              "type": "integer"
             },
             "containers": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "flavor": {
              "type": "string"
             },
             "lastAcceptedAt": {
              "format": "date-time",
              "nullable": true,
              "type": "string"
             },
             "name": {
              "type": "string"
             },
             "passwordGeneration": {
              "nullable": true,
              "type": "integer"
             },
             "passwordSet": {
              "type": "boolean"
             },
             "passwordSetAt": {
              "format": "date-time",
              "nullable": true,
              "type": "string"
             },
             "pendingExports": {
              "additionalProperties": {
               "type": "integer"
              },
              "type": "object"
             },
             "rejected": {
              "type": "boolean"
             },
             "rejectionReason": {
              "nullable": true,
              "type": "string"
             },
             "role": {
              "type": "string"
             },
             "tls": {
              "type": "string"
             },
             "uri": {
              "type": "string"
             },
             "warning": {
              "nullable": true,
              "type": "string"
             }
            },
            "required": [
             "name",
             "flavor",
             "role",
             "uri",
             "tls",
             "bindDN",
             "baseDN",
             "containers",
             "passwordSet",
             "rejected",
             "connectorSpaceObjects",
             "pendingExports"
            ],
            "type": "object"
           },
           "Empty": {
            "type": "object"
           },
           "Error": {
            "properties": {
             "kind": {
              "description": "invalid, not-found, conflict, credentials-refused, unreachable or failed",
              "type": "string"
             },
             "message": {
              "type": "string"
             }
            },
            "required": [
             "kind",
             "message"
            ],
            "type": "object"
           },
           "EventRecord": {
            "properties": {
             "connector": {
              "nullable": true,
              "type": "string"
             },
             "details": {
              "additionalProperties": {
               "type": "string"
              },
              "type": "object"
             },
             "id": {
              "type": "integer"
             },
             "level": {
              "enum": [
               "information",
               "warning",
               "error"
              ],
              "type": "string"
             },
             "message": {
              "type": "string"
             },
             "runID": {
              "nullable": true,
              "type": "integer"
             },
             "sequence": {
              "type": "integer"
             },
             "time": {
              "format": "date-time",
              "type": "string"
             }
            },
            "required": [
             "sequence",
             "id",
             "level",
             "time",
             "message",
             "details"
            ],
            "type": "object"
           },
           "ExportPreview": {
            "properties": {
             "connector": {
              "type": "string"
             },
             "count": {
              "type": "integer"
             },
             "guards": {
              "$ref": "#/components/schemas/GuardReport"
             },
             "ldif": {
              "type": "string"
             },
             "unplannable": {
              "items": {
               "$ref": "#/components/schemas/RunObjectError"
              },
              "type": "array"
             }
            },
            "required": [
             "connector",
             "ldif",
             "count",
             "unplannable",
             "guards"
            ],
            "type": "object"
           },
           "FlushAnswer": {
            "properties": {
             "closed": {
              "type": "integer"
             }
            },
            "required": [
             "closed"
            ],
            "type": "object"
           },
           "GuardReport": {
            "properties": {
             "exports": {
              "items": {
               "properties": {
                "connector": {
                 "type": "string"
                },
                "count": {
                 "type": "integer"
                },
                "deletes": {
                 "type": "integer"
                },
                "exceeded": {
                 "nullable": true,
                 "type": "string"
                },
                "percent": {
                 "type": "integer"
                },
                "synced": {
                 "type": "integer"
                }
               },
               "required": [
                "connector",
                "deletes",
                "synced",
                "count",
                "percent"
               ],
               "type": "object"
              },
              "type": "array"
             },
             "imports": {
              "items": {
               "properties": {
                "connector": {
                 "type": "string"
                },
                "message": {
                 "nullable": true,
                 "type": "string"
                },
                "trippedAt": {
                 "format": "date-time",
                 "nullable": true,
                 "type": "string"
                }
               },
               "required": [
                "connector"
               ],
               "type": "object"
              },
              "type": "array"
             }
            },
            "required": [
             "exports",
             "imports"
            ],
            "type": "object"
           },
           "MetaverseView": {
            "properties": {
             "attributes": {
              "additionalProperties": {
               "items": {
                "type": "string"
               },
               "type": "array"
              },
              "type": "object"
             },
             "id": {
              "type": "integer"
             },
             "links": {
              "items": {
               "properties": {
                "connector": {
                 "type": "string"
                },
                "dn": {
                 "type": "string"
                },
                "pendingExport": {
                 "type": "string"
                }
               },
               "required": [
                "connector",
                "dn",
                "pendingExport"
               ],
               "type": "object"
              },
              "type": "array"
             },
             "objectType": {
              "type": "string"
             },
             "references": {
              "additionalProperties": {
               "items": {
                "type": "integer"
               },
               "type": "array"
              },
              "type": "object"
             }
            },
            "required": [
             "id",
             "objectType",
             "attributes",
             "references",
             "links"
            ],
            "type": "object"
           },
           "NoOptions": {
            "additionalProperties": false,
            "description": "This action takes no options: an empty object (the request still says Content-Type: application/json)",
            "type": "object"
           },
           "ObjectExplanation": {
            "properties": {
             "anchor": {
              "nullable": true,
              "type": "string"
             },
             "connector": {
              "type": "string"
             },
             "dn": {
              "type": "string"
             },
             "found": {
              "type": "boolean"
             },
             "history": {
              "items": {
               "properties": {
                "at": {
                 "nullable": true,
                 "type": "string"
                },
                "connector": {
                 "type": "string"
                },
                "dn": {
                 "type": "string"
                },
                "runID": {
                 "type": "integer"
                },
                "what": {
                 "type": "string"
                }
               },
               "required": [
                "runID",
                "connector",
                "dn",
                "what"
               ],
               "type": "object"
              },
              "type": "array"
             },
             "inbound": {
              "items": {
               "properties": {
                "applies": {
                 "type": "boolean"
                },
                "builtIn": {
                 "type": "boolean"
                },
                "error": {
                 "nullable": true,
                 "type": "string"
                },
                "flows": {
                 "items": {
                  "$ref": "#/components/schemas/RuleTestValue"
                 },
                 "type": "array"
                },
                "inScope": {
                 "type": "boolean"
                },
                "join": {
                 "nullable": true,
                 "type": "string"
                },
                "rule": {
                 "type": "string"
                }
               },
               "required": [
                "rule",
                "builtIn",
                "inScope",
                "applies",
                "flows"
               ],
               "type": "object"
              },
              "type": "array"
             },
             "metaverseID": {
              "nullable": true,
              "type": "integer"
             },
             "objectType": {
              "nullable": true,
              "type": "string"
             },
             "origins": {
              "items": {
               "properties": {
                "attribute": {
                 "type": "string"
                },
                "connector": {
                 "type": "string"
                },
                "expression": {
                 "type": "string"
                },
                "lost": {
                 "items": {
                  "properties": {
                   "connector": {
                    "type": "string"
                   },
                   "precedence": {
                    "type": "integer"
                   },
                   "rule": {
                    "type": "string"
                   },
                   "values": {
                    "items": {
                     "type": "string"
                    },
                    "type": "array"
                   }
                  },
                  "required": [
                   "connector",
                   "rule",
                   "precedence",
                   "values"
                  ],
                  "type": "object"
                 },
                 "type": "array"
                },
                "precedence": {
                 "type": "integer"
                },
                "rule": {
                 "type": "string"
                },
                "values": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array"
                }
               },
               "required": [
                "attribute",
                "values",
                "connector",
                "rule",
                "expression",
                "precedence",
                "lost"
               ],
               "type": "object"
              },
              "type": "array"
             },
             "outbound": {
              "items": {
               "properties": {
                "currentDN": {
                 "nullable": true,
                 "type": "string"
                },
                "dn": {
                 "nullable": true,
                 "type": "string"
                },
                "guardStop": {
                 "nullable": true,
                 "type": "string"
                },
                "ldif": {
                 "nullable": true,
                 "type": "string"
                },
                "note": {
                 "nullable": true,
                 "type": "string"
                },
                "pendingExport": {
                 "nullable": true,
                 "type": "string"
                },
                "rule": {
                 "nullable": true,
                 "type": "string"
                },
                "scopes": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array"
                },
                "target": {
                 "type": "string"
                }
               },
               "required": [
                "target",
                "scopes"
               ],
               "type": "object"
              },
              "type": "array"
             },
             "references": {
              "additionalProperties": {
               "type": "integer"
              },
              "type": "object"
             },
             "types": {
              "items": {
               "properties": {
                "filter": {
                 "type": "string"
                },
                "matches": {
                 "type": "boolean"
                },
                "type": {
                 "type": "string"
                }
               },
               "required": [
                "type",
                "filter",
                "matches"
               ],
               "type": "object"
              },
              "type": "array"
             },
             "verdict": {
              "type": "string"
             }
            },
            "required": [
             "connector",
             "dn",
             "found",
             "verdict",
             "types",
             "inbound",
             "origins",
             "references",
             "outbound",
             "history"
            ],
            "type": "object"
           },
           "PasswordChange": {
            "properties": {
             "connector": {
              "type": "string"
             },
             "flushed": {
              "type": "integer"
             },
             "generation": {
              "type": "integer"
             },
             "message": {
              "type": "string"
             },
             "verified": {
              "type": "boolean"
             }
            },
            "required": [
             "connector",
             "generation",
             "verified",
             "flushed",
             "message"
            ],
            "type": "object"
           },
           "PasswordRequest": {
            "properties": {
             "actor": {
              "nullable": true,
              "type": "string"
             },
             "password": {
              "minLength": 1,
              "type": "string"
             },
             "verify": {
              "nullable": true,
              "type": "boolean"
             }
            },
            "required": [
             "password"
            ],
            "type": "object"
           },
           "RealtimeSource": {
            "properties": {
             "batches": {
              "type": "integer"
             },
             "connector": {
              "type": "string"
             },
             "lastLagSeconds": {
              "nullable": true,
              "type": "number"
             },
             "p50Seconds": {
              "nullable": true,
              "type": "number"
             },
             "p99Seconds": {
              "nullable": true,
              "type": "number"
             },
             "watch": {
              "enum": [
               "connecting",
               "persisting",
               "polling",
               "down",
               "credentials"
              ],
              "type": "string"
             }
            },
            "required": [
             "connector",
             "watch",
             "batches"
            ],
            "type": "object"
           },
           "RealtimeView": {
            "properties": {
             "batches": {
              "type": "integer"
             },
             "sources": {
              "items": {
               "$ref": "#/components/schemas/RealtimeSource"
              },
              "type": "array"
             }
            },
            "required": [
             "batches",
             "sources"
            ],
            "type": "object"
           },
           "ResetReport": {
            "properties": {
             "account": {
              "type": "string"
             },
             "connector": {
              "type": "string"
             },
             "finishedInterrupted": {
              "type": "boolean"
             },
             "flushed": {
              "type": "integer"
             },
             "generation": {
              "type": "integer"
             },
             "message": {
              "type": "string"
             },
             "verificationFailure": {
              "nullable": true,
              "type": "string"
             }
            },
            "required": [
             "connector",
             "account",
             "finishedInterrupted",
             "generation",
             "flushed",
             "message"
            ],
            "type": "object"
           },
           "ResetRequest": {
            "properties": {
             "actor": {
              "nullable": true,
              "type": "string"
             },
             "admin": {
              "$ref": "#/components/schemas/AdminCredentials"
             }
            },
            "required": [
             "admin"
            ],
            "type": "object"
           },
           "RuleCheckReport": {
            "properties": {
             "findings": {
              "items": {
               "$ref": "#/components/schemas/RuleFinding"
              },
              "type": "array"
             },
             "rules": {
              "type": "integer"
             }
            },
            "required": [
             "rules",
             "findings"
            ],
            "type": "object"
           },
           "RuleFinding": {
            "properties": {
             "column": {
              "nullable": true,
              "type": "integer"
             },
             "file": {
              "type": "string"
             },
             "line": {
              "nullable": true,
              "type": "integer"
             },
             "message": {
              "type": "string"
             },
             "rule": {
              "nullable": true,
              "type": "string"
             },
             "severity": {
              "enum": [
               "error",
               "warning"
              ],
              "type": "string"
             }
            },
            "required": [
             "severity",
             "file",
             "message"
            ],
            "type": "object"
           },
           "RuleTestReport": {
            "properties": {
             "connector": {
              "type": "string"
             },
             "dn": {
              "type": "string"
             },
             "inbound": {
              "items": {
               "properties": {
                "applies": {
                 "type": "boolean"
                },
                "builtIn": {
                 "type": "boolean"
                },
                "error": {
                 "nullable": true,
                 "type": "string"
                },
                "flows": {
                 "items": {
                  "$ref": "#/components/schemas/RuleTestValue"
                 },
                 "type": "array"
                },
                "inScope": {
                 "type": "boolean"
                },
                "join": {
                 "nullable": true,
                 "type": "string"
                },
                "rule": {
                 "type": "string"
                }
               },
               "required": [
                "rule",
                "builtIn",
                "inScope",
                "applies",
                "flows"
               ],
               "type": "object"
              },
              "type": "array"
             },
             "metaverse": {
              "items": {
               "$ref": "#/components/schemas/RuleTestValue"
              },
              "type": "array"
             },
             "metaverseID": {
              "nullable": true,
              "type": "integer"
             },
             "objectType": {
              "type": "string"
             },
             "outbound": {
              "items": {
               "properties": {
                "attributes": {
                 "items": {
                  "$ref": "#/components/schemas/RuleTestValue"
                 },
                 "type": "array"
                },
                "currentDN": {
                 "nullable": true,
                 "type": "string"
                },
                "dn": {
                 "nullable": true,
                 "type": "string"
                },
                "note": {
                 "nullable": true,
                 "type": "string"
                },
                "rule": {
                 "nullable": true,
                 "type": "string"
                },
                "target": {
                 "type": "string"
                }
               },
               "required": [
                "target",
                "attributes"
               ],
               "type": "object"
              },
              "type": "array"
             }
            },
            "required": [
             "connector",
             "dn",
             "objectType",
             "inbound",
             "metaverse",
             "outbound"
            ],
            "type": "object"
           },
           "RuleTestValue": {
            "properties": {
             "attribute": {
              "type": "string"
             },
             "note": {
              "nullable": true,
              "type": "string"
             },
             "values": {
              "items": {
               "type": "string"
              },
              "type": "array"
             }
            },
            "required": [
             "attribute",
             "values"
            ],
            "type": "object"
           },
           "RulesView": {
            "properties": {
             "rules": {
              "items": {
               "properties": {
                "builtIn": {
                 "type": "boolean"
                },
                "connector": {
                 "type": "string"
                },
                "direction": {
                 "enum": [
                  "inbound",
                  "outbound"
                 ],
                 "type": "string"
                },
                "name": {
                 "type": "string"
                },
                "objectType": {
                 "type": "string"
                }
               },
               "required": [
                "name",
                "connector",
                "direction",
                "objectType",
                "builtIn"
               ],
               "type": "object"
              },
              "type": "array"
             },
             "yaml": {
              "type": "string"
             }
            },
            "required": [
             "rules",
             "yaml"
            ],
            "type": "object"
           },
           "RunCounters": {
            "properties": {
             "adds": {
              "type": "integer"
             },
             "deletes": {
              "type": "integer"
             },
             "deprovisions": {
              "type": "integer"
             },
             "droppedReferences": {
              "type": "integer"
             },
             "errors": {
              "type": "integer"
             },
             "joins": {
              "type": "integer"
             },
             "projections": {
              "type": "integer"
             },
             "provisions": {
              "type": "integer"
             },
             "renames": {
              "type": "integer"
             },
             "unchanged": {
              "type": "integer"
             },
             "updates": {
              "type": "integer"
             }
            },
            "type": "object"
           },
           "RunObjectError": {
            "properties": {
             "dn": {
              "type": "string"
             },
             "message": {
              "type": "string"
             },
             "operation": {
              "type": "string"
             },
             "resultCode": {
              "nullable": true,
              "type": "integer"
             }
            },
            "required": [
             "dn",
             "operation",
             "message"
            ],
            "type": "object"
           },
           "RunObjectResult": {
            "properties": {
             "dn": {
              "type": "string"
             },
             "message": {
              "nullable": true,
              "type": "string"
             },
             "outcome": {
              "enum": [
               "applied",
               "failed",
               "waiting"
              ],
              "type": "string"
             },
             "resultCode": {
              "nullable": true,
              "type": "integer"
             },
             "targetDN": {
              "nullable": true,
              "type": "string"
             }
            },
            "required": [
             "dn",
             "outcome"
            ],
            "type": "object"
           },
           "RunOptions": {
            "additionalProperties": false,
            "properties": {
             "acceptDeletes": {
              "nullable": true,
              "type": "boolean"
             }
            },
            "type": "object"
           },
           "RunRecord": {
            "properties": {
             "connector": {
              "type": "string"
             },
             "counters": {
              "$ref": "#/components/schemas/RunCounters"
             },
             "endedAt": {
              "format": "date-time",
              "nullable": true,
              "type": "string"
             },
             "errors": {
              "items": {
               "$ref": "#/components/schemas/RunObjectError"
              },
              "type": "array"
             },
             "id": {
              "type": "integer"
             },
             "message": {
              "nullable": true,
              "type": "string"
             },
             "profile": {
              "type": "string"
             },
             "results": {
              "items": {
               "$ref": "#/components/schemas/RunObjectResult"
              },
              "type": "array"
             },
             "startedAt": {
              "format": "date-time",
              "type": "string"
             },
             "status": {
              "type": "string"
             }
            },
            "required": [
             "id",
             "connector",
             "profile",
             "startedAt",
             "status",
             "counters",
             "errors"
            ],
            "type": "object"
           },
           "RunRequest": {
            "properties": {
             "connector": {
              "minLength": 1,
              "type": "string"
             },
             "options": {
              "allOf": [
               {
                "$ref": "#/components/schemas/RunOptions"
               }
              ],
              "nullable": true
             },
             "profile": {
              "enum": [
               "full-import",
               "delta-import",
               "full-sync",
               "delta-sync",
               "export",
               "password-sync"
              ],
              "type": "string"
             }
            },
            "required": [
             "connector",
             "profile"
            ],
            "type": "object"
           },
           "RunWrite": {
            "properties": {
             "changed": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "dn": {
              "type": "string"
             },
             "newDN": {
              "nullable": true,
              "type": "string"
             },
             "operation": {
              "enum": [
               "add",
               "modify",
               "rename",
               "delete"
              ],
              "type": "string"
             },
             "sequence": {
              "type": "integer"
             }
            },
            "required": [
             "sequence",
             "operation",
             "dn",
             "changed"
            ],
            "type": "object"
           },
           "SchedulerChange": {
            "additionalProperties": false,
            "properties": {
             "enabled": {
              "nullable": true,
              "type": "boolean"
             },
             "intervalSeconds": {
              "format": "int64",
              "maximum": 3153600000,
              "minimum": 1,
              "nullable": true,
              "type": "integer"
             }
            },
            "type": "object"
           },
           "SchedulerReport": {
            "properties": {
             "enabled": {
              "type": "boolean"
             },
             "enabledOverridden": {
              "type": "boolean"
             },
             "interval": {
              "type": "string"
             },
             "intervalOverridden": {
              "type": "boolean"
             },
             "lastCycleAt": {
              "format": "date-time",
              "nullable": true,
              "type": "string"
             },
             "lastFullCycleAt": {
              "format": "date-time",
              "nullable": true,
              "type": "string"
             },
             "nextCycle": {
              "enum": [
               "full",
               "delta"
              ],
              "type": "string"
             },
             "nextCycleAt": {
              "format": "date-time",
              "nullable": true,
              "type": "string"
             },
             "reason": {
              "type": "string"
             }
            },
            "required": [
             "enabled",
             "enabledOverridden",
             "interval",
             "intervalOverridden",
             "nextCycle",
             "reason"
            ],
            "type": "object"
           },
           "SchemaView": {
            "properties": {
             "attributeTypes": {
              "items": {
               "properties": {
                "binary": {
                 "type": "boolean"
                },
                "name": {
                 "type": "string"
                },
                "operational": {
                 "type": "boolean"
                },
                "reference": {
                 "type": "boolean"
                },
                "singleValued": {
                 "type": "boolean"
                },
                "syntax": {
                 "type": "string"
                }
               },
               "required": [
                "name",
                "syntax",
                "singleValued",
                "reference",
                "operational",
                "binary"
               ],
               "type": "object"
              },
              "type": "array"
             },
             "connector": {
              "type": "string"
             },
             "objectClasses": {
              "items": {
               "properties": {
                "kind": {
                 "type": "string"
                },
                "may": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array"
                },
                "must": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array"
                },
                "name": {
                 "type": "string"
                },
                "superclasses": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array"
                }
               },
               "required": [
                "name",
                "kind",
                "superclasses",
                "must",
                "may"
               ],
               "type": "object"
              },
              "type": "array"
             }
            },
            "required": [
             "connector",
             "objectClasses",
             "attributeTypes"
            ],
            "type": "object"
           },
           "SimulateRequest": {
            "properties": {
             "candidate": {
              "description": "the candidate configuration as YAML; absent: the service's own",
              "nullable": true,
              "type": "string"
             },
             "ldif": {
              "nullable": true,
              "type": "boolean"
             }
            },
            "type": "object"
           },
           "SimulationChange": {
            "properties": {
             "candidate": {
              "type": "string"
             },
             "current": {
              "type": "string"
             },
             "dn": {
              "type": "string"
             }
            },
            "required": [
             "dn",
             "candidate",
             "current"
            ],
            "type": "object"
           },
           "SimulationCounts": {
            "properties": {
             "adds": {
              "type": "integer"
             },
             "deletes": {
              "type": "integer"
             },
             "renames": {
              "type": "integer"
             },
             "updates": {
              "type": "integer"
             }
            },
            "required": [
             "adds",
             "updates",
             "renames",
             "deletes"
            ],
            "type": "object"
           },
           "SimulationReport": {
            "properties": {
             "candidateFile": {
              "type": "string"
             },
             "errors": {
              "items": {
               "$ref": "#/components/schemas/RunObjectError"
              },
              "type": "array"
             },
             "targets": {
              "items": {
               "$ref": "#/components/schemas/SimulationTarget"
              },
              "type": "array"
             }
            },
            "required": [
             "candidateFile",
             "targets",
             "errors"
            ],
            "type": "object"
           },
           "SimulationTarget": {
            "properties": {
             "candidate": {
              "$ref": "#/components/schemas/SimulationCounts"
             },
             "changes": {
              "items": {
               "$ref": "#/components/schemas/SimulationChange"
              },
              "type": "array"
             },
             "connector": {
              "type": "string"
             },
             "current": {
              "$ref": "#/components/schemas/SimulationCounts"
             },
             "guardStop": {
              "nullable": true,
              "type": "string"
             },
             "ldif": {
              "nullable": true,
              "type": "string"
             }
            },
            "required": [
             "connector",
             "candidate",
             "current",
             "changes"
            ],
            "type": "object"
           },
           "UndoCounts": {
            "properties": {
             "readds": {
              "type": "integer"
             },
             "removals": {
              "type": "integer"
             },
             "renames": {
              "type": "integer"
             },
             "reverts": {
              "type": "integer"
             }
            },
            "required": [
             "readds",
             "reverts",
             "renames",
             "removals"
            ],
            "type": "object"
           },
           "UndoReport": {
            "properties": {
             "applied": {
              "allOf": [
               {
                "$ref": "#/components/schemas/RunRecord"
               }
              ],
              "nullable": true
             },
             "confirmed": {
              "allOf": [
               {
                "$ref": "#/components/schemas/RunRecord"
               }
              ],
              "nullable": true
             },
             "connector": {
              "type": "string"
             },
             "counts": {
              "$ref": "#/components/schemas/UndoCounts"
             },
             "ldif": {
              "type": "string"
             },
             "notes": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "released": {
              "nullable": true,
              "type": "integer"
             },
             "runID": {
              "type": "integer"
             }
            },
            "required": [
             "runID",
             "connector",
             "counts",
             "ldif",
             "notes"
            ],
            "type": "object"
           },
           "UndoRequest": {
            "properties": {
             "action": {
              "enum": [
               "preview",
               "apply",
               "release"
              ],
              "type": "string"
             },
             "options": {
              "allOf": [
               {
                "$ref": "#/components/schemas/RunOptions"
               }
              ],
              "nullable": true
             }
            },
            "required": [
             "action"
            ],
            "type": "object"
           }
          },
          "securitySchemes": {
           "token": {
            "scheme": "bearer",
            "type": "http"
           }
          }
         },
         "info": {
          "description": "Every route needs Authorization: Bearer <state/admin.token>. State-changing requests need Content-Type: application/json. The web console (GET /) and Prometheus metrics (GET /metrics) are the only routes without the token.",
          "title": "ldapsync admin API",
          "version": "1"
         },
         "openapi": "3.0.3",
         "paths": {
          "/api/connectors": {
           "get": {
            "operationId": "listConnectors",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "items": {
                  "$ref": "#/components/schemas/ConnectorSummary"
                 },
                 "type": "array"
                }
               }
              },
              "description": "OK"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             }
            },
            "summary": "Connectors and their password state (never a password)"
           }
          },
          "/api/connectors/{name}/object": {
           "get": {
            "operationId": "getConnectorSpaceObject",
            "parameters": [
             {
              "in": "path",
              "name": "name",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "description": "the object: dn=DN or anchor=ANCHOR (exactly one)",
              "explode": true,
              "in": "query",
              "name": "object",
              "required": true,
              "schema": {
               "oneOf": [
                {
                 "additionalProperties": false,
                 "properties": {
                  "dn": {
                   "minLength": 1,
                   "type": "string"
                  }
                 },
                 "required": [
                  "dn"
                 ],
                 "type": "object"
                },
                {
                 "additionalProperties": false,
                 "properties": {
                  "anchor": {
                   "minLength": 1,
                   "type": "string"
                  }
                 },
                 "required": [
                  "anchor"
                 ],
                 "type": "object"
                }
               ]
              },
              "style": "form"
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ConnectorSpaceView"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "One connector space object, by DN or anchor"
           }
          },
          "/api/connectors/{name}/password": {
           "post": {
            "operationId": "setPassword",
            "parameters": [
             {
              "in": "path",
              "name": "name",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/PasswordRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/PasswordChange"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "415": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the request does not say Content-Type: application/json"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "Verify, store and flush a connector's password"
           }
          },
          "/api/connectors/{name}/preview": {
           "get": {
            "operationId": "exportPreview",
            "parameters": [
             {
              "in": "path",
              "name": "name",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ExportPreview"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "409": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the connector is a source: only targets have exports"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "Pending exports as the exporter writes them (LDIF) and the guards"
           }
          },
          "/api/connectors/{name}/reset": {
           "post": {
            "operationId": "resetServiceAccount",
            "parameters": [
             {
              "in": "path",
              "name": "name",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/ResetRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ResetReport"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "415": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the request does not say Content-Type: application/json"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "Reset the connector's service account (or finish an interrupted reset)"
           }
          },
          "/api/connectors/{name}/retry": {
           "post": {
            "operationId": "retryCredentials",
            "parameters": [
             {
              "in": "path",
              "name": "name",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/NoOptions"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Empty"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "415": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the request does not say Content-Type: application/json"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "Allow one more bind with a rejected password"
           }
          },
          "/api/connectors/{name}/schema": {
           "get": {
            "operationId": "connectorSchema",
            "parameters": [
             {
              "in": "path",
              "name": "name",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/SchemaView"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "no such connector, or no schema read yet"
             }
            },
            "summary": "The schema last read from the connector's directory"
           }
          },
          "/api/connectors/{name}/test": {
           "post": {
            "operationId": "testConnection",
            "parameters": [
             {
              "in": "path",
              "name": "name",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/NoOptions"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ConnectionTest"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "415": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the request does not say Content-Type: application/json"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "Bind with the stored password and count objects in scope"
           }
          },
          "/api/cs/{name}": {
           "get": {
            "operationId": "searchConnectorSpace",
            "parameters": [
             {
              "in": "path",
              "name": "name",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "in": "query",
              "name": "attribute",
              "required": true,
              "schema": {
               "minLength": 1,
               "type": "string"
              }
             },
             {
              "in": "query",
              "name": "value",
              "required": true,
              "schema": {
               "minLength": 1,
               "type": "string"
              }
             },
             {
              "in": "query",
              "name": "limit",
              "required": false,
              "schema": {
               "format": "int64",
               "maximum": 1000,
               "minimum": 1,
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "items": {
                  "$ref": "#/components/schemas/ConnectorSpaceView"
                 },
                 "type": "array"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "Search a connector space (attribute equals value)"
           }
          },
          "/api/cycle": {
           "post": {
            "operationId": "requestCycle",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/NoOptions"
               }
              }
             },
             "required": true
            },
            "responses": {
             "202": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Accepted"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "415": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the request does not say Content-Type: application/json"
             }
            },
            "summary": "Ask the scheduler for a sync cycle now"
           }
          },
          "/api/cycles": {
           "post": {
            "operationId": "runCycle",
            "parameters": [
             {
              "in": "query",
              "name": "initial",
              "required": false,
              "schema": {
               "type": "boolean"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/RunOptions"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "items": {
                  "$ref": "#/components/schemas/RunRecord"
                 },
                 "type": "array"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "415": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the request does not say Content-Type: application/json"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "Run a sync cycle (waits for it)"
           }
          },
          "/api/events": {
           "get": {
            "operationId": "listEvents",
            "parameters": [
             {
              "in": "query",
              "name": "id",
              "required": false,
              "schema": {
               "format": "int64",
               "type": "integer"
              }
             },
             {
              "in": "query",
              "name": "connector",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "in": "query",
              "name": "level",
              "required": false,
              "schema": {
               "enum": [
                "information",
                "warning",
                "error"
               ],
               "type": "string"
              }
             },
             {
              "in": "query",
              "name": "last",
              "required": false,
              "schema": {
               "format": "int64",
               "maximum": 10000,
               "minimum": 1,
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "items": {
                  "$ref": "#/components/schemas/EventRecord"
                 },
                 "type": "array"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "The event log"
           }
          },
          "/api/explain": {
           "get": {
            "operationId": "explain",
            "parameters": [
             {
              "in": "query",
              "name": "connector",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "description": "the object: dn=DN or anchor=ANCHOR (exactly one)",
              "explode": true,
              "in": "query",
              "name": "object",
              "required": true,
              "schema": {
               "oneOf": [
                {
                 "additionalProperties": false,
                 "properties": {
                  "dn": {
                   "minLength": 1,
                   "type": "string"
                  }
                 },
                 "required": [
                  "dn"
                 ],
                 "type": "object"
                },
                {
                 "additionalProperties": false,
                 "properties": {
                  "anchor": {
                   "minLength": 1,
                   "type": "string"
                  }
                 },
                 "required": [
                  "anchor"
                 ],
                 "type": "object"
                }
               ]
              },
              "style": "form"
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ObjectExplanation"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "no such connector"
             }
            },
            "summary": "One object's whole path through the engine, both directions, and why"
           }
          },
          "/api/flush": {
           "post": {
            "operationId": "flush",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/NoOptions"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/FlushAnswer"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "415": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the request does not say Content-Type: application/json"
             }
            },
            "summary": "Close every pooled connection (event 6201)"
           }
          },
          "/api/guards": {
           "get": {
            "operationId": "getGuards",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/GuardReport"
                }
               }
              },
              "description": "OK"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             }
            },
            "summary": "Where the deletion threshold and the shrink guard stand"
           }
          },
          "/api/mv": {
           "get": {
            "operationId": "searchMetaverse",
            "parameters": [
             {
              "in": "query",
              "name": "attribute",
              "required": true,
              "schema": {
               "minLength": 1,
               "type": "string"
              }
             },
             {
              "in": "query",
              "name": "value",
              "required": true,
              "schema": {
               "minLength": 1,
               "type": "string"
              }
             },
             {
              "in": "query",
              "name": "limit",
              "required": false,
              "schema": {
               "format": "int64",
               "maximum": 1000,
               "minimum": 1,
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "items": {
                  "$ref": "#/components/schemas/MetaverseView"
                 },
                 "type": "array"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "Search the metaverse (attribute equals value)"
           }
          },
          "/api/mv/{id}": {
           "get": {
            "operationId": "getMetaverseObject",
            "parameters": [
             {
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "format": "int64",
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/MetaverseView"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "One metaverse object and its links"
           }
          },
          "/api/openapi.json": {
           "get": {
            "operationId": "openapi",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              },
              "description": "OK"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             }
            },
            "summary": "This document"
           }
          },
          "/api/realtime": {
           "get": {
            "operationId": "realtime",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/RealtimeView"
                }
               }
              },
              "description": "OK"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "real-time mode is off"
             }
            },
            "summary": "Real-time mode: each source's change watch and the lag of its micro-batches"
           }
          },
          "/api/rules": {
           "get": {
            "operationId": "rules",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/RulesView"
                }
               }
              },
              "description": "OK"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             }
            },
            "summary": "Every rule that applies, written and built-in (and as YAML)"
           }
          },
          "/api/rules/check": {
           "get": {
            "operationId": "checkRules",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/RuleCheckReport"
                }
               }
              },
              "description": "OK"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             }
            },
            "summary": "The rules checked against the discovered schemas"
           }
          },
          "/api/rules/test": {
           "get": {
            "operationId": "testRules",
            "parameters": [
             {
              "in": "query",
              "name": "connector",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "in": "query",
              "name": "dn",
              "required": true,
              "schema": {
               "minLength": 1,
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/RuleTestReport"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "no such connector or object"
             }
            },
            "summary": "The rules evaluated on one connector space object; nothing written"
           }
          },
          "/api/runs": {
           "get": {
            "operationId": "listRuns",
            "parameters": [
             {
              "in": "query",
              "name": "connector",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "in": "query",
              "name": "last",
              "required": false,
              "schema": {
               "format": "int64",
               "maximum": 10000,
               "minimum": 1,
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "items": {
                  "$ref": "#/components/schemas/RunRecord"
                 },
                 "type": "array"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "Run history, newest first"
           },
           "post": {
            "operationId": "runProfile",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/RunRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/RunRecord"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "409": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the profile does not apply to the connector (an export of a source), or staging mode is on"
             },
             "415": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the request does not say Content-Type: application/json"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "Run one profile on one connector (waits for the run)"
           }
          },
          "/api/runs/{id}": {
           "get": {
            "operationId": "getRun",
            "parameters": [
             {
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "format": "int64",
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/RunRecord"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "One run with its per-object errors and results"
           }
          },
          "/api/runs/{id}/undo": {
           "get": {
            "operationId": "undoPreview",
            "parameters": [
             {
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "format": "int64",
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/UndoReport"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "no such run"
             },
             "409": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not an export run to a target, still in progress, or nothing to undo"
             }
            },
            "summary": "The inverse of an export run, as LDIF, and what stays different after it (nothing is written)"
           },
           "post": {
            "operationId": "undo",
            "parameters": [
             {
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "format": "int64",
               "type": "integer"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/UndoRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/UndoReport"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "no such run"
             },
             "409": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not an export run to a target, still in progress, or nothing to undo"
             },
             "415": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the request does not say Content-Type: application/json"
             }
            },
            "summary": "Apply the undo of an export run (an export run of its own), or release the holds it put on objects"
           }
          },
          "/api/runs/{id}/writes": {
           "get": {
            "operationId": "runWrites",
            "parameters": [
             {
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "format": "int64",
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "items": {
                  "$ref": "#/components/schemas/RunWrite"
                 },
                 "type": "array"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the id is not a whole number"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "no such run"
             }
            },
            "summary": "What an export run wrote, object by object"
           }
          },
          "/api/scheduler": {
           "get": {
            "operationId": "getScheduler",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/SchedulerReport"
                }
               }
              },
              "description": "OK"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             }
            },
            "summary": "The schedule and what the next cycle will be"
           },
           "post": {
            "operationId": "changeScheduler",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/SchedulerChange"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/SchedulerReport"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "404": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "not found"
             },
             "415": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the request does not say Content-Type: application/json"
             },
             "422": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the action failed (the message says why)"
             }
            },
            "summary": "Change the schedule (interval, enabled)"
           }
          },
          "/api/simulate": {
           "post": {
            "operationId": "simulate",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/SimulateRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/SimulationReport"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "invalid request or candidate configuration"
             },
             "401": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "missing or wrong admin token"
             },
             "415": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "the request does not say Content-Type: application/json"
             }
            },
            "summary": "A full sync of a candidate configuration on a copy of the state: what each target's export would write (nothing is written)"
           }
          }
         },
         "security": [
          {
           "token": []
          }
         ],
         "servers": [
          {
           "url": "/"
          }
         ]
        }
        """#
}
