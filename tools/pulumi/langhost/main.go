// Command langhost is the project's stand-in for Pulumi's nodejs, python and go language hosts.
// The real hosts are Go modules that the Go module proxy on these machines refuses to serve (the
// CLI and the YAML host are served), so this one binary is installed under their three names and
// does what each real host does, read from their sources (pulumi/pulumi, sdk/nodejs/cmd/
// pulumi-language-nodejs, sdk/python/cmd/pulumi-language-python, sdk/go/pulumi-language-go):
//
//   - Run: runs the user's program exactly as the real host starts it (run_nodejs.go,
//     run_python.go, run_go.go): the same script or binary, flags, environment, working
//     directory and exit-code handling. The program, the language SDK, the engine and every
//     plugin stay real; only the spawning is ours.
//   - GetRequiredPackages (packages.go), Handshake, About, GetPluginInfo.
//   - RunPlugin (nodejs): a policy pack or a component provider (plugins.go).
//   - InstallDependencies: npm (nodejs), the Python toolchain (python), `go mod tidy` (go).
//   - GeneratePackage (nodejs, python, go): Pulumi's own code generators from pkg/v3/codegen.
//
// Not served: debugging (attach_debugger), the bun runtime, GenerateProgram/GenerateProject, Pack,
// Link and the Python type checkers (mypy, pyright): nothing here uses them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is what GetPluginInfo reports; set with -ldflags "-X main.version=...".
var version = "3.277.0"

// exitLoggedError is the exit code with which every Pulumi language SDK says "the error has
// already been shown to the user"; the hosts answer it with Bail (sdk/v3 go/common/constant).
const exitLoggedError = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	language      string
	engineAddress string
	tracing       string
	// pythonExec is the shim that runs Python programs: pulumi-language-python-exec beside this
	// binary, as the real python host finds it.
	pythonExec string
	// cancelCtx ends when the engine calls Cancel: running programs are interrupted.
	cancelCtx  context.Context
	cancelFunc context.CancelFunc
}

func main() {
	language := strings.TrimPrefix(filepath.Base(os.Args[0]), "pulumi-language-")
	switch language {
	case "nodejs", "python", "go":
	default:
		fmt.Fprintf(os.Stderr, "langhost: install me as pulumi-language-nodejs, -python or -go (not %q)\n", os.Args[0])
		os.Exit(2)
	}
	// The real hosts' flags (the engine passes none of them by default).
	tracing := flag.String("tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	showVersion := flag.Bool("version", false, "Print the current plugin version and exit")
	runtimeName := "nodejs"
	if language == "nodejs" {
		flag.StringVar(&runtimeName, "runtime", "nodejs", "The runtime for TypeScript programs (only nodejs here)")
	}
	givenExec := ""
	if language == "python" {
		flag.StringVar(&givenExec, "exec", "", "Use the given program as the executor instead of looking for one on PATH")
	}
	flag.Parse()
	if *showVersion {
		fmt.Println(version)
		return
	}
	if runtimeName != "nodejs" {
		fmt.Fprintf(os.Stderr, "unsupported runtime: %s (the bun runtime is not served by this stand-in)\n", runtimeName)
		os.Exit(1)
	}

	h := &host{language: language, tracing: *tracing}
	h.cancelCtx, h.cancelFunc = context.WithCancel(context.Background())
	if args := flag.Args(); len(args) > 0 {
		h.engineAddress = args[0]
	}
	if language == "python" {
		h.pythonExec = givenExec
		if h.pythonExec == "" {
			self, err := os.Executable()
			if err != nil {
				fmt.Fprintf(os.Stderr, "could not determine current executable: %v\n", err)
				os.Exit(1)
			}
			h.pythonExec = filepath.Join(filepath.Dir(self), "pulumi-language-python-exec")
			if _, err := os.Stat(h.pythonExec); err != nil {
				fmt.Fprintf(os.Stderr, "missing executor %s: %v\n", h.pythonExec, err)
				os.Exit(1)
			}
		}
	}

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	cancelled := make(chan bool)
	go func() {
		<-ctx.Done()
		close(cancelled)
	}()
	// Like the real hosts: stop when the engine goes away.
	if h.engineAddress != "" {
		if err := rpcutil.Healthcheck(ctx, h.engineAddress, 5*time.Minute, cancel); err != nil {
			fmt.Fprintf(os.Stderr, "could not start health check host RPC server: %v\n", err)
			os.Exit(1)
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelled,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "langhost: cannot serve: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "langhost: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) notServed(what string) error {
	return status.Errorf(codes.Unimplemented,
		"%s is not served by apigw-lambda-guard's stand-in for pulumi-language-%s "+
			"(the real language host cannot be obtained on this machine)", what, h.language)
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// Handshake records the engine's address, as the real hosts do.
func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.EngineAddress != "" {
		h.engineAddress = req.EngineAddress
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetRequiredPlugins is deprecated; the real hosts answer Unimplemented and the engine then asks
// GetRequiredPackages.
func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return nil, status.Errorf(codes.Unimplemented, "method GetRequiredPlugins not implemented")
}

// About reports the language's executable and version, as `pulumi about` shows them.
func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	exe := map[string]string{"nodejs": "node", "python": "python3", "go": "go"}[h.language]
	path, err := exec.LookPath(exe)
	if err != nil {
		return nil, fmt.Errorf("could not find executable %q: %w", exe, err)
	}
	arg := "--version"
	if h.language == "go" {
		arg = "version"
	}
	out, err := exec.CommandContext(ctx, path, arg).Output()
	if err != nil {
		return &pulumirpc.AboutResponse{Executable: path}, nil
	}
	return &pulumirpc.AboutResponse{Executable: path, Version: strings.TrimSpace(string(out))}, nil
}

// connectToEngine is the real hosts' first step in Run: no engine, no run.
func (h *host) connectToEngine() (pulumirpc.EngineClient, io.Closer, error) {
	if h.engineAddress == "" {
		return nil, nil, errors.New("when debugging or running explicitly, must call Handshake before Run")
	}
	conn, err := grpc.NewClient(h.engineAddress,
		grpc.WithTransportCredentials(insecure.NewCredentials()), rpcutil.GrpcChannelOptions())
	if err != nil {
		return nil, nil, fmt.Errorf("language host could not make connection to engine: %w", err)
	}
	return pulumirpc.NewEngineClient(conn), conn, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if req.GetAttachDebugger() {
		return nil, h.notServed("attaching a debugger")
	}
	switch h.language {
	case "nodejs":
		return h.runNodejs(ctx, req)
	case "python":
		return h.runPython(ctx, req)
	default:
		return h.runGo(ctx, req)
	}
}

// Cancel interrupts running programs, as the real hosts do.
func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelFunc()
	return &emptypb.Empty{}, nil
}

// commandFor starts `bin args` so that the engine's Cancel (or the end of the Run call) sends
// it SIGINT, then kills it 5 s later: the real hosts' cmd.Cancel and WaitDelay.
func (h *host) commandFor(ctx context.Context, bin string, args ...string) (*exec.Cmd, context.CancelFunc) {
	cmdCtx, cmdCancel := context.WithCancel(h.cancelCtx)
	context.AfterFunc(ctx, cmdCancel)
	cmd := exec.CommandContext(cmdCtx, bin, args...)
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = 5 * time.Second
	return cmd, cmdCancel
}

// exitCode is the program's exit status, or an error if it did not run at all.
func exitCode(err error) (int, bool) {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok {
			return ws.ExitStatus(), true
		}
		return exitErr.ExitCode(), true
	}
	return 0, false
}
