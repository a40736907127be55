# The parity project: applied on DuckDB and on PostgreSQL, every relation
# must hold the same rows (cmd/quill TestParityDuckDBPostgres).
project "parity" {
  default_target = "dev"
}

target "dev" {
  adapter = "duckdb"
  path    = ".quill/dev.duckdb"
}

target "pg" {
  adapter       = "postgres"
  dsn           = env("QUILL_TEST_DSN")
  threads       = 4
  schema_prefix = "ci_"
}

seed "raw.customers" {
  primary_key = ["id"]
}

seed "raw.orders" {
  primary_key  = ["id"]
  column_types = { amount = "numeric(12,2)" }
}

model "staging.orders" {
  materialized = "view"
}

model "marts.daily" {
  tags = ["daily"]
}
