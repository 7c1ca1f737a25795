package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"

	"github.com/google/shlex"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// nodeOptions are Pulumi.yaml's `runtime.options` for nodejs, parsed as the real host does.
type nodeOptions struct {
	typescript   bool
	tsconfigPath string
	nodeargs     string
}

func parseNodeOptions(options map[string]any) (nodeOptions, error) {
	opts := nodeOptions{typescript: true}
	if v, ok := options["typescript"]; ok {
		b, ok := v.(bool)
		if !ok {
			return opts, errors.New("typescript option must be a boolean")
		}
		opts.typescript = b
	}
	if v, ok := options["tsconfig"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("tsconfigpath option must be a string")
		}
		opts.tsconfigPath = s
	}
	if v, ok := options["nodeargs"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("nodeargs option must be a string")
		}
		opts.nodeargs = s
	}
	if v, ok := options["packagemanager"]; ok {
		switch v {
		case "auto", "npm", "yarn", "pnpm", "bun":
		default:
			if _, isString := v.(string); !isString {
				return opts, errors.New("packagemanager option must be a string")
			}
			return opts, fmt.Errorf("packagemanager option must be one of auto, npm, yarn, pnpm or bun, got %q", v)
		}
	}
	if v, ok := options["production"]; ok {
		if _, ok := v.(bool); !ok {
			return opts, errors.New("production option must be a boolean")
		}
	}
	return opts, nil
}

// runNodejs runs a Node.js program as pulumi-language-nodejs does: the SDK's run script
// (`@pulumi/pulumi/cmd/run`, resolved from the program directory) under node, talking to a
// pass-through monitor and to the synchronous-invoke pipes that the host serves.
func (h *host) runNodejs(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	_, closer, err := h.connectToEngine()
	if err != nil {
		return nil, err
	}
	defer closer.Close()

	conn, err := grpc.NewClient(req.GetMonitorAddress(),
		grpc.WithTransportCredentials(insecure.NewCredentials()), rpcutil.GrpcChannelOptions())
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	target := pulumirpc.NewResourceMonitorClient(conn)

	stopProxy := make(chan bool)
	defer close(stopProxy)
	proxy, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stopProxy,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterResourceMonitorServer(srv, &monitorProxy{target: target})
			return nil
		},
	})
	if err != nil {
		return nil, err
	}

	pipes, err := serveSyncPipes(ctx, target)
	if err != nil {
		return nil, err
	}
	defer pipes.remove()

	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not find node on the $PATH: %s", err)}, nil
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = "@pulumi/pulumi/cmd/run"
	}
	runPath, err = resolveModule(ctx, node, runPath, req.Info.ProgramDirectory, false)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	responses := make(chan *pulumirpc.RunResponse, 1)
	go func() {
		responses <- h.execNode(ctx, req, node, runPath, fmt.Sprintf("127.0.0.1:%d", proxy.Port), pipes.dir)
	}()
	for {
		select {
		case err := <-proxy.Done:
			if err != nil {
				return &pulumirpc.RunResponse{Error: err.Error()}, nil
			}
		case err := <-pipes.done:
			if err != nil {
				return &pulumirpc.RunResponse{Error: err.Error()}, nil
			}
		case res := <-responses:
			return res, nil
		}
	}
}

func (h *host) execNode(
	ctx context.Context, req *pulumirpc.RunRequest, node, runPath, monitor, syncDir string,
) *pulumirpc.RunResponse {
	args := []string{runPath}
	flagIfSet := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagIfSet("monitor", monitor)
	flagIfSet("engine", h.engineAddress)
	flagIfSet("sync", syncDir)
	flagIfSet("organization", req.GetOrganization())
	flagIfSet("project", req.GetProject())
	flagIfSet("root-directory", req.GetInfo().GetRootDirectory())
	flagIfSet("stack", req.GetStack())
	flagIfSet("pwd", req.Info.ProgramDirectory)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flagIfSet("parallel", strconv.Itoa(int(req.GetParallel())))
	flagIfSet("tracing", h.tracing)
	args = append(args, req.Info.EntryPoint)
	args = append(args, req.GetArgs()...)

	// The SDK reads config keys in the old `ns:config:name` form.
	cfg := map[string]string{}
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("failed to serialize configuration: %s", err)}
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, _ := json.Marshal(cfg)
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, _ := json.Marshal(secretKeys)

	env := append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	opts, err := parseNodeOptions(req.Info.Options.AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}
	}
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfigPath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfigPath)
	}
	nodeArgs, err := shlex.Split(opts.nodeargs)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}
	}

	cmd, cancel := h.commandFor(ctx, node, append(nodeArgs, args...)...)
	defer cancel()
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	err = cmd.Run()
	if err == nil {
		return &pulumirpc.RunResponse{}
	}
	_ = os.Stdout.Sync()
	_ = os.Stderr.Sync()
	code, ran := exitCode(err)
	switch {
	case !ran:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run language executor): %s", err)}
	case code == 0:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited unexpectedly: %s", err)}
	case code == exitLoggedError:
		return &pulumirpc.RunResponse{Bail: true}
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code)}
	}
}
