/**
 * The README's examples for other languages are the programs the real-CLI suite runs
 * (tests/pulumi), so the two cannot drift: the YAML example is the whole program, the Python and
 * Go examples' component calls are lines of theirs.
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

    it("Go: the REST API call of the README is in examples/programs/go-rest-api", () => {
        const readme = block("#### Go", "go");
        const rest = readme.slice(0, readme.indexOf('ctx.Export("url", api.InvokeUrl)'));
        const lines = rest.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
        assert.ok(lines.length >= 5);
        for (const line of lines) {
            assert.ok(program("go-rest-api/main.go").includes(line), `not in the program: ${line}`);
        }
    });
});
