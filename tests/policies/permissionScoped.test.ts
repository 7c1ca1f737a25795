/**
 * lambda-permission-scoped, through the built pack over the engine's gRPC protocol, at preview
 * (first preview: every computed value unknown) and at update (values known). Each case lists
 * every finding of this policy a user must see, and only those. An unknown sourceArn built on an
 * API of the stack is taken to be scoped at preview (docs/policies-permissions.md) and checked at
 * update, which is why some cases differ between the two.
 */
import * as assert from "assert";
import { SCOPED_POLICY_NAME, permissionScoped } from "../../policies/permissionScoped";
import { runPolicyPack } from "../../engine/run";
import { ACCOUNT, REGION, fn, httpApi, permission, restApi, restResource, restRoute, v2Route } from "../harness/fixtures";
import { PACK_DIR, analyze } from "../harness/pack";
import { Expected, assertFindings, findingsOf } from "../harness/expect";
import { Interp, Mode, StackBuilder, UNKNOWN } from "../harness/stackBuilder";

interface Case {
    title: string;
    build(s: StackBuilder): void;
    config?: Record<string, unknown>;
    /** Same expectation at preview and update unless split. */
    expect: Expected[] | { preview: Expected[]; update: Expected[] };
}

const EXEC = `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5`;
const HTTP_EXEC = `arn:aws:execute-api:${REGION}:${ACCOUNT}:h1t2t3p4a5`;
const CONFUSED_DEPUTY = "(the confused deputy)";

function onApi(s: StackBuilder, api: string, suffix: string): Interp {
    return new Interp([s.ref(api, "executionArn"), suffix]);
}

/** fn "pets", REST API "shop-api" with GET /pets integrated without credentials. */
function restPets(s: StackBuilder): void {
    fn(s, "pets");
    restApi(s, "shop-api");
    restResource(s, "pets-res", "shop-api", "pets");
    restRoute(s, "get-pets", { api: "shop-api", resource: "pets-res", method: "GET", function: "pets" });
}

/** fn "fleet", HTTP API "orders-api" with `routes` routes GET /r{i} to it, and one API-wide permission. */
function manyRoutes(routes: number) {
    return (s: StackBuilder) => {
        fn(s, "fleet");
        httpApi(s, "orders-api");
        for (let i = 0; i < routes; i++) {
            v2Route(s, `r${i}`, { api: "orders-api", routeKey: `GET /r${i}`, function: "fleet" });
        }
        permission(s, "broad", { function: "fleet", sourceArn: onApi(s, "orders-api", "/*/*/*") });
    };
}

const cases: Case[] = [
    {
        title: "a permission scoped to its route: nothing",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets", sourceArn: onApi(s, "shop-api", "/*/GET/pets") });
        },
        expect: [],
    },
    {
        title: "no sourceArn: mandatory, naming the route's sourceArn",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets" });
        },
        expect: {
            preview: [{
                resource: "perm",
                level: "mandatory",
                includes: [
                    'the permission lets "apigateway.amazonaws.com" invoke Lambda function "pets" (name known after create) with no sourceArn.',
                    "Property: sourceArn",
                    "any API Gateway API, in any AWS account, can invoke the function",
                    "Route: GET /pets",
                    'Fix: Set sourceArn to "${shop-api.executionArn}/*/GET/pets".',
                ],
            }],
            update: [{ resource: "perm", level: "mandatory", includes: ['Lambda function "pets-9f8e7d" with no sourceArn', `Fix: Set sourceArn to "${EXEC}/*/GET/pets".`] }],
        },
    },
    {
        title: "sourceAccount only: still mandatory (every API of that account can invoke)",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets", sourceAccount: ACCOUNT });
        },
        expect: [{ resource: "perm", level: "mandatory", includes: ["with no sourceArn (only a sourceAccount)", `sourceAccount "${ACCOUNT}" only narrows that to every API in account ${ACCOUNT}`] }],
    },
    {
        title: "a literal wildcard account: mandatory",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets", sourceArn: `arn:aws:execute-api:${REGION}:*:a1b2c3d4e5/*` });
        },
        expect: [{ resource: "perm", level: "mandatory", includes: ['which is not scoped to one API', 'Its account "*" is not a concrete 12-digit account id', CONFUSED_DEPUTY] }],
    },
    {
        title: "a wildcard account around the API's id: found once the sourceArn is known",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets", sourceArn: new Interp([`arn:aws:execute-api:${REGION}:*:`, s.ref("shop-api", "id"), "/*/GET/pets"]) });
        },
        expect: { preview: [], update: [{ resource: "perm", level: "mandatory", includes: ['Its account "*" is not a concrete 12-digit account id', `Set sourceArn to "${EXEC}/*/GET/pets"`] }] },
    },
    {
        title: "arn:aws:execute-api:*:*:* (what Checkov accepts): mandatory, naming region, account and API id",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets", sourceArn: "arn:aws:execute-api:*:*:*" });
        },
        expect: [{ resource: "perm", level: "mandatory", includes: ['Its region "*" is not concrete; its account "*" is not a concrete 12-digit account id; its API id "*" is not concrete'] }],
    },
    {
        title: "a wildcard API id: mandatory",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets", sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:*/*/GET/pets` });
        },
        expect: [{ resource: "perm", level: "mandatory", includes: ['Its API id "*" is not concrete'] }],
    },
    {
        title: "principal * with lambda:InvokeFunction and no sourceArn: mandatory; * for a function URL is not API Gateway's",
        build: (s) => {
            restPets(s);
            permission(s, "star", { function: "pets", principal: "*" });
            permission(s, "url", { function: "pets", principal: "*", action: "lambda:InvokeFunctionUrl" });
        },
        expect: [{ resource: "star", level: "mandatory", includes: ['the permission lets "*" invoke'] }],
    },
    {
        title: "another service principal without a sourceArn: not this policy's business",
        build: (s) => {
            restPets(s);
            permission(s, "events", { function: "pets", principal: "events.amazonaws.com" });
        },
        expect: [],
    },
    {
        title: "aws-native permission without a sourceArn: mandatory",
        build: (s) => {
            restPets(s);
            s.add("aws-native:lambda:Permission", "native", {
                inputs: { action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", functionName: s.ref("pets", "arn") },
                computed: { id: "native-id" },
            });
        },
        expect: [{ resource: "native", level: "mandatory", includes: ['"native" (aws-native:lambda:Permission)', "with no sourceArn"] }],
    },
    {
        title: "no sourceArn on a function that serves two routes: the fix lists one sourceArn per route",
        build: (s) => {
            restPets(s);
            restResource(s, "orders-res", "shop-api", "orders");
            restRoute(s, "post-orders", { api: "shop-api", resource: "orders-res", method: "POST", function: "pets" });
            permission(s, "perm", { function: "pets" });
        },
        expect: {
            preview: [{ resource: "perm", level: "mandatory", includes: ['Replace it with one permission per route, sourceArn "${shop-api.executionArn}/*/GET/pets", "${shop-api.executionArn}/*/POST/orders".'] }],
            update: [{ resource: "perm", level: "mandatory", includes: [`sourceArn "${EXEC}/*/GET/pets", "${EXEC}/*/POST/orders".`] }],
        },
    },
    {
        title: "broader than needed (apiId/*/*/* while only GET /pets integrates): advisory with the narrower ARN, once known",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets", sourceArn: onApi(s, "shop-api", "/*/*/*") });
        },
        expect: {
            preview: [],
            update: [{
                resource: "perm",
                level: "advisory",
                includes: [`sourceArn "${EXEC}/*/*/*" lets more of the API invoke Lambda function "pets-9f8e7d" than the route(s) that use it (GET /pets)`, `Fix: Set sourceArn to "${EXEC}/*/GET/pets".`, "of 20480 bytes"],
            }],
        },
    },
    {
        title: "broader than needed with adviseNarrowerScope false: nothing",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets", sourceArn: onApi(s, "shop-api", "/*/*/*") });
        },
        config: { [SCOPED_POLICY_NAME]: { adviseNarrowerScope: false } },
        expect: [],
    },
    {
        title: "an API-wide permission for a function serving 3 routes: advisory listing the 3 narrower ARNs",
        build: manyRoutes(3),
        expect: {
            preview: [],
            update: [{ resource: "broad", level: "advisory", includes: [`Replace it with one permission per route, sourceArn "${HTTP_EXEC}/*/GET/r0", "${HTTP_EXEC}/*/GET/r1", "${HTTP_EXEC}/*/GET/r2".`] }],
        },
    },
    {
        title: "near the 20 KB budget (55 routes on one function): the broad permission is the right call",
        build: manyRoutes(55),
        expect: {
            preview: [],
            update: [{ resource: "broad", level: "advisory", includes: ["is broader than the 55 route(s) that use it, and for Lambda function \"fleet-9f8e7d\" that is the right call", "past the budget of 16384 bytes", "Nothing to change"] }],
        },
    },
    {
        title: "budgetHeadroomBytes decides what is near the budget: 2 routes with 20000 bytes of headroom",
        build: manyRoutes(2),
        config: { [SCOPED_POLICY_NAME]: { budgetHeadroomBytes: 20000 } },
        expect: { preview: [], update: [{ resource: "broad", level: "advisory", includes: ["that is the right call", "past the budget of 480 bytes"] }] },
    },
    {
        title: "a sourceArn unknown at preview and built on no API of the stack: advisory at preview, scoped at update",
        build: (s) => {
            restPets(s);
            s.add("aws:ssm/parameter:Parameter", "arn-param", { inputs: { name: "/shop/arn", type: "String" }, computed: { value: `${EXEC}/*/GET/pets` } });
            permission(s, "perm", { function: "pets", sourceArn: s.ref("arn-param", "value") });
        },
        expect: {
            preview: [{ resource: "(stack)", level: "advisory", severity: "low", includes: ['1 check was deferred at this preview', '"perm" (aws:lambda/permission:Permission) sourceArn (computed during the update and built on no API of this stack'] }],
            update: [],
        },
    },
];

describe(SCOPED_POLICY_NAME, () => {
    for (const mode of ["preview", "update"] as Mode[]) {
        describe(`at ${mode}`, () => {
            for (const c of cases) {
                it(c.title, async () => {
                    const found = await findingsOf(SCOPED_POLICY_NAME, c, mode);
                    assertFindings(found, Array.isArray(c.expect) ? c.expect : c.expect[mode]);
                    for (const f of found) {
                        assert.ok(f.phase === "analyzeStack", "a stack policy");
                        assert.ok(!f.message.includes(UNKNOWN) && !/\bundefined\b/.test(f.message) && !/[\uE000-\uF8FF]/.test(f.message), f.message);
                    }
                });
            }
        });
    }

    it("a budgetHeadroomBytes above the limit is rejected naming the policy and the property", async () => {
        const s = new StackBuilder();
        restPets(s);
        await assert.rejects(
            analyze(s.build("update"), { dryRun: false, config: { [SCOPED_POLICY_NAME]: { budgetHeadroomBytes: 30000 } } }),
            /lambda-permission-scoped: budgetHeadroomBytes must be <= 20480/,
        );
    });

    it("GetAnalyzerInfo lists both permission policies as stack policies, with their levels, severities and config schemas", async () => {
        const { info } = await runPolicyPack(PACK_DIR, { stack: { organization: "acme", project: "shop", stack: "dev", dryRun: true }, resources: [] });
        const byName = new Map(info.policies.map((p) => [p.name, p]));
        const forRoute = byName.get("lambda-permission-for-route");
        const scoped = byName.get(SCOPED_POLICY_NAME);
        assert.ok(forRoute && scoped, info.policies.map((p) => p.name).join(", "));
        assert.deepStrictEqual([forRoute.policyType, forRoute.enforcementLevel, forRoute.severity], ["stack", "mandatory", "high"]);
        assert.deepStrictEqual([scoped.policyType, scoped.enforcementLevel, scoped.severity], ["stack", "mandatory", "critical"]);
        assert.deepStrictEqual(forRoute.configSchema?.properties.externalFunctions.default, []);
        assert.strictEqual(scoped.configSchema?.properties.adviseNarrowerScope.default, true);
        assert.strictEqual(scoped.configSchema?.properties.budgetHeadroomBytes.default, 4096);
        assert.match(scoped.url, /#lambda-permission-scoped$/);
    });
});

describe(`${SCOPED_POLICY_NAME}: an internal error`, () => {
    it("is reported as one advisory naming the policy, never thrown (a throw would fail the user's whole preview)", async () => {
        const reported: unknown[] = [];
        const args = {
            get resources(): never {
                throw new Error("boom");
            },
            getConfig: () => ({}),
        };
        await permissionScoped.validateStack!(args as never, ((v: unknown) => reported.push(v)) as never);
        assert.strictEqual(reported.length, 1);
        const v = reported[0] as { message: string; enforcementLevel?: string };
        assert.strictEqual(v.enforcementLevel, "advisory");
        assert.match(v.message, new RegExp(`^${SCOPED_POLICY_NAME} could not complete its check: boom\\.`));
    });
});

// Running these files alone (without tests/hooks.test.ts) must still stop the pack processes.
