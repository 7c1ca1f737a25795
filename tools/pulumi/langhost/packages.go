package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// GetRequiredPackages tells the engine which resource plugins a program will need before it runs.
// nodejs: every package under the program's node_modules whose package.json says
// `"pulumi": {"resource": true}`, as the real host finds them (symlinks followed, nested policy
// packs skipped). python and go: the same facts from the installed packages' pulumi-plugin.json.
func (h *host) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	var packages []*pulumirpc.PackageDependency
	var err error
	switch h.language {
	case "nodejs":
		packages, err = nodePackages(req.Info.ProgramDirectory, false, map[string]bool{})
		if err != nil {
			// The real host logs these and answers with what it found.
			fmt.Fprintf(os.Stderr, "one or more errors while discovering plugins: %v\n", err)
		}
	case "python":
		packages, err = h.pythonPackages(ctx, req)
		if err != nil {
			return nil, err
		}
	default:
		packages, err = goPackages(ctx, req.Info.ProgramDirectory)
		if err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

type nodePackageJSON struct {
	Name    string                  `json:"name"`
	Version string                  `json:"version"`
	Pulumi  plugin.PulumiPluginJSON `json:"pulumi"`
}

func nodePackages(dir string, inNodeModules bool, visited map[string]bool) ([]*pulumirpc.PackageDependency, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if visited[dir] {
		return nil, nil
	}
	visited[dir] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading plugin dir %s: %w", dir, err)
	}
	var found []*pulumirpc.PackageDependency
	var errs []error
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			resolved, err := filepath.EvalSymlinks(path)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			path = resolved
			fi, err := os.Stat(path)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			isDir = fi.IsDir()
		}
		switch {
		case isDir:
			// A policy pack's own dependencies are not the program's.
			if pack, err := workspace.DetectPolicyPackPathAt(path); err != nil {
				errs = append(errs, err)
				continue
			} else if pack != "" {
				continue
			}
			more, err := nodePackages(path, inNodeModules || filepath.Base(dir) == "node_modules", visited)
			if err != nil {
				errs = append(errs, err)
			}
			found = append(found, more...)
		case inNodeModules && e.Name() == "package.json":
			dep, err := nodePackage(path)
			if err != nil {
				errs = append(errs, err)
			} else if dep != nil {
				found = append(found, dep)
			}
		}
	}
	return found, errors.Join(errs...)
}

func nodePackage(path string) (*pulumirpc.PackageDependency, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading package.json %s: %w", path, err)
	}
	var info nodePackageJSON
	if err := json.Unmarshal(b, &info); err != nil {
		return nil, fmt.Errorf("unmarshaling package.json %s: %w", path, err)
	}
	if !info.Pulumi.Resource {
		return nil, nil
	}
	name := info.Pulumi.Name
	if name == "" {
		if !strings.HasPrefix(info.Name, "@pulumi/") {
			return nil, fmt.Errorf("unmarshaling package.json %s: Missing property \"name\" for the third-party plugin '%v' "+
				"inside package.json under the \"pulumi\" section.", path, info.Name)
		}
		name = strings.TrimPrefix(info.Name, "@pulumi/")
	}
	return dependencyOf(name, info.Version, info.Pulumi)
}

// dependencyOf builds the engine's PackageDependency from a package's plugin facts.
func dependencyOf(name, packageVersion string, p plugin.PulumiPluginJSON) (*pulumirpc.PackageDependency, error) {
	version := p.Version
	if version == "" {
		version = packageVersion
	}
	if version == "" {
		return nil, fmt.Errorf("package %s: Missing expected \"version\" property", name)
	}
	if !strings.HasPrefix(version, "v") {
		version = "v" + version
	}
	dep := &pulumirpc.PackageDependency{Name: name, Kind: "resource", Version: version, Server: p.Server}
	if p.Parameterization != nil {
		dep.Parameterization = &pulumirpc.PackageParameterization{
			Name: p.Parameterization.Name, Version: p.Parameterization.Version, Value: p.Parameterization.Value,
		}
	}
	return dep, nil
}
