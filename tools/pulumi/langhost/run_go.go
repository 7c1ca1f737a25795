package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/executable"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

type goOptions struct {
	binary      string
	buildTarget string
}

func parseGoOptions(options map[string]any) (goOptions, error) {
	var opts goOptions
	if v, ok := options["binary"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("binary option must be a string")
		}
		opts.binary = s
	}
	if v, ok := options["buildTarget"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("buildTarget option must be a string")
		}
		opts.buildTarget = s
	}
	if opts.binary != "" && opts.buildTarget != "" {
		return opts, errors.New("binary and buildTarget cannot both be specified")
	}
	return opts, nil
}

// runGo runs a Go program as pulumi-language-go does: `go build` of the program directory into
// a temporary binary (or the `binary` option as given), run with the deployment in PULUMI_*
// environment variables (read by sdk/v3 go/pulumi/run.go) from the request's pwd.
func (h *host) runGo(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	engine, closer, err := h.connectToEngine()
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	opts, err := parseGoOptions(req.Info.Options.AsMap())
	if err != nil {
		return nil, err
	}

	env := os.Environ()
	setIf := func(k, v string) {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	cfg := ""
	if c := req.GetConfig(); c != nil {
		b, err := json.Marshal(c)
		if err != nil {
			return nil, fmt.Errorf("failed to prepare environment: %w", err)
		}
		cfg = string(b)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, _ := json.Marshal(secretKeys)
	setIf("PULUMI_ORGANIZATION", req.GetOrganization())
	setIf("PULUMI_PROJECT", req.GetProject())
	setIf("PULUMI_ROOT_DIRECTORY", req.GetInfo().GetRootDirectory())
	setIf("PULUMI_STACK", req.GetStack())
	setIf("PULUMI_CONFIG", cfg)
	setIf("PULUMI_CONFIG_SECRET_KEYS", string(secretJSON))
	setIf("PULUMI_DRY_RUN", strconv.FormatBool(req.GetDryRun()))
	setIf("PULUMI_PARALLEL", strconv.Itoa(int(req.GetParallel())))
	setIf("PULUMI_MONITOR", req.GetMonitorAddress())
	setIf("PULUMI_ENGINE", h.engineAddress)

	program := ""
	if opts.binary != "" {
		if program, err = executable.FindExecutable(opts.binary); err != nil {
			return nil, fmt.Errorf("unable to find '%s' executable: %w", opts.binary, err)
		}
	} else {
		if program, err = h.compileGo(ctx, engine, req.Info.ProgramDirectory, opts.buildTarget); err != nil {
			return nil, fmt.Errorf("error in compiling Go: %w", err)
		}
		if opts.buildTarget == "" {
			defer os.Remove(program)
		}
	}

	cmd, cancel := h.commandFor(ctx, program)
	defer cancel()
	cmd.Dir = req.Pwd
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	err = cmd.Run()
	if err == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	code, ran := exitCode(err)
	switch {
	case !ran:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("command errored unexpectedly: %s", err)}, nil
	case code == exitLoggedError:
		return &pulumirpc.RunResponse{Bail: true}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited with non-zero exit code: %d", code)}, nil
	}
}

func (h *host) compileGo(ctx context.Context, engine pulumirpc.EngineClient, dir, outfile string) (string, error) {
	_, _ = engine.Log(ctx, &pulumirpc.LogRequest{Severity: pulumirpc.LogSeverity_INFO, Message: "Compiling the program ...", Ephemeral: true})
	pattern := filepath.Join(dir, "*.go")
	if matches, err := filepath.Glob(pattern); err != nil || len(matches) == 0 {
		return "", fmt.Errorf("Failed to find go files for 'go build' matching %s", pattern)
	}
	if outfile == "" {
		f, err := os.CreateTemp("", "pulumi-go.*")
		if err != nil {
			return "", fmt.Errorf("unable to create go program temp file: %w", err)
		}
		if err := f.Close(); err != nil {
			return "", fmt.Errorf("unable to close go program temp file: %w", err)
		}
		outfile = f.Name()
	}
	gobin, err := executable.FindExecutable("go")
	if err != nil {
		return "", fmt.Errorf("unable to find 'go' executable: %w", err)
	}
	build := exec.CommandContext(ctx, gobin, "build", "-buildvcs=false", "-o", outfile, "-trimpath", "-ldflags", "-w -s")
	build.Dir = dir
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("unable to run `go build`: %w", err)
	}
	if ok, err := executable.IsExecutable(outfile); err != nil {
		return "", fmt.Errorf("unable to check if go program is executable: %w", err)
	} else if !ok {
		return "", errors.New("go program is not executable, does your program have a 'main' package?")
	}
	_, _ = engine.Log(ctx, &pulumirpc.LogRequest{Severity: pulumirpc.LogSeverity_INFO, Message: "Finished compiling", Ephemeral: true})
	return outfile, nil
}
