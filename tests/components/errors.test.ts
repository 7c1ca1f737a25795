/**
 * Invalid arguments fail as ResourceErrors that name the component and the route (or authorizer,
 * stage, option) at fault, before any resource is created.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { LambdaApiPermissions, LambdaHttpApi, LambdaRestApi } from "../../components";
import { fnArn, lambdaFunction } from "./fixtures";
import { recordFailure } from "./record";

const FN = fnArn("orders");

/** Runs the program and returns the ResourceError it failed with, and the types it had registered. */
async function failure(program: () => unknown): Promise<{ message: string; registered: string[] }> {
    const { error, resources } = await recordFailure(program);
    assert.ok(pulumi.ResourceError.isInstance(error), `expected a ResourceError, got ${error}`);
    return { message: (error as Error).message, registered: resources.map((r) => r.type) };
}

describe("components: argument errors", () => {
    const cases: { when: string; program: () => unknown; message: string }[] = [
        {
            when: "two REST routes are the same",
            program: () => new LambdaRestApi("shop", { routes: [{ method: "GET", path: "/pets", functionArn: FN }, { method: "GET", path: "/pets", functionArn: FN }] }),
            message: 'LambdaRestApi shop: route GET /pets: duplicate route "GET /pets"',
        },
        {
            when: "two REST routes name the same path parameter differently",
            program: () =>
                new LambdaRestApi("shop", { routes: [{ method: "GET", path: "/pets/{id}", functionArn: FN }, { method: "PUT", path: "/pets/{petId}", functionArn: FN }] }),
            message: "LambdaRestApi shop: route PUT /pets/{petId}: route \"PUT /pets/{petId}\" uses path parameter {petId} where route \"GET /pets/{id}\" uses {id} (under /pets): API Gateway allows one parameter name per position",
        },
        {
            when: "a REST path is invalid",
            program: () => new LambdaRestApi("shop", { routes: [{ method: "GET", path: "pets", functionArn: FN }] }),
            message: 'LambdaRestApi shop: route GET pets: path "pets" must start with "/"',
        },
        {
            when: "a REST method is invalid",
            program: () => new LambdaRestApi("shop", { routes: [{ method: "FETCH", path: "/pets", functionArn: FN }] }),
            message: 'LambdaRestApi shop: route FETCH /pets: method "FETCH" is not one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY',
        },
        {
            when: "an HTTP route key is invalid",
            program: () => new LambdaHttpApi("web", { routes: [{ routeKey: "GET/pets", functionArn: FN }] }),
            message: 'LambdaHttpApi web: route GET/pets: route key "GET/pets" must be "$default" or "METHOD /path" (e.g. "GET /pets")',
        },
        {
            when: "two HTTP routes are the same",
            program: () => new LambdaHttpApi("web", { routes: [{ routeKey: "$default", functionArn: FN }, { routeKey: "$default", functionArn: fnArn("other") }] }),
            message: 'LambdaHttpApi web: route $default: duplicate route "$default"',
        },
        {
            when: "a target is not a Lambda function ARN",
            program: () => new LambdaHttpApi("web", { routes: [{ routeKey: "GET /pets", functionArn: "arn:aws:states:us-east-1:123456789012:stateMachine:pets" }] }),
            message:
                'LambdaHttpApi web: route GET /pets: functionArn "arn:aws:states:us-east-1:123456789012:stateMachine:pets" is not a Lambda function ARN: expected arn:{partition}:lambda:{region}:{account}:function:{name}[:{alias or version}]',
        },
        {
            when: "a target is a stage-variable function",
            program: () =>
                new LambdaApiPermissions("legacy", {
                    executionArn: "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5",
                    apiType: "rest",
                    routes: [{ route: "GET /pets", functionArn: "arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}" }],
                }),
            message:
                'LambdaApiPermissions legacy: route GET /pets: functionArn "arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}" is not a Lambda function ARN: a stage-variable function needs one permission per possible value; list those functions as routes instead',
        },
        {
            when: "a route sets both function and functionArn, or neither",
            program: () => new LambdaHttpApi("web", { routes: [{ routeKey: "GET /pets" }] }),
            message: "LambdaHttpApi web: route GET /pets: set exactly one of `function` (a Function resource) and `functionArn`",
        },
        {
            when: "a route names an authorizer that is not defined",
            program: () => new LambdaRestApi("shop", { routes: [{ method: "GET", path: "/pets", functionArn: FN, authorizer: "token" }] }),
            message: 'LambdaRestApi shop: route GET /pets: authorizer "token" is not in `authorizers` (defined: none)',
        },
        {
            when: "a REST stage name is invalid",
            program: () => new LambdaRestApi("shop", { routes: [{ path: "/pets", functionArn: FN }], stages: ["$default"] }),
            message: 'LambdaRestApi shop: stage $default: stage name "$default" must be 1-128 letters, digits, "-" or "_"',
        },
        {
            when: "the execution ARN has a wildcard account",
            program: () =>
                new LambdaApiPermissions("legacy", { executionArn: "arn:aws:execute-api:us-east-1:*:a1b2c3d4e5", apiType: "http", routes: [{ route: "$default", functionArn: FN }] }),
            message:
                'LambdaApiPermissions legacy: executionArn "arn:aws:execute-api:us-east-1:*:a1b2c3d4e5" must name a concrete account and API id: a wildcard lets other APIs invoke the function',
        },
        {
            when: "a WebSocket route key has a space",
            program: () =>
                new LambdaApiPermissions("chat", {
                    executionArn: "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5",
                    apiType: "websocket",
                    routes: [{ route: "send message", functionArn: FN }],
                }),
            message: 'LambdaApiPermissions chat: route send message: WebSocket route key "send message" must be non-empty with no spaces',
        },
    ];
    for (const c of cases) {
        it(`given ${c.when}, then a ResourceError names it and nothing is created`, async () => {
            const { message, registered } = await failure(c.program);
            assert.strictEqual(message, c.message);
            assert.deepStrictEqual(
                registered.filter((t) => t.startsWith("aws:")),
                [],
            );
        });
    }

    it("given a resource the program created before the failing component, then the failure still records it (the checks above can fail)", async () => {
        const { registered } = await failure(() => {
            lambdaFunction("orders");
            return new LambdaRestApi("shop", { routes: [{ method: "FETCH", path: "/pets", functionArn: FN }] });
        });
        assert.deepStrictEqual(
            registered.filter((t) => t.startsWith("aws:")),
            ["aws:lambda/function:Function"],
        );
    });

    it("given a function ARN known only after deployment that is not a Lambda ARN, then the ResourceError names the route", async () => {
        const { message } = await failure(() => {
            const api = new LambdaHttpApi("web", { routes: [{ routeKey: "GET /pets", functionArn: pulumi.output("arn:aws:sqs:us-east-1:123456789012:queue") }] });
            return api.permissions;
        });
        // The runtime prefixes the property path through which the failed output was read.
        assert.match(
            message,
            /: LambdaHttpApi web: route GET \/pets: functionArn "arn:aws:sqs:us-east-1:123456789012:queue" is not a Lambda function ARN: expected arn:\{partition\}:lambda:/,
        );
    });
});
