// Package serve is the Nostos read API (SPEC §7), the thin REST layer that
// product backends call to read exported datasets by key:
//
//	GET /v1/datasets                          every dataset, its active and kept versions
//	GET /v1/datasets/{name}                   one dataset
//	GET /v1/datasets/{name}/keys/{key}        one key: ?fields=a,b selects fields, ?version=N reads a kept version
//	GET /healthz                              liveness, never authenticated
//	GET /metrics                              Prometheus text format, never authenticated
//
// Composite keys are their parts joined by "," in the path segment, with "\"
// and "," inside a part escaped as "\\" and "\," (then percent-encoded as
// any path segment: /keys/fr,a%5C%2Cb is ["fr", "a,b"]). A one-column key is
// its text as is, commas included. See nostos.KeyString.
//
// Rules it enforces: the API is read-only (any other method: 405); a set
// token is required as "Authorization: Bearer <token>" on /v1/ (401,
// compared in constant time); unknown datasets, versions and keys are 404;
// malformed names, keys, fields, versions and unknown query parameters are
// 400; requests with a body are 413 and URLs over 8 KiB are 414. Responses
// are JSON. Metrics live in a Metrics value the caller creates and passes
// in, never in package state.
package serve
