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

# Publish revenue per customer as a versioned key-value dataset (the last 3
# versions kept for rollback); `quill serve` answers
# GET /v1/datasets/customer_revenue/keys/1?fields=revenue
sink "nostos" "customer_revenue" {
  from = "marts.customer_revenue"
  key  = ["customer_id"]
  keep = 3
}

# Unit test: fixture rows in, expected rows out, on the embedded engine
# (`quill test --unit` needs no warehouse).
unit_test "revenue_counts_paid_orders_only" {
  model = "marts.customer_revenue"
  given "raw.customers" {
    rows = [
      { id = 1, name = "Ada", country = "GB" },
      { id = 2, name = "Bob", country = "US" },
    ]
  }
  given "staging.orders" {
    rows = [
      { order_id = 1, customer_id = 1, amount = 10.5, status = "paid" },
      { order_id = 2, customer_id = 1, amount = 99, status = "refunded" },
    ]
  }
  expect {
    rows = [
      { customer_id = 1, revenue = 10.5, orders = 1 },
      { customer_id = 2, revenue = 0, orders = 0 },
    ]
  }
}
