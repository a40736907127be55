project "p" {}
target "dev" {
  adapter = "duckdb"
}
model "s.m" {}
source "external" "raw.e" {}
sink "nostos" "k" {
  from = "s.m"
  key  = ["id"]
}
variables {
  x = "1"
}
