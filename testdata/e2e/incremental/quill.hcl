# Incremental and upsert models (cmd/quill TestIncrementalAndUpsert).
project "incremental" {
  default_target = "dev"
}

target "dev" {
  adapter = "duckdb"
  path    = ".quill/dev.duckdb"
}

target "pg" {
  adapter       = "postgres"
  dsn           = env("QUILL_TEST_DSN", "")
  schema_prefix = "inc_"
}

seed "raw.events" {
  primary_key = ["id"]
}

seed "raw.users" {
  primary_key = ["id"]
}

model "marts.events_log" {
  materialized = "incremental"
  unique_key   = ["id"]
}

model "marts.users" {
  materialized = "upsert"
  primary_key  = ["id"]
}
