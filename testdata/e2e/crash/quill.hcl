# The crash project (cmd/quill TestCrashApplyPostgres): slow tables on
# PostgreSQL whose every row carries a hash of the `salt` variable, so a test
# can tell a complete relation of any run from a torn one.
project "crash" {
  default_target = "pg"
}

target "pg" {
  adapter       = "postgres"
  dsn           = env("QUILL_TEST_DSN")
  threads       = 3
  schema_prefix = "crash_"
}

target "clean" {
  adapter       = "postgres"
  dsn           = env("QUILL_TEST_DSN")
  threads       = 3
  schema_prefix = "clean_"
}

variables {
  salt = "0"
}

model "gen.v_a1" {
  materialized = "view"
}

model "gen.v_chain" {
  materialized = "view"
}
