# A quill project: `quill apply` builds it on the embedded DuckDB target.
project "quickstart" {
  default_target = "dev"
}

# The embedded default: DuckDB in process, no server needed.
target "dev" {
  adapter = "duckdb"
  path    = ".quill/dev.duckdb"
}

# PostgreSQL: `QUILL_PROD_DSN=postgres://… quill apply --target prod`.
target "prod" {
  adapter = "postgres"
  dsn     = env("QUILL_PROD_DSN", "")
  threads = 8
}

# A relation that already exists in every warehouse, read in place.
source "external" "information_schema.tables" {
  columns = { table_schema = "text", table_name = "text", table_type = "text" }
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

model "marts.customer_revenue" {
  primary_key = ["customer_id"]
  tags        = ["daily"]
  assert "not_null" { column = "country" }
}

model "marts.relation_inventory" {
  materialized = "view"
}
