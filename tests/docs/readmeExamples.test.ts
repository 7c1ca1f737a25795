/**
 * The README's examples for other languages are the programs the real-CLI suite runs
 * (tests/pulumi), so the two cannot drift: the YAML example is the whole program, the Go example is
 * a verbatim part of its program, the Python example's component calls are lines of theirs.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const program = (p: string) => fs.readFileSync(path.join(ROOT, "examples", "programs", p), "utf8");

function block(heading: string, lang: string): string {
    const at = README.indexOf(`\n${heading}\n`);
    assert.ok(at >= 0, `README has no "${heading}" section`);
    const m = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(README.slice(at));
    assert.ok(m, `"${heading}" has no ${lang} block`);
    return m[1];
}

describe("README examples are the programs the real-CLI tests run", () => {
    it("YAML: the README block is examples/programs/yaml-http-api/Pulumi.yaml", () => {
        assert.equal(block("#### YAML", "yaml"), program("yaml-http-api/Pulumi.yaml"));
    });

    it("Python: every component line of the README is in examples/programs/python-http-api", () => {
        const lines = block("#### Python", "python").split("\n").filter((l) => /guard\.|route_key|function_arn|identity_sources/.test(l));
        assert.ok(lines.length >= 3, "the README's Python example calls the components");
        for (const line of lines) {
            assert.ok(program("python-http-api/__main__.py").includes(line.trim()), `not in the program: ${line}`);
        }
    });

    it("Go: the README block is a verbatim part of examples/programs/go-rest-api/main.go", () => {
        const readme = block("#### Go", "go");
        assert.ok(readme.includes("NewLambdaRestApi") && readme.includes("NewLambdaWebSocketApi"), "the README's Go example calls the components");
        // Inside `pulumi.Run(func(ctx *pulumi.Context) error {` the program is indented by two tabs.
        const indented = readme.split("\n").map((l) => (l.length > 0 ? `\t\t${l}` : l)).join("\n");
        assert.ok(program("go-rest-api/main.go").includes(indented), "the README's Go block is not a verbatim part of examples/programs/go-rest-api/main.go");
    });
});
