package s3

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// maxParts is S3's limit on the parts of one multipart upload.
const maxParts = 10000

// Put stores body under key, reading body to its end. A body that fits in
// one part (Config.PartSize) goes up in one PutObject; a longer one as a
// multipart upload, one part in memory at a time, so the body may be a pipe
// of any length. A failed multipart upload is aborted, leaving no parts
// behind. When Put fails, the body may not have been read to its end: a
// pipe's writer must be unblocked by the caller (io.PipeReader.CloseWithError).
func (s *Store) Put(ctx context.Context, key string, body io.Reader) error {
	buf := make([]byte, s.partSize)
	n, err := io.ReadFull(body, buf)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		_, err = s.client.PutObject(ctx, &s3.PutObjectInput{Bucket: &s.bucket, Key: aws.String(s.prefix + key),
			Body: bytes.NewReader(buf[:n]), ContentLength: aws.Int64(int64(n))})
		return s.wrap(err, "writing %s", key)
	case err != nil:
		return s.wrap(err, "writing %s", key)
	}
	return s.putParts(ctx, key, buf, body)
}

// putParts uploads buf, which is full, then the rest of body, as the parts
// of one multipart upload.
func (s *Store) putParts(ctx context.Context, key string, buf []byte, body io.Reader) error {
	full := aws.String(s.prefix + key)
	up, err := s.client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: &s.bucket, Key: full})
	if err != nil {
		return s.wrap(err, "writing %s", key)
	}
	abort := func(err error) error {
		// The upload's parts are billed until aborted, whatever ctx says.
		_, _ = s.client.AbortMultipartUpload(context.WithoutCancel(ctx), &s3.AbortMultipartUploadInput{
			Bucket: &s.bucket, Key: full, UploadId: up.UploadId})
		return s.wrap(err, "writing %s", key)
	}
	var parts []types.CompletedPart
	n, last := len(buf), false
	for num := int32(1); ; num++ {
		if num > maxParts {
			return abort(fmt.Errorf("more than %d parts of %d bytes", maxParts, len(buf)))
		}
		out, err := s.client.UploadPart(ctx, &s3.UploadPartInput{Bucket: &s.bucket, Key: full, UploadId: up.UploadId,
			PartNumber: aws.Int32(num), Body: bytes.NewReader(buf[:n]), ContentLength: aws.Int64(int64(n))})
		if err != nil {
			return abort(err)
		}
		parts = append(parts, types.CompletedPart{ETag: out.ETag, PartNumber: aws.Int32(num)})
		if last {
			break
		}
		n, err = io.ReadFull(body, buf)
		if errors.Is(err, io.EOF) {
			break
		} else if errors.Is(err, io.ErrUnexpectedEOF) {
			last = true
		} else if err != nil {
			return abort(err)
		}
	}
	_, err = s.client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: &s.bucket, Key: full,
		UploadId: up.UploadId, MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
	if err != nil {
		return abort(err)
	}
	return nil
}
