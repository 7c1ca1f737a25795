/**
 * Leftover grants (lambda-permission-scoped), through the built pack over the engine's gRPC
 * protocol: a permission whose sourceArn names an API of this stack and a stage, route or
 * authorizer the API does not have is one advisory on the permission naming the method, path and
 * stage. Decided at update and at a preview whose values are known; never at a first preview
 * (the API's id is unknown), and never for an API that is not in this stack.
 */
import * as assert from "assert";
import { parseFinding } from "../../core/finding";
import { SCOPED_POLICY_NAME } from "../../policies/permissionScoped";
import { ACCOUNT, REGION, fn, httpApi, permission, restApi, restResource, restRoute, v2Route } from "../harness/fixtures";
import { analyze, summarize } from "../harness/pack";
import { Expected, assertFindings, findingsOf } from "../harness/expect";
import { Interp, Mode, StackBuilder } from "../harness/stackBuilder";

const EXEC = `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5`;

function onApi(s: StackBuilder, api: string, suffix: string): Interp {
    return new Interp([s.ref(api, "executionArn"), suffix]);
}

/** REST `GET /pets` on stages prod and dev, with the permission it needs, and `extra` as a second permission's sourceArn. */
function restWith(extra: (s: StackBuilder) => unknown) {
    return (s: StackBuilder) => {
        fn(s, "pets");
        restApi(s, "shop-api");
        restResource(s, "pets-res", "shop-api", "pets");
        restRoute(s, "get-pets", { api: "shop-api", resource: "pets-res", method: "GET", function: "pets" });
        for (const stage of ["prod", "dev"]) {
            s.add("aws:apigateway/stage:Stage", `stage-${stage}`, { inputs: { restApi: s.ref("shop-api", "id"), stageName: stage, deployment: "dep123" }, computed: { id: `stage-${stage}-id` } });
        }
        permission(s, "perm", { function: "pets", sourceArn: onApi(s, "shop-api", "/*/GET/pets") });
        permission(s, "old", { function: "pets", sourceArn: extra(s) });
    };
}

interface Case {
    title: string;
    build(s: StackBuilder): void;
    /** At update (and at a preview whose values are known). */
    update: Expected[];
}

const cases: Case[] = [
    {
        title: "a stage the API does not have",
        build: restWith((s) => onApi(s, "shop-api", "/staging/GET/pets")),
        update: [{ resource: "old", level: "advisory", includes: ['for GET /pets on stage "staging" of shop-api (REST API), which has no stage "staging" (its stages: dev, prod): a leftover grant', "Property: sourceArn"] }],
    },
    {
        title: "a method and path the API does not have (a deleted route)",
        build: restWith((s) => onApi(s, "shop-api", "/*/DELETE/pets/*")),
        update: [{ resource: "old", level: "advisory", includes: ['for DELETE /pets/* on stage "*" of shop-api (REST API), which has no route for DELETE /pets/* (its routes: GET /pets)', "Remove \"old\""] }],
    },
    {
        title: "an authorizer id the API does not have",
        build: (s) => {
            restWith((x) => onApi(x, "shop-api", "/authorizers/gone99"))(s);
            fn(s, "auth");
            s.add("aws:apigateway/authorizer:Authorizer", "token-auth", {
                inputs: { restApi: s.ref("shop-api", "id"), type: "TOKEN", authorizerUri: s.ref("auth", "invokeArn") },
                computed: { id: "auth123" },
            });
            permission(s, "auth-perm", { function: "auth", sourceArn: onApi(s, "shop-api", "/authorizers/auth123") });
        },
        update: [{ resource: "old", level: "advisory", includes: ['for authorizer "gone99" of shop-api (REST API), which has no authorizer with id "gone99" (its authorizers: auth123)'] }],
    },
    {
        title: "a route of the API on one of its stages, and the console's test-invoke-stage: not leftover",
        build: (s) => {
            restWith((x) => onApi(x, "shop-api", "/prod/GET/pets"))(s);
            permission(s, "console", { function: "pets", sourceArn: onApi(s, "shop-api", "/test-invoke-stage/GET/pets") });
        },
        update: [],
    },
    {
        title: "a permission for an API that is not in this stack: never leftover",
        build: restWith(() => `arn:aws:execute-api:${REGION}:${ACCOUNT}:zz9y8x7w6v/prod/DELETE/gone`),
        update: [],
    },
    {
        title: "HTTP API: a method its routes do not have is leftover; a $default route is sent as {stage}/$default, so a verb and path beside it are leftover too",
        build: (s) => {
            fn(s, "orders");
            httpApi(s, "orders-api");
            v2Route(s, "get-orders", { api: "orders-api", routeKey: "GET /orders", function: "orders" });
            permission(s, "perm", { function: "orders", sourceArn: onApi(s, "orders-api", "/*/GET/orders") });
            permission(s, "old", { function: "orders", sourceArn: onApi(s, "orders-api", "/*/POST/orders") });
            fn(s, "web");
            httpApi(s, "web-api", "w3b0000001");
            v2Route(s, "web-default", { api: "web-api", routeKey: "$default", function: "web" });
            permission(s, "web-perm", { function: "web", sourceArn: onApi(s, "web-api", "/*/$default") });
            permission(s, "web-any", { function: "web", sourceArn: onApi(s, "web-api", "/*/DELETE/anything") });
        },
        update: [
            { resource: "old", level: "advisory", includes: ['for POST /orders on stage "*" of orders-api (HTTP API), which has no route for POST /orders (its routes: GET /orders)'] },
            { resource: "web-any", level: "advisory", includes: ['for DELETE /anything on stage "*" of web-api (HTTP API), which has no route for DELETE /anything (its routes: $default)'] },
        ],
    },
];

describe(`${SCOPED_POLICY_NAME}: leftover grants`, () => {
    for (const mode of ["preview", "update"] as Mode[]) {
        describe(`at ${mode}`, () => {
            for (const c of cases) {
                it(`${c.title}${mode === "preview" ? ": nothing at a first preview (the API's id is not known)" : ""}`, async () => {
                    const found = await findingsOf(SCOPED_POLICY_NAME, c, mode);
                    assertFindings(found, mode === "update" ? c.update : []);
                    for (const f of found) {
                        assert.strictEqual(parseFinding(f.message).cause?.kind, "leftover-grant");
                    }
                });
            }
        });
    }

    it("at a preview whose values are known (the API exists): reported as at update", async () => {
        const s = new StackBuilder("dev");
        cases[0].build(s);
        const found = summarize(await analyze(s.build("update"), { dryRun: true })).filter((d) => d.policy === SCOPED_POLICY_NAME);
        assertFindings(found, cases[0].update);
    });
});
