project "p" {
  default_target = "prd"
}

target "prod" {
  adaptr  = "postgres"
  threads = "many"
}

target "pg" {
  adapter = "postgress"
  dsn     = env("PG_DSN")
  path    = "x"
  retries = -1
}

target "lake" {
  adapter = "duckdb"
  dsn     = "secret://never-printed"
}

source "externl" "raw.a" {}

source "external" "Raw.Events" {
  columns = { "user id" = "bigint", kind = "" }
  dsn     = "x"
  freshness {
    column  = "at"
    max_age = "26 hours"
  }
}

source "postgres" "raw.users" {
  primary_key = []
}

source "cassandra" "raw.votes" {
  snapshot = "/snap"
  schema   = "s.cql"
  as_of    = "yesterday"
  nested { x = 1 }
}

seed "countries" {
  primary_key = ["code", "code"]
  column_type = {}
}

model "prod.users" {
  materialized = "upsrt"
  unique_key   = ["id"]
  tag          = ["x"]
  assert "not_nul" { column = "id" }
  assert "not_null" {}
  assert "unique" { column = "a"  columns = ["b"] }
  assert "accepted_values" { column = "s" }
  assert "relationships" { column = "c"  to = "raw.countries" }
  assert "row_count" { min = 10  max = 1 }
  assert "row_count" { severity = "fatal" }
  assert "freshness" { column = "at"  max_age = "0h" }
  assert "expression" { expression = "a > 0"  values = ["x"] }
}

model "prod.orders" {
  materialized = "upsert"
  depends_on   = ["orders"]
}

sink "s3" "x" {}

sink "nostos" "Bad-Name" {
  from = "p"
  key  = ["k"]
}

sink "nostos" "profile" {
  from  = "prod.users"
  key   = "user_id"
  keep  = 0
  store = "cassandra"
  collect = "set"
}

sink "nostos" "both" {
  from  = "prod.users"
  key   = ["id"]
  store = "embedded"
  cassandra {
    hosts    = []
    keyspace = "ks"
  }
}

variables {
  v = var("x")
}

model "prod.bad_funcs" {
  tags = [upper(var("missing")), env("NOPE"), nosuch("x")]
}

model "prod.refs" {
  tags = [some.thing]
}
