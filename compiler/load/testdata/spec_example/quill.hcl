project "analytics" {
  default_target = "dev"
}

target "dev" {                       # the embedded default: no server needed
  adapter = "duckdb"
  path    = ".quill/dev.duckdb"
}

target "prod" {
  adapter       = "postgres"
  dsn           = env("QUILL_PROD_DSN")
  threads       = 8
  schema_prefix = var("prefix")
}

variables {
  prefix = ""
  day    = "2026-01-01"
  limit  = 10
}

source "external" "raw.events" {
  columns   = { user_id = "bigint", kind = "text", at = "timestamptz" }
  freshness { column = "at"  max_age = "26h" }
}

source "postgres" "staging.maestro_users" {
  dsn         = env("MAESTRO_DSN")
  query       = "SELECT id, user_name, user_email FROM users"
  primary_key = ["id"]
  batch_size  = 5000
  password_file = "/run/secret"
}

source "cassandra" "raw.votes" {
  snapshot = "s3://backups/cassandra/vote/vote_kvs/"
  schema   = "cassandra/vote_kvs.cql"
  as_of    = "2026-11-24T00:00:00Z"
}

seed "raw.countries" {
  primary_key  = ["code"]
  column_types = { code = "text", population = "bigint" }
}
