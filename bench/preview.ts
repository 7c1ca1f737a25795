/**
 * `npm run bench -- --only preview`: what a user waits for. The real CLI (scripts/pulumi-cli.sh)
 * previews generated TypeScript programs (plain @pulumi/aws on the aws stand-in, type-checked by
 * ts-node as users run them) of N routes, three ways: no pack, the empty @pulumi/policy pack
 * (bench/packs.ts) and this pack (`--policy-pack <repo>`, this checkout as built). Two phases:
 * the first preview of a stack that was never deployed, and the preview of a deployed stack
 * (`pulumi up` once, no pack, then previews with nothing to change). Rounds are interleaved
 * (phase by phase, variant by variant); the figures are medians of whole `pulumi preview` runs.
 *
 * The program per route: a Lambda function, an HTTP API integration and route, and an
 * aws.lambda.Permission scoped to the route's method and path; one execution role, and one HTTP
 * API with its $default stage per 100 routes. Resources: 4 per route + 1 + 2 per API.
 */
import * as fs from "fs";
import * as path from "path";
import { Workspace } from "../tests/pulumi/cli";
import { TS_DEPENDENCIES, TsPrograms } from "../tests/pulumi/tsprograms";
import { OUT, REPO } from "./packs";
import { elapsedMs, median, now } from "./stats";

const ROUTES_PER_API = 100;

/** The program's index.ts for `routes` routes: what a user writes, a loop over route names. */
function programSource(routes: number): string {
    return `import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const ROUTES = ${routes};
const PER_API = ${ROUTES_PER_API};

const code = new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200, body: 'ok' });"),
});
const role = new aws.iam.Role("exec", {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }),
});

const apis: aws.apigatewayv2.Api[] = [];
for (let a = 0; a * PER_API < ROUTES; a++) {
    const api = new aws.apigatewayv2.Api(\`shop-\${a}\`, { protocolType: "HTTP" });
    new aws.apigatewayv2.Stage(\`default-\${a}\`, { apiId: api.id, name: "$default", autoDeploy: true });
    apis.push(api);
}

for (let i = 0; i < ROUTES; i++) {
    const api = apis[Math.floor(i / PER_API)];
    const path = \`/items\${i}\`;
    const fn = new aws.lambda.Function(\`fn-\${i}\`, { runtime: "nodejs20.x", handler: "index.handler", role: role.arn, code });
    const integration = new aws.apigatewayv2.Integration(\`int-\${i}\`, {
        apiId: api.id,
        integrationType: "AWS_PROXY",
        integrationUri: fn.invokeArn,
        payloadFormatVersion: "2.0",
    });
    new aws.apigatewayv2.Route(\`route-\${i}\`, {
        apiId: api.id,
        routeKey: \`GET \${path}\`,
        target: pulumi.interpolate\`integrations/\${integration.id}\`,
    });
    new aws.lambda.Permission(\`invoke-\${i}\`, {
        action: "lambda:InvokeFunction",
        function: fn.name,
        principal: "apigateway.amazonaws.com",
        sourceArn: pulumi.interpolate\`\${api.executionArn}/*/GET\${path}\`,
    });
}

export const endpoints = apis.map((a) => a.apiEndpoint);
`;
}

export function resourceCount(routes: number): number {
    return 4 * routes + 1 + 2 * Math.ceil(routes / ROUTES_PER_API);
}

const EXAMPLE = path.join(REPO, "examples", "programs", "ts-roles-fixed");

interface Variant {
    label: string;
    args: string[];
    /** A line the preview prints when this variant's pack ran (checked on every run). */
    proof?: RegExp;
}

export interface PreviewOptions {
    out: (line?: string) => void;
    note: (line: string) => void;
    emptyPackDir: string;
    routes: number[];
    /** Rounds per size: small sizes get `rounds`, sizes >= 1000 get `bigRounds`. */
    rounds: number;
    bigRounds: number;
}

/**
 * The CLI loads a `--policy-pack` folder only with a PulumiPolicy.yaml (runtime nodejs); the
 * engine-spawning benchmarks of bench/packs.ts do not need one, so it is added here.
 */
function ensurePolicyProject(dir: string): void {
    const file = path.join(dir, "PulumiPolicy.yaml");
    if (!fs.existsSync(file)) {
        fs.writeFileSync(file, "runtime: nodejs\n");
    }
}

/**
 * The programs' npm install, kept in .bench-out/preview-deps between runs (reinstalled when the
 * pinned dependencies change) and linked into the workspace where TsPrograms looks for it.
 */
function linkDeps(ts: TsPrograms, note: (line: string) => void): void {
    const keep = path.join(OUT, "preview-deps");
    const stamp = path.join(keep, ".installed");
    const want = JSON.stringify(TS_DEPENDENCIES);
    fs.mkdirSync(keep, { recursive: true });
    fs.symlinkSync(keep, ts.depsDir, "dir");
    if (!fs.existsSync(stamp) || fs.readFileSync(stamp, "utf8") !== want) {
        note("preview: installing the programs' dependencies into .bench-out/preview-deps (once)...");
        ts.install();
        fs.writeFileSync(stamp, want);
    }
}

function loadavg(): string {
    return fs.readFileSync("/proc/loadavg", "utf8").trim().split(" ").slice(0, 3).join(" ");
}

function ratio(a: number, b: number): string {
    return `${(a / b).toFixed(2)}x`;
}

const sec = (x: number) => `${(x / 1000).toFixed(1)} s`;

export async function previewSection(opts: PreviewOptions): Promise<void> {
    const { out, note } = opts;
    const variants: Variant[] = [
        { label: "no pack", args: [] },
        { label: "empty pack", args: ["--policy-pack", opts.emptyPackDir], proof: /empty@v/ },
        { label: "this pack", args: ["--policy-pack", REPO], proof: /apigw-lambda-guard@v/ },
    ];
    out("## Real preview: `pulumi preview` of TypeScript programs, no pack / empty pack / this pack");
    out();
    out("The real CLI previews a generated TypeScript program (plain @pulumi/aws on the aws stand-in, type-checked by ts-node as users run it): " +
        `per route a Lambda function, an HTTP API integration and route and a scoped aws.lambda.Permission; one execution role; one HTTP API and stage per ${ROUTES_PER_API} routes. ` +
        "First preview: a stack never deployed. Deployed: the same program after one `pulumi up` (no pack), nothing to change. " +
        "Variants interleaved in every round; whole `pulumi preview` wall time, medians. Empty pack: .bench-out/floor/empty (no policies, compiled JS); this pack: `--policy-pack <repo>` (dist/ as built, the checkout's node_modules).");
    out();
    out("| routes | resources | phase | rounds | no pack | empty pack | this pack | this / empty | this / none | load (start -> end) |");
    out("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");

    const ws = new Workspace("bench-preview");
    try {
        await ws.login();
        const ts = new TsPrograms(ws);
        ensurePolicyProject(opts.emptyPackDir);
        linkDeps(ts, note);
        for (const routes of opts.routes) {
            const rounds = routes >= 1000 ? opts.bigRounds : opts.rounds;
            const src = path.join(ws.dir, `src-${routes}`);
            fs.cpSync(EXAMPLE, src, { recursive: true });
            fs.writeFileSync(path.join(src, "index.ts"), programSource(routes));
            const dir = await ts.setUp(src, { as: `routes-${routes}`, stacks: [`first-${routes}`, `deployed-${routes}`] });
            const timeoutMs = 3_600_000;
            note(`preview: ${routes} routes: pulumi up of the deployed stack...`);
            const up = await ws.pulumi(["up", "--yes", "--stack", `deployed-${routes}`], { cwd: dir, timeoutMs });
            if (up.code !== 0) {
                throw new Error(`pulumi up of ${routes} routes failed\n${up.stdout}\n${up.stderr}`);
            }
            note(`preview: ${routes} routes deployed in ${sec(up.ms)}`);
            const loadStart = loadavg();
            const times = new Map<string, number[]>();
            for (let r = 0; r < rounds; r++) {
                for (const stack of ["first", "deployed"]) {
                    for (const v of variants) {
                        const t = now();
                        const res = await ws.pulumi(["preview", "--stack", `${stack}-${routes}`, ...v.args], { cwd: dir, timeoutMs });
                        const took = elapsedMs(t);
                        if (res.code !== 0) {
                            throw new Error(`${res.command} (${routes} routes, ${v.label}) exited ${res.code}\n${res.stdout}\n${res.stderr}`);
                        }
                        if (v.proof && !v.proof.test(res.stdout)) {
                            throw new Error(`${res.command} (${routes} routes): the output does not show that ${v.label} ran\n${res.stdout}`);
                        }
                        const expected = stack === "first" ? /\+ \d+ to create/ : /\d+ unchanged/;
                        if (!expected.test(res.stdout)) {
                            throw new Error(`${res.command} (${routes} routes, ${stack}): unexpected summary\n${res.stdout}`);
                        }
                        const key = `${stack}/${v.label}`;
                        times.set(key, [...(times.get(key) ?? []), took]);
                        note(`preview: ${routes} routes, ${stack}, ${v.label}: ${sec(took)} (round ${r + 1}/${rounds}, load ${loadavg()})`);
                    }
                }
            }
            const loadEnd = loadavg();
            for (const stack of ["first", "deployed"]) {
                const [none, empty, guard] = variants.map((v) => median(times.get(`${stack}/${v.label}`)!));
                out(`| ${routes} | ${resourceCount(routes)} | ${stack === "first" ? "first preview" : "deployed"} | ${rounds} | ${sec(none)} | ${sec(empty)} | ${sec(guard)} | ` +
                    `${ratio(guard, empty)} | ${ratio(guard, none)} | ${loadStart} -> ${loadEnd} |`);
            }
        }
    } finally {
        ws.remove();
    }
    out();
}
