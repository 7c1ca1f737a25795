"use strict";
/**
 * The invokes (data sources) programs commonly call, with fixed, well-formed answers: account
 * 123456789012, the configured region (us-east-1 by default), partition aws. Tokens as
 * @pulumi/aws 7.48.0 spells them; both `aws.getX()` and `aws.getXOutput()` reach the provider's
 * Invoke (the Node SDK's invoke and invokeOutput both call the resource monitor's Invoke).
 * ssm getParameter answers a fixed String value for any name (no parameter store here).
 */
const crypto = require("crypto");
const { ACCOUNT } = require("./outputs");

const REGION_NAMES = {
    "us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)", "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)", "eu-west-1": "Europe (Ireland)", "eu-central-1": "Europe (Frankfurt)",
};

/** A string when there is one value (as Terraform's aws_iam_policy_document renders), else the list. */
function oneOrMany(values) {
    return values.length === 1 ? values[0] : values;
}

function renderPrincipals(principals) {
    if (principals.some((p) => p.type === "*")) return "*";
    const out = {};
    for (const p of principals) {
        out[p.type] = [...(Array.isArray(out[p.type]) ? out[p.type] : out[p.type] ? [out[p.type]] : []), ...(p.identifiers ?? [])];
    }
    for (const k of Object.keys(out)) out[k] = oneOrMany(out[k]);
    return out;
}

function renderStatement(s) {
    const st = {};
    if (s.sid) st.Sid = s.sid;
    st.Effect = s.effect ?? "Allow";
    if (s.actions?.length) st.Action = oneOrMany(s.actions);
    if (s.notActions?.length) st.NotAction = oneOrMany(s.notActions);
    if (s.resources?.length) st.Resource = oneOrMany(s.resources);
    if (s.notResources?.length) st.NotResource = oneOrMany(s.notResources);
    if (s.principals?.length) st.Principal = renderPrincipals(s.principals);
    if (s.notPrincipals?.length) st.NotPrincipal = renderPrincipals(s.notPrincipals);
    if (s.conditions?.length) {
        st.Condition = {};
        for (const c of s.conditions) {
            st.Condition[c.test] = { ...(st.Condition[c.test] ?? {}), [c.variable]: oneOrMany(c.values ?? []) };
        }
    }
    return st;
}

/** aws:iam/getPolicyDocument: statements rendered to the JSON policy document shape. */
function getPolicyDocument(args) {
    const doc = { Version: args.version ?? "2012-10-17" };
    if (args.policyId) doc.Id = args.policyId;
    const statements = [];
    for (const src of args.sourcePolicyDocuments ?? []) statements.push(...[].concat(JSON.parse(src).Statement ?? []));
    for (const s of args.statements ?? []) {
        const rendered = renderStatement(s);
        const same = rendered.Sid ? statements.findIndex((x) => x.Sid === rendered.Sid) : -1;
        if (same >= 0) statements[same] = rendered;
        else statements.push(rendered);
    }
    for (const src of args.overridePolicyDocuments ?? []) {
        for (const o of [].concat(JSON.parse(src).Statement ?? [])) {
            const same = o.Sid ? statements.findIndex((x) => x.Sid === o.Sid) : -1;
            if (same >= 0) statements[same] = o;
            else statements.push(o);
        }
    }
    doc.Statement = statements;
    const json = JSON.stringify(doc, null, 2);
    const id = String(crypto.createHash("sha256").update(json).digest().readUInt32BE(0));
    return { ...args, id, json, minifiedJson: JSON.stringify(doc), version: doc.Version };
}

function handlers(config) {
    const region = () => config.region;
    return {
        "aws:index/getCallerIdentity:getCallerIdentity": () => ({
            id: ACCOUNT, accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/pulumi-standin`,
            userId: "AIDAJQABLZS4A3QDU576Q",
        }),
        "aws:index/getRegion:getRegion": (args) => {
            const r = args.region ?? args.name ?? region();
            return {
                id: r, region: r, name: r, description: REGION_NAMES[r] ?? r, endpoint: `ec2.${r}.amazonaws.com`,
            };
        },
        "aws:index/getPartition:getPartition": () => ({
            id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws",
        }),
        "aws:index/getAvailabilityZones:getAvailabilityZones": (args) => {
            const r = args.region ?? region();
            const letters = ["a", "b", "c", "d", "e", "f"];
            return {
                ...args, id: r, region: r, names: letters.map((l) => `${r}${l}`),
                zoneIds: letters.map((_, i) => `use1-az${i + 1}`), groupNames: [r],
            };
        },
        "aws:ssm/getParameter:getParameter": (args) => {
            const name = String(args.name);
            const path = name.startsWith("/") ? name : `/${name}`;
            const value = `standin-value-of-${name}`;
            return {
                ...args, id: name, name, type: "String", value, insecureValue: value, version: 1,
                arn: `arn:aws:ssm:${args.region ?? region()}:${ACCOUNT}:parameter${path}`,
                region: args.region ?? region(),
            };
        },
        "aws:iam/getPolicyDocument:getPolicyDocument": getPolicyDocument,
    };
}

module.exports = { handlers, getPolicyDocument };
