/**
 * core/permissions.ts (with core/lambdaFunctions.ts and core/sentArn.ts) in-process: the permission
 * model, three-valued ArnLike over what API Gateway sends, preview-time correlation through
 * dependencies, scope and size. Stacks are built with the
 * scenario harness's StackBuilder and converted the way AnalyzeStack delivers them (outputs,
 * unknowns as `Unknown`), so these tests see what the policies see.
 */
import * as assert from "assert";
import { Qualifier, parseFunctionReference, sameQualifier } from "../../core/lambdaFunctions";
import {
    LambdaPermission,
    patternWithin,
    permissionAllows,
    permissionStatementBytes,
    policyBytesOf,
    readPermissions,
    scopeProblems,
    sourceArnBytes,
} from "../../core/permissions";
import { resolveStack } from "../../core/resolve";
import { InvokeTarget, arnLikeSent, invokeTargetOf } from "../../core/sentArn";
import { StackIndex, StackResource } from "../../core/stack";
import { toValue } from "../../core/values";
import { Verdict } from "../../core/verdict";
import { ACCOUNT, REGION, fn, httpApi, permission, restApi, restResource, restRoute, v2Route } from "../harness/fixtures";
import { Interp, Mode, StackBuilder } from "../harness/stackBuilder";

const REST_EXEC = `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5`;
const HTTP_EXEC = `arn:aws:execute-api:${REGION}:${ACCOUNT}:h1t2t3p4a5`;

function indexOf(s: StackBuilder, mode: Mode): StackIndex {
    const resources: StackResource[] = s.build(mode).map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: toValue(r.outputs),
        dependencies: r.dependencies ?? [],
        propertyDependencies: r.propertyDependencies ?? {},
    }));
    return new StackIndex(resources);
}

/** The single no-role invocation of the stack as a target, and the permissions by logical name. */
function analyse(s: StackBuilder, mode: Mode): { targets: InvokeTarget[]; permissions: Map<string, LambdaPermission> } {
    const index = indexOf(s, mode);
    const targets = resolveStack(index)
        .invocations.filter((i) => i.credentials.kind === "none")
        .map((i) => invokeTargetOf(index, i)!)
        .filter((t) => t !== undefined);
    return { targets, permissions: new Map(readPermissions(index).map((p) => [p.resource.name, p])) };
}

/** The verdict of a permission for every ARN a route sends, combined. */
function verdictFor(target: InvokeTarget, p: LambdaPermission): { verdict: Verdict; reasons: string[] } {
    const evaluations = target.routes.flatMap((r) => r.sent).map((sent) => permissionAllows(p, target, sent));
    const verdict: Verdict = evaluations.some((e) => e.verdict === "no") ? "no" : evaluations.every((e) => e.verdict === "yes") ? "yes" : "maybe";
    return { verdict, reasons: evaluations.flatMap((e) => e.reasons) };
}

function restPets(s: StackBuilder, path = "pets", method = "GET"): void {
    fn(s, "pets");
    restApi(s, "shop-api");
    restResource(s, "pets-res", "shop-api", path);
    restRoute(s, "get-pets", { api: "shop-api", resource: "pets-res", method, function: "pets" });
}

describe("core/permissions", () => {
    describe("arnLikeSent: ArnLike over a sent ARN whose unknown parts are holes", () => {
        const HOLE_API = "arn:\uE001:execute-api:\uE002:\uE003:\uE004";
        const cases: { why: string; pattern: string; sent: string; expect: Verdict }[] = [
            { why: "an exact pattern", pattern: `${REST_EXEC}/prod/GET/pets`, sent: `${REST_EXEC}/prod/GET/pets`, expect: "yes" },
            { why: "* spans the stage and the path", pattern: `${REST_EXEC}/*`, sent: `${REST_EXEC}/prod/GET/pets/{petId}`, expect: "yes" },
            { why: "a literal ANY", pattern: `${REST_EXEC}/*/ANY/pets`, sent: `${REST_EXEC}/prod/GET/pets`, expect: "no" },
            { why: "a * never spans ARN parts", pattern: `arn:aws:execute-api:*:${REST_EXEC.split(":").slice(4).join(":")}/*`, sent: `${REST_EXEC}/prod/GET/pets`, expect: "yes" },
            { why: "wildcards cover every hole", pattern: "arn:*:execute-api:*:*:*", sent: `${HOLE_API}/\uE005/GET/pets`, expect: "yes" },
            { why: "a concrete pattern over holes may match", pattern: `${REST_EXEC}/*/GET/pets`, sent: `${HOLE_API}/\uE005/GET/pets`, expect: "maybe" },
            { why: "the known path still decides", pattern: `${REST_EXEC}/*/POST/pets`, sent: `${HOLE_API}/\uE005/GET/pets`, expect: "no" },
            { why: "a hole stage against a concrete stage", pattern: `${REST_EXEC}/prod/GET/pets`, sent: `${REST_EXEC}/\uE005/GET/pets`, expect: "maybe" },
            { why: "a hole authorizer id under authorizers/*", pattern: `${REST_EXEC}/authorizers/*`, sent: `${REST_EXEC}/authorizers/\uE006`, expect: "yes" },
            { why: "a route ARN never covers an authorizer", pattern: `${REST_EXEC}/*/*/*`, sent: `${REST_EXEC}/authorizers/\uE006`, expect: "no" },
            { why: "not an ARN", pattern: "execute-api/*", sent: `${REST_EXEC}/prod/GET/pets`, expect: "no" },
        ];
        for (const c of cases) {
            it(`${c.why}: ${c.expect}`, () => assert.strictEqual(arnLikeSent(c.pattern, c.sent), c.expect));
        }
    });

    describe("scopeProblems", () => {
        const cases: { sourceArn: string; problems: RegExp[] }[] = [
            { sourceArn: `${REST_EXEC}/*/GET/pets`, problems: [] },
            { sourceArn: `${REST_EXEC}/*`, problems: [] },
            { sourceArn: "arn:aws:execute-api:*:*:*", problems: [/region "\*"/, /account "\*"/, /API id "\*"/] },
            { sourceArn: `arn:aws:execute-api:${REGION}:*:a1b2c3d4e5/*`, problems: [/account "\*" is not a concrete 12-digit/] },
            { sourceArn: `arn:aws:execute-api:${REGION}:12345678901?:a1b2c3d4e5/*`, problems: [/account "12345678901\?"/] },
            { sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:*/prod/GET/pets`, problems: [/API id "\*"/] },
            { sourceArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:x`, problems: [/not an execute-api ARN/] },
        ];
        for (const c of cases) {
            it(`${c.sourceArn}: ${c.problems.length === 0 ? "scoped" : c.problems.length + " problem(s)"}`, () => {
                const problems = scopeProblems(c.sourceArn);
                assert.strictEqual(problems.length, c.problems.length, problems.join("; "));
                c.problems.forEach((re, i) => assert.match(problems[i], re));
            });
        }
    });

    describe("patternWithin (broader-than-needed detection)", () => {
        it("an API-wide pattern is not within a route pattern", () => assert.ok(!patternWithin(`${REST_EXEC}/*/*/*`, `${REST_EXEC}/*/GET/pets`)));
        it("a route pattern is within itself", () => assert.ok(patternWithin(`${REST_EXEC}/*/GET/pets/*`, `${REST_EXEC}/*/GET/pets/*`)));
        it("one stage is within every stage", () => assert.ok(patternWithin(`${REST_EXEC}/prod/GET/pets`, `${REST_EXEC}/*/GET/pets`)));
        it("another API is not within", () => assert.ok(!patternWithin(`${REST_EXEC.replace("a1b2", "zzzz")}/*/GET/pets`, `${REST_EXEC}/*/GET/pets`)));
    });

    describe("sameQualifier", () => {
        const known = (value?: string): Qualifier => ({ kind: "known", value });
        const fov: Qualifier = { kind: "function-or-version" };
        const cases: [string, Qualifier, Qualifier, Verdict][] = [
            ["both unqualified", known(), known(), "yes"],
            ["same alias", known("live"), known("live"), "yes"],
            ["alias vs unqualified", known("live"), known(), "no"],
            ["a Function reference vs an alias: a Function's outputs never name an alias", fov, known("live"), "no"],
            ["a Function reference vs unqualified", fov, known(), "maybe"],
            ["a Function reference vs a version number", fov, known("3"), "maybe"],
            ["unknown vs alias", { kind: "unknown" }, known("live"), "maybe"],
        ];
        for (const [why, a, b, expect] of cases) {
            it(`${why}: ${expect}`, () => {
                assert.strictEqual(sameQualifier(a, b), expect);
                assert.strictEqual(sameQualifier(b, a), expect);
            });
        }
    });

    describe("parseFunctionReference", () => {
        it("a name", () => assert.deepStrictEqual(parseFunctionReference("pets"), { name: "pets", qualifier: undefined }));
        it("name:alias", () => assert.deepStrictEqual(parseFunctionReference("pets:live"), { name: "pets", qualifier: "live" }));
        it("a partial ARN", () => assert.deepStrictEqual(parseFunctionReference(`${ACCOUNT}:function:pets:3`), { name: "pets", account: ACCOUNT, qualifier: "3" }));
        it("a qualified ARN", () =>
            assert.deepStrictEqual(parseFunctionReference(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets:live`), {
                name: "pets",
                account: ACCOUNT,
                arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets`,
                qualifier: "live",
            }));
        it("$LATEST is the unqualified function", () => assert.strictEqual(parseFunctionReference("pets:$LATEST")?.qualifier, undefined));
    });

    describe("permissionAllows over a REST route (GET /pets/{petId})", () => {
        const build = (sourceArn: (s: StackBuilder) => unknown, extra?: (s: StackBuilder) => void) => {
            const s = new StackBuilder();
            fn(s, "pets");
            restApi(s, "shop-api");
            restApi(s, "other-api", "o7h3r00001");
            restResource(s, "pets-res", "shop-api", "pets");
            restResource(s, "pet-res", "shop-api", "{petId}", "pets-res", "/pets/{petId}");
            restRoute(s, "get-pet", { api: "shop-api", resource: "pet-res", method: "GET", function: "pets" });
            permission(s, "perm", { function: "pets", sourceArn: sourceArn(s) });
            extra?.(s);
            return s;
        };
        const exec = (api: string) => (s: StackBuilder) => s.ref(api, "executionArn");
        const cases: { why: string; sourceArn: (s: StackBuilder) => unknown; preview: Verdict; update: Verdict; reason?: RegExp }[] = [
            { why: "the route's pattern", sourceArn: (s) => s.interp`${exec("shop-api")(s)}/*/GET/pets/*`, preview: "maybe", update: "yes" },
            { why: "the whole API", sourceArn: (s) => s.interp`${exec("shop-api")(s)}/*/*/*`, preview: "maybe", update: "yes" },
            { why: "another API of the stack", sourceArn: (s) => s.interp`${exec("other-api")(s)}/*/GET/pets/*`, preview: "no", update: "no", reason: /another API|API id "o7h3r00001"/ },
            { why: "a renamed path parameter", sourceArn: (s) => s.interp`${exec("shop-api")(s)}/*/GET/pets/{id}`, preview: "maybe", update: "no", reason: /path parameters are matched literally/ },
            { why: "a literal ANY", sourceArn: (s) => s.interp`${exec("shop-api")(s)}/*/ANY/pets/*`, preview: "maybe", update: "no", reason: /literal ANY never matches/ },
            {
                why: "another account",
                sourceArn: (s) => new Interp([`arn:aws:execute-api:${REGION}:111111111111:`, s.ref("shop-api", "id"), "/*/GET/pets/*"]),
                preview: "maybe",
                update: "no",
                reason: /account "111111111111" is not the API's account/,
            },
            // At preview both sides reach the function through unknown outputs (its name, its invokeArn): the
            // qualifier is the function or a published version on both, so "maybe" at best.
            { why: "no sourceArn (any API may invoke)", sourceArn: () => undefined, preview: "maybe", update: "yes" },
            { why: "a literal wildcard ARN", sourceArn: () => "arn:*:execute-api:*:*:*", preview: "maybe", update: "yes" },
            { why: "a literal ARN of an API id not created yet", sourceArn: () => `${REST_EXEC}/*/GET/pets/*`, preview: "maybe", update: "yes" },
        ];
        for (const mode of ["preview", "update"] as Mode[]) {
            for (const c of cases) {
                it(`${mode}: ${c.why}: ${c[mode]}`, () => {
                    const { targets, permissions } = analyse(build(c.sourceArn), mode);
                    assert.strictEqual(targets.length, 1);
                    const got = verdictFor(targets[0], permissions.get("perm")!);
                    assert.strictEqual(got.verdict, c[mode], got.reasons.join("; "));
                    if (c.reason && c[mode] === "no") {
                        assert.match(got.reasons.join("; "), c.reason);
                    }
                });
            }
        }
    });

    describe("function and qualifier", () => {
        /** pets + alias "live"; the integration invokes the alias; the permission as given. */
        function aliasStack(perm: (s: StackBuilder) => void): StackBuilder {
            const s = new StackBuilder();
            fn(s, "pets");
            s.add("aws:lambda/alias:Alias", "live", {
                inputs: { name: "live", functionName: s.ref("pets", "name"), functionVersion: "1" },
                computed: { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets-9f8e7d:live`, invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets-9f8e7d:live/invocations` },
            });
            httpApi(s, "orders-api");
            v2Route(s, "get-orders", { api: "orders-api", routeKey: "GET /orders", function: "live", uriOutput: "invokeArn" });
            perm(s);
            return s;
        }
        const sourceArn = (s: StackBuilder) => s.interp`${s.ref("orders-api", "executionArn")}/*/GET/orders`;
        const cases: { why: string; perm: (s: StackBuilder) => void; expect: Verdict; reason?: RegExp }[] = [
            { why: "permission on the function, no qualifier", perm: (s) => permission(s, "perm", { function: "pets", sourceArn: sourceArn(s) }), expect: "no", reason: /the unqualified function|the function or one of its versions/ },
            { why: "qualifier set to the alias", perm: (s) => permission(s, "perm", { function: "pets", qualifier: "live", sourceArn: sourceArn(s) }), expect: "yes" },
            {
                why: "aws-native: functionName is the alias ARN",
                perm: (s) => s.add("aws-native:lambda:Permission", "perm", {
                    inputs: { action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", functionName: s.ref("live", "arn"), sourceArn: sourceArn(s) },
                    computed: { id: "perm-id" },
                }),
                expect: "yes",
            },
            {
                why: "another function",
                perm: (s) => {
                    fn(s, "other");
                    permission(s, "perm", { function: "other", qualifier: "live", sourceArn: sourceArn(s) });
                },
                expect: "no",
                reason: /another function/,
            },
            { why: "action in another case", perm: (s) => permission(s, "perm", { function: "pets", qualifier: "live", action: "lambda:invokeFunction", sourceArn: sourceArn(s) }), expect: "yes" },
            { why: "action lambda:*", perm: (s) => permission(s, "perm", { function: "pets", qualifier: "live", action: "lambda:*", sourceArn: sourceArn(s) }), expect: "yes" },
            { why: "another action", perm: (s) => permission(s, "perm", { function: "pets", qualifier: "live", action: "lambda:GetFunction", sourceArn: sourceArn(s) }), expect: "no", reason: /action is "lambda:GetFunction"/ },
            { why: "another principal", perm: (s) => permission(s, "perm", { function: "pets", qualifier: "live", principal: "events.amazonaws.com", sourceArn: sourceArn(s) }), expect: "no", reason: /principal is "events.amazonaws.com"/ },
        ];
        for (const mode of ["preview", "update"] as Mode[]) {
            for (const c of cases) {
                // At preview the sourceArn is unknown (built on the right API): only function and qualifier decide.
                const expect = mode === "preview" && c.expect === "yes" ? "maybe" : c.expect;
                it(`${mode}: ${c.why}: ${expect}`, () => {
                    const { targets, permissions } = analyse(aliasStack(c.perm), mode);
                    const got = verdictFor(targets[0], permissions.get("perm")!);
                    assert.strictEqual(got.verdict, expect, got.reasons.join("; "));
                    if (c.reason) {
                        assert.match(got.reasons.join("; "), c.reason);
                    }
                });
            }
        }
    });

    describe("what API Gateway sends", () => {
        it("HTTP $default: .../*/*/$default never matches, .../*/$default does", () => {
            const s = new StackBuilder();
            fn(s, "catch-all");
            httpApi(s, "orders-api");
            v2Route(s, "default", { api: "orders-api", routeKey: "$default", function: "catch-all" });
            permission(s, "wrong", { function: "catch-all", sourceArn: `${HTTP_EXEC}/*/*/$default` });
            permission(s, "right", { function: "catch-all", sourceArn: `${HTTP_EXEC}/*/$default` });
            const { targets, permissions } = analyse(s, "update");
            const wrong = verdictFor(targets[0], permissions.get("wrong")!);
            assert.strictEqual(wrong.verdict, "no");
            assert.match(wrong.reasons.join(), /no verb segment/);
            assert.strictEqual(verdictFor(targets[0], permissions.get("right")!).verdict, "yes");
        });

        it("ANY sends each verb; every stage the stack declares must be covered", () => {
            const s = new StackBuilder();
            restPets(s, "pets", "ANY");
            for (const stage of ["prod", "dev"]) {
                s.add("aws:apigateway/stage:Stage", stage, { inputs: { restApi: s.ref("shop-api", "id"), stageName: stage, deployment: "d1" } });
            }
            permission(s, "prod-only", { function: "pets", sourceArn: `${REST_EXEC}/prod/*/pets` });
            const { targets, permissions } = analyse(s, "update");
            const sent = targets[0].routes[0].sent;
            assert.strictEqual(sent.length, 14, "7 verbs x 2 stages");
            const evaluations = sent.map((x) => permissionAllows(permissions.get("prod-only")!, targets[0], x).verdict);
            assert.deepStrictEqual([...new Set(evaluations)].sort(), ["no", "yes"]);
            assert.ok(sent.filter((x, i) => evaluations[i] === "no").every((x) => x.includes("/dev/")));
        });

        it("REST root: the ARN ends with a slash", () => {
            const s = new StackBuilder();
            fn(s, "pets");
            restApi(s, "shop-api");
            s.add("aws:apigateway/integration:Integration", "root", {
                inputs: { restApi: s.ref("shop-api", "id"), resourceId: s.ref("shop-api", "rootResourceId"), httpMethod: "GET", type: "AWS_PROXY", uri: s.ref("pets", "invokeArn") },
            });
            const { targets } = analyse(s, "update");
            assert.deepStrictEqual(targets[0].routes[0].sent, [`${REST_EXEC}/\uE005/GET/`]);
            assert.strictEqual(targets[0].routes[0].recommended, `${REST_EXEC}/*/GET/`);
        });

        it("a REST authorizer: {apiId}/authorizers/{id}, the id a hole at preview", () => {
            const s = new StackBuilder();
            fn(s, "auth");
            restApi(s, "shop-api");
            s.add("aws:apigateway/authorizer:Authorizer", "token-auth", {
                inputs: { restApi: s.ref("shop-api", "id"), type: "TOKEN", authorizerUri: s.ref("auth", "invokeArn") },
                computed: { id: "auth123" },
            });
            const preview = analyse(s, "preview").targets[0].routes[0];
            assert.strictEqual(preview.recommended, "${shop-api.executionArn}/authorizers/${token-auth.id}");
            assert.strictEqual(preview.sent.length, 1);
            const update = analyse(s, "update").targets[0].routes[0];
            assert.deepStrictEqual(update.sent, [`${REST_EXEC}/authorizers/auth123`]);
        });
    });

    describe("resource-policy size", () => {
        it("a typical API Gateway statement is 340-410 bytes (AWS.md)", () => {
            const s = new StackBuilder();
            restPets(s);
            permission(s, "perm", { function: "pets", sourceArn: `${REST_EXEC}/*/GET/pets` });
            const p = readPermissions(indexOf(s, "update"))[0];
            const bytes = permissionStatementBytes(p);
            assert.ok(bytes >= 250 && bytes <= 410, String(bytes));
            assert.ok(policyBytesOf([bytes, bytes]) > 2 * bytes);
        });
        it("a ${x.executionArn} placeholder counts at the executionArn's upper bound", () => {
            assert.ok(sourceArnBytes("${api.executionArn}/*/GET/pets") > "arn:aws:execute-api:us-east-1:123456789012:abcdefghij/*/GET/pets".length - 1);
        });
    });
});
