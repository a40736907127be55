project "shop" {
  default_target = "dev"
}

target "dev" {
  adapter = "duckdb"
  path    = ".quill/dev.duckdb"
}

source "external" "raw.orders" {
  columns     = { id = "bigint", customer_id = "bigint", amount = "numeric", status = "text" }
  primary_key = ["id"]
}

seed "raw.customers" {
  primary_key  = ["id"]
  column_types = { id = "bigint", name = "text", country = "text" }
}

model "marts.customer_revenue" {
  materialized = "table"
  tags         = ["daily", "finance"]
  assert "not_null" { columns = ["customer_id"] }
}

sink "nostos" "customer_profile" {
  from  = "marts.customer_revenue"
  key   = ["customer_id"]
  keep  = 3
  store = "embedded"
}
