model "prod.users" {
  materialized = "upsert"
  primary_key  = ["id"]
  tags         = ["daily", "core", "daily"]
  assert "accepted_values" { column = "status"  values = ["active", "deleted"] }
  assert "not_null" { columns = ["id", "status"] }
  assert "relationships" {
    column   = "country"
    to       = "raw.countries.code"
    severity = "warn"
  }
  assert "row_count" {
    min = 1
    max = 1000000
  }
  assert "expression" { expression = "age >= 0" }
  assert "freshness" {
    column  = "updated_at"
    max_age = "1d12h"
  }
}

model "prod.events_daily" {
  materialized = "incremental"
  unique_key   = ["day", "user_id"]
  depends_on   = ["raw.events"]
}

sink "nostos" "user_profile" {
  from   = "prod.user_profile"
  key    = ["user_id"]
  keep   = 3
  store  = "embedded"
}

sink "nostos" "user_votes" {
  from    = "prod.votes"
  key     = ["user_id"]
  fields  = ["course", "vote"]
  collect = "list"
  cassandra {
    hosts    = ["10.0.0.1", "10.0.0.2"]
    keyspace = "nostos"
  }
}
