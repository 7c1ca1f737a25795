"use strict";
/**
 * Autonaming as the Terraform-bridged aws provider does it (facts from pulumi-aws
 * provider/autonaming.go and provider/resource_overrides.go, and pulumi-terraform-bridge
 * pkg/tfbridge/info/autonaming.go and schema.go):
 * - every resource with an input `name` gets `<resource name>-<7 random hex>` (max 255 chars) when
 *   the program sets none; these override the property or the length:
 *   Lambda Function 64, IAM Role 64, EventRule 64, Lambda Permission `statementId` 100,
 *   EventTarget `targetId`, S3 Bucket `bucket` (lower-cased, 63), SQS Queue and SNS Topic 80 with
 *   `.fifo` appended for FIFO ones;
 * - no autoname when the conflicting `<prop>Prefix` (namePrefix, bucketPrefix...) is set;
 * - the checked inputs carry `__defaults`, the properties the provider filled in; on an update an
 *   autoname listed in the old inputs' `__defaults` is kept, so the name does not change;
 * - an explicit (non-default) name makes a replacement delete-before-replace, since the new
 *   resource would collide with the old one's name.
 * The random part is 7 hex digits of SHA-256 over the engine's randomSeed (the bridge draws them
 * from a ChaCha generator seeded by it: same shape, different digits).
 */
const crypto = require("crypto");
const { RESOURCES } = require("./schema");
const { sdkShape } = require("./sdkShapes");

const DEFAULTS_KEY = "__defaults";

const OVERRIDES = {
    "aws:lambda/function:Function": { prop: "name", maxlen: 64 },
    "aws:iam/role:Role": { prop: "name", maxlen: 64 },
    "aws:cloudwatch/eventRule:EventRule": { prop: "name", maxlen: 64 },
    "aws:cloudwatch/eventTarget:EventTarget": { prop: "targetId", maxlen: 255 },
    "aws:lambda/permission:Permission": { prop: "statementId", maxlen: 100 },
    "aws:s3/bucket:Bucket": { prop: "bucket", maxlen: 63, lowerCase: true },
    "aws:sqs/queue:Queue": { prop: "name", maxlen: 80, fifoFlag: "fifoQueue" },
    "aws:sns/topic:Topic": { prop: "name", maxlen: 80, fifoFlag: "fifoTopic" },
};

/** The autonamed property of a type, or undefined. */
function autonameRule(token) {
    if (OVERRIDES[token]) return OVERRIDES[token];
    const hasName = RESOURCES[token] ? "name" in RESOURCES[token].in : sdkShape(token)?.inputs.has("name");
    return hasName ? { prop: "name", maxlen: 255 } : undefined;
}

function resourceName(urn) {
    return urn.split("::").slice(3).join("::");
}

/**
 * The Check answer: the new inputs with the autoname (new, or kept from `olds`) and `__defaults`.
 * @returns {{ inputs: object, failures: {property: string, reason: string}[] }}
 */
function checkInputs(token, urn, olds, news, randomSeed) {
    const inputs = { ...news };
    delete inputs[DEFAULTS_KEY];
    const defaults = [];
    const failures = [];
    const rule = autonameRule(token);
    if (rule && inputs[rule.prop] === undefined && inputs[`${rule.prop}Prefix`] === undefined) {
        const oldDefaults = Array.isArray(olds?.[DEFAULTS_KEY]) ? olds[DEFAULTS_KEY] : [];
        if (typeof olds?.[rule.prop] === "string" && oldDefaults.includes(rule.prop)) {
            inputs[rule.prop] = olds[rule.prop];
            defaults.push(rule.prop);
        } else {
            const base = rule.lowerCase ? resourceName(urn).toLowerCase() : resourceName(urn);
            const prefix = `${base}-`;
            if (prefix.length + 7 > rule.maxlen) {
                failures.push({
                    property: rule.prop,
                    reason: `name '${prefix}' plus 7 random chars is longer than maximum length ${rule.maxlen}`,
                });
            } else {
                const seed = randomSeed && randomSeed.length > 0 ? randomSeed : Buffer.from(urn);
                let name = prefix + crypto.createHash("sha256").update(seed).digest("hex").slice(0, 7);
                if (rule.fifoFlag && inputs[rule.fifoFlag] === true) name += ".fifo";
                inputs[rule.prop] = name;
                defaults.push(rule.prop);
            }
        }
    }
    inputs[DEFAULTS_KEY] = defaults;
    return { inputs, failures };
}

/** True when the inputs set the autonamed property themselves (the bridge's nameRequiresDeleteBeforeReplace). */
function explicitName(token, news) {
    const rule = autonameRule(token);
    if (!rule || news[rule.prop] === undefined) return false;
    const defaults = news[DEFAULTS_KEY];
    if (!Array.isArray(defaults)) return false; // state from before `__defaults`: treated as autonamed
    return !defaults.includes(rule.prop);
}

/** The inputs without the bridge's bookkeeping key, as the provider's outputs carry them. */
function withoutDefaults(props) {
    const out = { ...props };
    delete out[DEFAULTS_KEY];
    return out;
}

module.exports = { DEFAULTS_KEY, autonameRule, checkInputs, explicitName, withoutDefaults };
