package main

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/proto"
)

// syncPipes serves the Node.js SDK's synchronous invokes (`--sync DIR`): two FIFOs in DIR,
// invoke_req and invoke_res, each message a 4-byte big-endian length and a protobuf
// ResourceInvokeRequest/Response. The SDK opens them only when a program asks for a synchronous
// invoke. An invoke that fails comes back as a response whose failures carry the error, since the
// pipe has no other way to say so (the real host's convention, which the SDK reads).
type syncPipes struct {
	dir  string
	done chan error
}

func serveSyncPipes(ctx context.Context, target pulumirpc.ResourceMonitorClient) (*syncPipes, error) {
	dir, err := os.MkdirTemp("", "pulumi-node-pipes")
	if err != nil {
		return nil, err
	}
	p := &syncPipes{dir: dir, done: make(chan error, 1)}
	for _, name := range []string{"invoke_req", "invoke_res"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o600); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	go func() { p.done <- p.serve(ctx, target) }()
	return p, nil
}

func (p *syncPipes) serve(ctx context.Context, target pulumirpc.ResourceMonitorClient) error {
	// Opening a FIFO blocks until the other end opens it: that is, until the SDK's first sync invoke.
	requests, err := os.OpenFile(filepath.Join(p.dir, "invoke_req"), os.O_RDONLY, 0)
	if err != nil {
		return err
	}
	defer requests.Close()
	responses, err := os.OpenFile(filepath.Join(p.dir, "invoke_res"), os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer responses.Close()
	for {
		var size uint32
		if err := binary.Read(requests, binary.BigEndian, &size); err != nil {
			if errors.Is(err, io.EOF) {
				return nil // the program closed its end: done
			}
			return err
		}
		buf := make([]byte, size)
		if _, err := io.ReadFull(requests, buf); err != nil {
			return err
		}
		var req pulumirpc.ResourceInvokeRequest
		if err := proto.Unmarshal(buf, &req); err != nil {
			return err
		}
		res, err := target.Invoke(ctx, &req)
		if err != nil {
			if res == nil {
				res = &pulumirpc.ResourceInvokeResponse{}
			}
			res.Failures = append(res.Failures, &pulumirpc.CheckFailure{Reason: err.Error()})
		}
		out, err := proto.Marshal(res)
		if err != nil {
			return err
		}
		if err := binary.Write(responses, binary.BigEndian, uint32(len(out))); err != nil {
			return err
		}
		if _, err := responses.Write(out); err != nil {
			return err
		}
	}
}

func (p *syncPipes) remove() { os.RemoveAll(p.dir) }
