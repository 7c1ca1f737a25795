package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// parsePythonOptions reads Pulumi.yaml's `runtime.options` for python as the real host does.
// The type checkers (mypy, pyright) are refused: this stand-in does not run them.
func parsePythonOptions(root, programDir string, options map[string]any) (toolchain.PythonOptions, error) {
	opts := toolchain.PythonOptions{Root: root, ProgramDir: programDir}
	if v, ok := options["virtualenv"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("virtualenv option must be a string")
		}
		opts.Virtualenv = s
	}
	if v, ok := options["typechecker"]; ok {
		return opts, fmt.Errorf("the typechecker option (%v) is not served by this stand-in for pulumi-language-python", v)
	}
	if v, ok := options["toolchain"]; ok {
		switch v {
		case "pip":
			opts.Toolchain = toolchain.Pip
		case "poetry":
			opts.Toolchain = toolchain.Poetry
		case "uv":
			opts.Toolchain = toolchain.Uv
		default:
			if _, isString := v.(string); !isString {
				return opts, errors.New("toolchain option must be a string")
			}
			return opts, fmt.Errorf("unsupported toolchain option: %s", v)
		}
	}
	return opts, nil
}

// runPython runs a Python program as pulumi-language-python does: the exec shim
// (pulumi-language-python-exec, from the SDK's Go module) under the program's virtualenv python,
// with underscore flags and the config in the environment.
func (h *host) runPython(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	_, closer, err := h.connectToEngine()
	if err != nil {
		return nil, err
	}
	defer closer.Close()

	opts, err := parsePythonOptions(req.Info.RootDirectory, req.Info.ProgramDirectory, req.Info.Options.AsMap())
	if err != nil {
		return nil, err
	}
	args := []string{h.pythonExec}
	flagIfSet := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagIfSet("monitor", req.GetMonitorAddress())
	flagIfSet("engine", h.engineAddress)
	flagIfSet("project", req.GetProject())
	flagIfSet("root_directory", req.GetInfo().GetRootDirectory())
	flagIfSet("stack", req.GetStack())
	flagIfSet("pwd", req.GetPwd())
	flagIfSet("dry_run", strconv.FormatBool(req.GetDryRun()))
	flagIfSet("parallel", strconv.Itoa(int(req.GetParallel())))
	flagIfSet("tracing", h.tracing)
	flagIfSet("organization", req.GetOrganization())
	args = append(args, req.Info.EntryPoint)
	args = append(args, req.GetArgs()...)

	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return nil, err
	}
	cmd, err := tc.Command(ctx, args...)
	if err != nil {
		return nil, err
	}
	// Re-create the command under the host's cancellation, keeping the toolchain's choices.
	run, cancel := h.commandFor(ctx, cmd.Path, cmd.Args[1:]...)
	defer cancel()
	run.Dir = cmd.Dir
	run.Env = cmd.Env
	if run.Env == nil {
		run.Env = os.Environ()
	}
	if cfg := req.GetConfig(); cfg != nil {
		b, err := json.Marshal(cfg)
		if err != nil {
			return nil, fmt.Errorf("failed to serialize configuration: %w", err)
		}
		run.Env = append(run.Env, "PULUMI_CONFIG="+string(b))
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, _ := json.Marshal(secretKeys)
	run.Env = append(run.Env, "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	run.Stdout, run.Stderr = os.Stdout, os.Stderr

	err = run.Run()
	if err == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	_ = os.Stdout.Sync()
	_ = os.Stderr.Sync()
	code, ran := exitCode(err)
	switch {
	case !ran:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("problem executing program (could not run language executor): %s", err)}, nil
	case code == 0:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited unexpectedly: %s", err)}, nil
	case code == exitLoggedError:
		return &pulumirpc.RunResponse{Bail: true}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited with non-zero exit code: %d", code)}, nil
	}
}
