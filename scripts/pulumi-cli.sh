#!/usr/bin/env bash
# Builds the real Pulumi CLI and YAML language host pinned in tools/pulumi/go.mod, and the
# project's stand-in for the nodejs/python/go language hosts (tools/pulumi/langhost) with the
# Python host's exec shim, into a
# git-ignored folder. A second run with nothing changed only checks a stamp and takes a moment.
#
# Usage: scripts/pulumi-cli.sh        (prints progress on stderr; the LAST stdout line is the
#                                      folder's absolute path: put it on PATH)
# Env:   PULUMI_CLI_DIR  where to build (default: <repo>/.cache/pulumi-cli)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
mod="$root/tools/pulumi"
out="${PULUMI_CLI_DIR:-$root/.cache/pulumi-cli}"

# Keep in step with tools/pulumi/go.mod (a check below fails the build if they disagree).
cli_version="v3.277.0"
yaml_version="v1.38.3"

for v in "github.com/pulumi/pulumi/pkg/v3 $cli_version" "github.com/pulumi/pulumi-yaml $yaml_version"; do
    if ! grep -q "$v" "$mod/go.mod"; then
        echo "pulumi-cli.sh: tools/pulumi/go.mod does not pin $v" >&2
        exit 1
    fi
done

stamp_of() {
    cat "$mod/go.mod" "$mod/go.sum" "$mod"/langhost/*.go "$0" | sha256sum | cut -d' ' -f1
}
want="$(stamp_of)"
bins=(pulumi pulumi-language-yaml pulumi-language-nodejs pulumi-language-python pulumi-language-go pulumi-language-python-exec)

up_to_date() {
    [[ -f "$out/.stamp" && "$(cat "$out/.stamp")" == "$want" ]] || return 1
    for b in "${bins[@]}"; do [[ -x "$out/$b" ]] || return 1; done
}

if up_to_date; then
    echo "pulumi-cli.sh: $out is up to date ($("$out/pulumi" version))" >&2
    echo "$out"
    exit 0
fi

command -v go >/dev/null || { echo "pulumi-cli.sh: Go is needed to build the Pulumi CLI" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out/.stamp"
start=$SECONDS
echo "pulumi-cli.sh: building pulumi $cli_version and pulumi-language-yaml $yaml_version into $out (a cold build takes several minutes)" >&2

cd "$mod"
# The version variables make `pulumi version` and the YAML host report what they are.
go build -tags osusergo,grpcnotrace \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$cli_version -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$yaml_version" \
    -o "$out/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
go build -o "$out/langhost-standin" ./langhost
for lang in nodejs python go; do
    ln -f "$out/langhost-standin" "$out/pulumi-language-$lang"
done
# The Python host runs programs through this shim, which the CLI's release archives carry beside
# the host; it ships in the sdk/v3 Go module the CLI is built from.
sdk_dir="$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$out/pulumi-language-python-exec"

echo "$want" > "$out/.stamp"
echo "pulumi-cli.sh: built in $((SECONDS - start)) s; $(du -sh "$out" | cut -f1) on disk; $("$out/pulumi" version)" >&2
echo "$out"
