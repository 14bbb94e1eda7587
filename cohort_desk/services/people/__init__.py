"""People and organisations: records, lookups and the detail of one person."""
