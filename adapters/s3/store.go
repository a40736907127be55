package s3

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Config says which bucket and prefix a Store works in and how to reach it.
type Config struct {
	// Endpoint is the base URL of an S3-compatible server
	// ("http://127.0.0.1:9000"); empty means AWS S3.
	Endpoint string
	// Region of the bucket. Empty: the SDK's default chain (AWS_REGION,
	// shared config), then "us-east-1" when Endpoint is set, since
	// S3-compatible servers ignore it.
	Region string
	// Bucket holds every object of the store.
	Bucket string
	// Prefix is prepended to every key; one that does not end in "/" gets
	// one, so it always names a folder.
	Prefix string
	// AccessKey and SecretKey are static credentials; set both or neither.
	// Neither: the SDK's default credential chain.
	AccessKey string
	SecretKey string
	// PathStyle addresses objects as endpoint/bucket/key instead of
	// bucket.endpoint/key; most S3-compatible servers need it.
	PathStyle bool
	// PartSize is the size of one part of a multipart upload, and so the
	// memory Put holds per call (default and minimum: DefaultPartSize, S3's
	// smallest part is 5 MiB).
	PartSize int
	// ListPageSize caps the keys one ListObjectsV2 call returns (default
	// 1000, S3's maximum); List follows every page either way.
	ListPageSize int32
}

// DefaultPartSize is the multipart part size Put uses by default.
const DefaultPartSize = 8 << 20

// minPartSize is S3's smallest part (all but the last).
const minPartSize = 5 << 20

// Store reads and writes the objects of one bucket under one prefix. It is
// safe for concurrent use; every method's context covers that call only, and
// nothing needs closing.
type Store struct {
	client   *s3.Client
	bucket   string
	prefix   string
	partSize int
	pageSize int32
	secrets  []string // redacted from every error
}

// Object describes one stored object.
type Object struct {
	Key  string // relative to the store's prefix
	Size int64
}

// Open builds a Store. It does not contact the server: the first call does,
// so opening a target for `quill plan` needs no S3 access.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Bucket == "" {
		return nil, errors.New("s3: no bucket")
	}
	if (cfg.AccessKey == "") != (cfg.SecretKey == "") {
		return nil, errors.New("s3: set both the access key and the secret key, or neither (to use the default credential chain)")
	}
	opts := []func(*config.LoadOptions) error{}
	if cfg.Region != "" {
		opts = append(opts, config.WithRegion(cfg.Region))
	}
	if cfg.AccessKey != "" {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(cfg.AccessKey, cfg.SecretKey, "")))
	}
	s := &Store{bucket: cfg.Bucket, prefix: cfg.Prefix, partSize: cfg.PartSize, pageSize: cfg.ListPageSize}
	for _, sec := range []string{cfg.SecretKey, cfg.AccessKey} {
		if len(sec) >= 3 { // see postgres.secretsOf: redacting "a" would mangle messages
			s.secrets = append(s.secrets, sec)
		}
	}
	if s.prefix != "" && !strings.HasSuffix(s.prefix, "/") {
		s.prefix += "/"
	}
	if s.partSize < minPartSize {
		s.partSize = DefaultPartSize
	}
	if s.pageSize <= 0 || s.pageSize > 1000 {
		s.pageSize = 1000
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, s.wrap(err, "loading the AWS configuration")
	}
	if awsCfg.Region == "" {
		if cfg.Endpoint == "" {
			return nil, errors.New("s3: no region: set one in the target or in AWS_REGION")
		}
		awsCfg.Region = "us-east-1"
	}
	s.client = s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
		}
		o.UsePathStyle = cfg.PathStyle
		// Checksums only where S3 demands them: other S3-compatible servers
		// reject or ignore the newer default trailers, and a streamed upload
		// cannot be hashed before it is sent.
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	return s, nil
}

// URL returns the s3:// URL of a key, as Redshift's COPY and manifests name
// objects.
func (s *Store) URL(key string) string { return "s3://" + s.bucket + "/" + s.prefix + key }

// Get opens an object for reading. The caller closes the reader. A missing
// key gives an error that matches fs.ErrNotExist.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: aws.String(s.prefix + key)})
	if err != nil {
		return nil, s.wrap(err, "reading %s", key)
	}
	return out.Body, nil
}

// GetRange opens n bytes of an object starting at off (fewer when the object
// ends first). The caller closes the reader.
func (s *Store) GetRange(ctx context.Context, key string, off, n int64) (io.ReadCloser, error) {
	if off < 0 || n <= 0 {
		return nil, fmt.Errorf("s3: reading %s: bad range %d+%d", key, off, n)
	}
	rng := fmt.Sprintf("bytes=%d-%d", off, off+n-1)
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: aws.String(s.prefix + key), Range: &rng})
	if err != nil {
		return nil, s.wrap(err, "reading %s (%s)", key, rng)
	}
	return out.Body, nil
}

// List returns every object whose key starts with prefix (relative to the
// store's prefix), in key order, following ListObjectsV2's pages.
func (s *Store) List(ctx context.Context, prefix string) ([]Object, error) {
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{
		Bucket: &s.bucket, Prefix: aws.String(s.prefix + prefix), MaxKeys: aws.Int32(s.pageSize)})
	var objs []Object
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, s.wrap(err, "listing %q", prefix)
		}
		for _, o := range page.Contents {
			objs = append(objs, Object{Key: strings.TrimPrefix(aws.ToString(o.Key), s.prefix), Size: aws.ToInt64(o.Size)})
		}
	}
	return objs, nil
}

// maxDelete is the most keys one DeleteObjects call takes.
const maxDelete = 1000

// Delete removes the given keys; keys that do not exist are not an error.
func (s *Store) Delete(ctx context.Context, keys []string) error {
	for len(keys) > 0 {
		batch := keys[:min(len(keys), maxDelete)]
		keys = keys[len(batch):]
		ids := make([]types.ObjectIdentifier, len(batch))
		for i, k := range batch {
			ids[i] = types.ObjectIdentifier{Key: aws.String(s.prefix + k)}
		}
		out, err := s.client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: &s.bucket, Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
		if err != nil {
			return s.wrap(err, "deleting %d objects", len(batch))
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return s.wrap(fmt.Errorf("%s: %s", aws.ToString(e.Code), aws.ToString(e.Message)),
				"deleting %s (and %d more failures)", strings.TrimPrefix(aws.ToString(e.Key), s.prefix), len(out.Errors)-1)
		}
	}
	return nil
}

// redactedError is an error whose message has the credentials removed; the
// SDK's error stays reachable through Unwrap.
type redactedError struct {
	msg      string
	err      error
	notExist bool
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// Is makes a missing key match fs.ErrNotExist, so callers need not import
// the SDK's error types.
func (e *redactedError) Is(target error) bool { return e.notExist && target == fs.ErrNotExist }

// wrap prefixes err with what failed (and the bucket) and redacts secrets.
func (s *Store) wrap(err error, what string, args ...any) error {
	if err == nil {
		return nil
	}
	msg := "s3: " + fmt.Sprintf(what, args...) + " in bucket " + s.bucket + ": " + err.Error()
	for _, sec := range s.secrets {
		msg = strings.ReplaceAll(msg, sec, "xxxxx")
	}
	var noKey *types.NoSuchKey
	var notFound *types.NotFound
	return &redactedError{msg: msg, err: err, notExist: errors.As(err, &noKey) || errors.As(err, &notFound)}
}

// ParseURL splits "s3://bucket/prefix" into its bucket and prefix (which may
// be empty).
func ParseURL(u string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(u, "s3://")
	if !ok {
		return "", "", fmt.Errorf("%q is not an s3:// URL", u)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", fmt.Errorf("%q names no bucket (want s3://bucket/prefix)", u)
	}
	return bucket, prefix, nil
}
