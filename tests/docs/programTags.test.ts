/**
 * With Pulumi Cloud as the backend, the CLI turns a project's description into the stack tag
 * `pulumi:description` and refuses `pulumi stack init`, `preview` and `up` when a tag value is
 * longer than 256 characters ("validating stack properties", pkg/backend/httpstate/client at
 * 3.277). A file backend does not check, so only the Cloud tests would notice: every example
 * program must stay within the limit.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

const PROGRAMS = path.join(__dirname, "..", "..", "examples", "programs");
const MAX_TAG_VALUE = 256;

describe("example programs can be Pulumi Cloud stacks", () => {
    for (const name of fs.readdirSync(PROGRAMS)) {
        const file = path.join(PROGRAMS, name, "Pulumi.yaml");
        if (!fs.existsSync(file)) continue;
        it(`${name}: the description fits the pulumi:description stack tag`, () => {
            const project = yaml.load(fs.readFileSync(file, "utf8")) as { description?: string };
            const length = (project.description ?? "").length;
            assert.ok(length <= MAX_TAG_VALUE, `examples/programs/${name}/Pulumi.yaml: description is ${length} characters, over Pulumi Cloud's ${MAX_TAG_VALUE}`);
        });
    }
});
