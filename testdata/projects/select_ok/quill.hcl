project "basic" {
  default_target = "dev"
}

target "dev" {
  adapter = "duckdb"
  path    = ".quill/dev.duckdb"
}

source "external" "raw.events" {
  columns = { user_id = "bigint", kind = "text", at = "timestamptz" }
}

seed "raw.users" {
  primary_key = ["id"]
}

model "staging.users" {
  materialized = "view"
}

model "marts.user_activity" {
  primary_key = ["user_id"]
  tags        = ["daily"]
  assert "accepted_values" {
    column = "tier"
    values = ["none", "some", "lots"]
  }
}
