package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/mod/modfile"
)

// pluginJSONPaths asks the program's Python where each installed distribution keeps its
// pulumi-plugin.json (the real host runs a script of the same purpose).
const pluginJSONPaths = `import json, sys
from importlib import metadata
found = {}
for name in sys.argv[1:]:
    try:
        files = metadata.distribution(name).files or []
    except Exception:
        continue
    for f in files:
        if f.name == "pulumi-plugin.json":
            found[name] = str(f.locate())
            break
print(json.dumps(found))`

func (h *host) pythonPackages(ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest) ([]*pulumirpc.PackageDependency, error) {
	opts, err := parsePythonOptions(req.Info.RootDirectory, req.Info.ProgramDirectory, req.Info.Options.AsMap())
	if err != nil {
		return nil, err
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	if err := tc.EnsureVenv(ctx, req.Info.ProgramDirectory, false, true, io.Discard, os.Stderr); err != nil {
		return nil, err
	}
	installed, err := tc.ListPackages(ctx, true)
	if err != nil {
		return nil, err
	}
	names := []string{"-c", pluginJSONPaths}
	for _, p := range installed {
		names = append(names, p.Name)
	}
	paths := map[string]string{}
	if cmd, err := tc.Command(ctx, names...); err == nil {
		if out, err := cmd.Output(); err == nil {
			if err := json.Unmarshal(out, &paths); err != nil {
				return nil, fmt.Errorf("failed to parse pulumi-plugin.json paths: %w", err)
			}
		}
	}
	var deps []*pulumirpc.PackageDependency
	for _, p := range installed {
		if p.Name == "pulumi" || p.Name == "pulumi-policy" {
			continue // the SDKs themselves carry no plugin
		}
		var facts plugin.PulumiPluginJSON
		if path := paths[p.Name]; path != "" {
			loaded, err := plugin.LoadPulumiPluginJSON(path)
			if err != nil {
				return nil, fmt.Errorf("failed to parse pulumi-plugin.json for %s: %w", p.Name, err)
			}
			if !loaded.Resource {
				continue
			}
			facts = *loaded
		} else if !strings.HasPrefix(p.Name, "pulumi-") && !strings.HasPrefix(p.Name, "pulumi_") {
			continue
		}
		name := facts.Name
		if name == "" {
			name = strings.TrimPrefix(strings.TrimPrefix(p.Name, "pulumi-"), "pulumi_")
		}
		version := facts.Version
		if version == "" {
			v, err := semver.ParseTolerant(p.Version)
			if err != nil {
				continue // the real host skips versions it cannot turn into semver
			}
			version = v.String()
		}
		dep, err := dependencyOf(name, version, facts)
		if err != nil {
			return nil, err
		}
		deps = append(deps, dep)
	}
	return deps, nil
}

// goPackages: the program's go.mod requirements whose module holds a pulumi-plugin.json that
// says resource: true, looked up where the real host looks (the module root, go/, go/*/, */).
func goPackages(ctx context.Context, programDir string) ([]*pulumirpc.PackageDependency, error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("couldn't find go binary: %w", err)
	}
	gomodPath := filepath.Join(programDir, "go.mod")
	data, err := os.ReadFile(gomodPath)
	if err != nil {
		return nil, nil // the real host answers an empty list when go.mod cannot be read
	}
	mod, err := modfile.Parse(gomodPath, data, nil)
	if err != nil {
		return nil, nil
	}
	args := []string{"list", "-m", "-json", "-mod=mod"}
	for _, r := range mod.Require {
		args = append(args, r.Mod.Path)
	}
	if len(args) == 4 {
		return nil, nil
	}
	cmd := exec.CommandContext(ctx, gobin, args...)
	cmd.Dir = programDir
	out, err := cmd.Output()
	if err != nil {
		return nil, nil
	}
	var deps []*pulumirpc.PackageDependency
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var m struct{ Path, Version, Dir string }
		if err := dec.Decode(&m); err != nil || m.Dir == "" {
			continue
		}
		facts := goPluginJSON(m.Dir)
		if facts == nil || !facts.Resource {
			continue
		}
		name := facts.Name
		if name == "" {
			parts := strings.Split(m.Path, "/")
			if len(parts) < 3 || !strings.Contains(parts[2], "-") {
				continue
			}
			name = strings.SplitN(parts[2], "-", 2)[1]
		}
		version := facts.Version
		if version == "" {
			version = m.Version
		}
		if _, err := semver.ParseTolerant(version); err != nil {
			continue
		}
		dep, err := dependencyOf(name, version, *facts)
		if err != nil {
			continue
		}
		deps = append(deps, dep)
	}
	return deps, nil
}

func goPluginJSON(dir string) *plugin.PulumiPluginJSON {
	paths := []string{filepath.Join(dir, "pulumi-plugin.json"), filepath.Join(dir, "go", "pulumi-plugin.json")}
	for _, pattern := range []string{filepath.Join(dir, "go", "*", "pulumi-plugin.json"), filepath.Join(dir, "*", "pulumi-plugin.json")} {
		if more, err := filepath.Glob(pattern); err == nil {
			paths = append(paths, more...)
		}
	}
	for _, p := range paths {
		if facts, err := plugin.LoadPulumiPluginJSON(p); err == nil {
			return facts
		}
	}
	return nil
}
