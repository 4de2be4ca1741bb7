// SyncService: what `ldapsync service` serves besides its schedule: the admin API under /api/
// (token required) and Prometheus metrics at /metrics.
