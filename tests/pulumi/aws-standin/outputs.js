"use strict";
/**
 * Ids and computed outputs after a real Create, in AWS's own formats, derived only from the URN,
 * the inputs and the configured region (the stand-in keeps no state: the engine does). Account
 * 123456789012. Random-looking parts (API ids, route ids...) are hashes of the URN, so the same
 * resource always gets the same id.
 */
const crypto = require("crypto");
const { RESOURCES } = require("./schema");
const { sdkShape } = require("./sdkShapes");
const { autonameRule } = require("./naming");

const ACCOUNT = "123456789012";
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** `length` characters of `alphabet`, drawn from SHA-256 of the URN and a salt. */
function token(urn, salt, length, alphabet = LOWER_ALNUM) {
    const bytes = crypto.createHash("sha256").update(urn).update(`\0${salt}`).digest();
    let out = "";
    for (let i = 0; out.length < length; i++) out += alphabet[bytes[i % bytes.length] % alphabet.length];
    return out;
}

/** A fixed creation time, so that outputs do not change between runs. */
const CREATED = "2026-01-01T00:00:00Z";

function nameOf(urn) {
    return urn.split("::").slice(3).join("::");
}

/** Per type: (ctx) => { id, ...computed outputs }. ctx = { urn, inputs, region }. */
const BUILDERS = {
    "aws:lambda/function:Function": ({ inputs, region }) => {
        const arn = `arn:aws:lambda:${region}:${ACCOUNT}:function:${inputs.name}`;
        const version = inputs.publish === true ? "1" : "$LATEST";
        const invoke = (a) => `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${a}/invocations`;
        return {
            id: inputs.name, arn, invokeArn: invoke(arn), qualifiedArn: `${arn}:${version}`,
            qualifiedInvokeArn: invoke(`${arn}:${version}`), version, lastModified: "2026-01-01T00:00:00.000+0000",
        };
    },
    "aws:lambda/permission:Permission": ({ inputs }) => ({ id: inputs.statementId }),
    "aws:iam/role:Role": ({ urn, inputs }) => ({
        id: inputs.name,
        arn: `arn:aws:iam::${ACCOUNT}:role${inputs.path ?? "/"}${inputs.name}`,
        uniqueId: `AROA${token(urn, "uniqueId", 17, UPPER_ALNUM)}`,
        createDate: CREATED,
    }),
    "aws:iam/rolePolicy:RolePolicy": ({ inputs }) => ({ id: `${inputs.role}:${inputs.name}` }),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ({ urn, inputs }) => ({
        id: `${inputs.role}-${token(urn, "attachment", 26, "0123456789")}`,
    }),
    "aws:iam/policy:Policy": ({ urn, inputs }) => {
        const arn = `arn:aws:iam::${ACCOUNT}:policy${inputs.path ?? "/"}${inputs.name}`;
        return { id: arn, arn, policyId: `ANPA${token(urn, "policyId", 17, UPPER_ALNUM)}`, attachmentCount: 0 };
    },
    "aws:apigatewayv2/api:Api": ({ urn, inputs, region }) => {
        const id = token(urn, "api", 10);
        const scheme = inputs.protocolType === "WEBSOCKET" ? "wss" : "https";
        return {
            id, arn: `arn:aws:apigateway:${region}::/apis/${id}`,
            executionArn: `arn:aws:execute-api:${region}:${ACCOUNT}:${id}`,
            apiEndpoint: `${scheme}://${id}.execute-api.${region}.amazonaws.com`,
        };
    },
    "aws:apigatewayv2/integration:Integration": ({ urn }) => ({ id: token(urn, "integration", 7) }),
    "aws:apigatewayv2/route:Route": ({ urn }) => ({ id: token(urn, "route", 7) }),
    "aws:apigatewayv2/authorizer:Authorizer": ({ urn }) => ({ id: token(urn, "authorizer", 6) }),
    "aws:apigatewayv2/deployment:Deployment": ({ urn }) => ({ id: token(urn, "deployment", 6) }),
    "aws:apigatewayv2/stage:Stage": ({ inputs, region }) => {
        const api = inputs.apiId;
        const host = `https://${api}.execute-api.${region}.amazonaws.com`;
        return {
            id: inputs.name,
            arn: `arn:aws:apigateway:${region}::/apis/${api}/stages/${inputs.name}`,
            executionArn: `arn:aws:execute-api:${region}:${ACCOUNT}:${api}/${inputs.name}`,
            invokeUrl: inputs.name === "$default" ? `${host}/` : `${host}/${inputs.name}`,
        };
    },
    "aws:apigateway/restApi:RestApi": ({ urn, region }) => {
        const id = token(urn, "restApi", 10);
        return {
            id, arn: `arn:aws:apigateway:${region}::/restapis/${id}`,
            executionArn: `arn:aws:execute-api:${region}:${ACCOUNT}:${id}`,
            rootResourceId: token(urn, "rootResource", 10), createdDate: CREATED,
        };
    },
    "aws:apigateway/resource:Resource": ({ urn, inputs }) => ({ id: token(urn, "resource", 6), path: `/${inputs.pathPart}` }),
    "aws:apigateway/method:Method": ({ inputs }) => ({ id: `agm-${inputs.restApi}-${inputs.resourceId}-${inputs.httpMethod}` }),
    "aws:apigateway/integration:Integration": ({ inputs }) => ({ id: `agi-${inputs.restApi}-${inputs.resourceId}-${inputs.httpMethod}` }),
    "aws:apigateway/authorizer:Authorizer": ({ urn, inputs, region }) => {
        const id = token(urn, "authorizer", 6);
        return { id, arn: `arn:aws:apigateway:${region}::/restapis/${inputs.restApi}/authorizers/${id}` };
    },
    "aws:apigateway/deployment:Deployment": ({ urn }) => ({ id: token(urn, "deployment", 6), createdDate: CREATED }),
    "aws:apigateway/stage:Stage": ({ inputs, region }) => ({
        id: `ags-${inputs.restApi}-${inputs.stageName}`,
        arn: `arn:aws:apigateway:${region}::/restapis/${inputs.restApi}/stages/${inputs.stageName}`,
        executionArn: `arn:aws:execute-api:${region}:${ACCOUNT}:${inputs.restApi}/${inputs.stageName}`,
        invokeUrl: `https://${inputs.restApi}.execute-api.${region}.amazonaws.com/${inputs.stageName}`,
    }),
    "aws:sqs/queue:Queue": ({ inputs, region }) => {
        const url = `https://sqs.${region}.amazonaws.com/${ACCOUNT}/${inputs.name}`;
        return { id: url, url, arn: `arn:aws:sqs:${region}:${ACCOUNT}:${inputs.name}` };
    },
    "aws:sns/topic:Topic": ({ inputs, region }) => {
        const arn = `arn:aws:sns:${region}:${ACCOUNT}:${inputs.name}`;
        return { id: arn, arn, owner: ACCOUNT };
    },
    "aws:dynamodb/table:Table": ({ inputs, region }) => {
        const arn = `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${inputs.name}`;
        const stream = inputs.streamEnabled === true ? { streamArn: `${arn}/stream/${CREATED.replace("Z", ".000")}`, streamLabel: CREATED.replace("Z", ".000") } : {};
        return { id: inputs.name, arn, ...stream };
    },
    "aws:s3/bucket:Bucket": ({ inputs, region }) => ({
        id: inputs.bucket, arn: `arn:aws:s3:::${inputs.bucket}`,
        bucketDomainName: `${inputs.bucket}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${inputs.bucket}.s3.${region}.amazonaws.com`, bucketRegion: region,
        hostedZoneId: "Z3AQBSTGFYJSTF",
    }),
    "aws:cloudwatch/eventBus:EventBus": ({ inputs, region }) => ({
        id: inputs.name, arn: `arn:aws:events:${region}:${ACCOUNT}:event-bus/${inputs.name}`,
    }),
    "aws:cloudwatch/eventRule:EventRule": ({ inputs, region }) => {
        const bus = inputs.eventBusName && inputs.eventBusName !== "default" ? inputs.eventBusName : undefined;
        return {
            id: bus ? `${bus}/${inputs.name}` : inputs.name,
            arn: `arn:aws:events:${region}:${ACCOUNT}:rule/${bus ? `${bus}/` : ""}${inputs.name}`,
        };
    },
    "aws:cloudwatch/eventTarget:EventTarget": ({ inputs }) => ({ id: `${inputs.eventBusName ?? "default"}-${inputs.rule}-${inputs.targetId}` }),
    "aws:cloudwatch/logGroup:LogGroup": ({ inputs, region }) => ({
        id: inputs.name, arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${inputs.name}`,
    }),
    "aws:sfn/stateMachine:StateMachine": ({ inputs, region }) => {
        const arn = `arn:aws:states:${region}:${ACCOUNT}:stateMachine:${inputs.name}`;
        return { id: arn, arn, creationDate: CREATED, status: "ACTIVE" };
    },
};

/**
 * Any other type: the id is its name when it has one (as most Terraform resources do), else a
 * hash; `arn` is `arn:aws:<module>:<region>:<account>:<type>/<id>` when the type has an arn.
 */
function generic({ token: tok, urn, inputs, region }) {
    const rule = autonameRule(tok);
    const named = rule && typeof inputs[rule.prop] === "string" ? inputs[rule.prop] : undefined;
    const id = named ?? token(urn, "id", 17);
    const m = /^aws:([^/:]+)\/([^:]+):/.exec(tok);
    const service = m ? m[1] : "unknown";
    const kind = m ? m[2].toLowerCase() : "resource";
    return { id, arn: `arn:aws:${service}:${region}:${ACCOUNT}:${kind}/${id}` };
}

/** The outputs a type computes (unknown at preview): schema.js's `out` plus what @pulumi/aws declares as output only. */
function computedKeys(tok) {
    const keys = new Set(Object.keys(RESOURCES[tok]?.out ?? {}));
    const shape = sdkShape(tok);
    if (shape) for (const k of shape.outputs) if (!shape.inputs.has(k)) keys.add(k);
    if (!shape && !RESOURCES[tok]) keys.add("arn");
    return [...keys];
}

/** `{ id, outputs }` of a real Create: the inputs plus the computed outputs. */
function createdOutputs(tok, urn, inputs, region) {
    const build = BUILDERS[tok];
    const { id, ...computed } = build ? build({ urn, inputs, region }) : generic({ token: tok, urn, inputs, region });
    const shape = sdkShape(tok);
    const declares = (k) => (shape ? shape.outputs.has(k) : RESOURCES[tok] ? k in RESOURCES[tok].out : k === "arn");
    const out = {};
    for (const [k, v] of Object.entries(computed)) if (build || declares(k)) out[k] = v;
    // Every v7 resource reports the region it lives in, and tags merged with the provider's default tags.
    if (shape?.outputs.has("region")) out.region = region;
    if (shape?.outputs.has("tagsAll")) out.tagsAll = inputs.tags ?? {};
    return { id: String(id ?? token(urn, "id", 17)), outputs: { ...out, ...inputs } };
}

module.exports = { ACCOUNT, computedKeys, createdOutputs, token };
