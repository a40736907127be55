// Package s3 is quill's object store over Amazon S3 and S3-compatible
// servers (MinIO, versitygw, gofakes3 in tests), through aws-sdk-go-v2.
//
// A Store is one bucket under one key prefix: every key its methods take or
// return is relative to that prefix, so a caller handed "s3://bucket/a/b/"
// (a Redshift stage, a Cassandra snapshot) never builds full keys itself.
//
// Rules it enforces:
//   - Bounded memory: Put streams a body of unknown length as a multipart
//     upload, holding one part (Config.PartSize) at a time, so a writer can
//     pipe a gzip stream of any size into it.
//   - Errors never carry the access or secret key: both are redacted from
//     every error leaving the package (the SDK error stays reachable with
//     errors.As). A missing key is reported as fs.ErrNotExist.
//   - No global state: credentials, endpoint and region come from Config or,
//     when Config leaves them empty, from the SDK's default chain (AWS_*
//     environment variables, shared config files, instance roles).
//
// The package imports nothing else from quill; adapters use a Store through
// the small interfaces they declare (postgres.Stage for Redshift loads).
package s3
