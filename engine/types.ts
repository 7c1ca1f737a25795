import type { EnforcementLevel, Severity } from "./protocol";

/** One resource of a stack as the engine describes it to a policy pack. */
export interface EngineResource {
    urn: string;
    type: string;
    name: string;
    /** What Analyze sees: the inputs the program set (unknowns as marker strings at preview). */
    inputs: Record<string, unknown>;
    /** What AnalyzeStack sees: the resource's outputs (at preview: planned state, unknowns included). */
    outputs: Record<string, unknown>;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    provider?: { urn: string; type: string; name: string; properties?: Record<string, unknown> };
    protect?: boolean;
}

/** The stack that a run analyzes (ConfigureStack and the PULUMI_NODEJS_* environment). */
export interface StackContext {
    organization: string;
    project: string;
    stack: string;
    /** true for `pulumi preview`, false for `pulumi up`. */
    dryRun: boolean;
    tags?: Record<string, string>;
    config?: Record<string, string>;
    /**
     * false: the pack is told nothing of the stack, as `pulumi policy analyze` runs it (no
     * PULUMI_NODEJS_* identity in its environment, no ConfigureStack). Default true.
     */
    announced?: boolean;
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    urn?: string;
    enforcementLevel: EnforcementLevel;
    severity?: Severity;
    /** Which RPC produced it: Analyze (one resource, inputs) or AnalyzeStack (all outputs). */
    phase: "analyze" | "analyzeStack";
}

export interface PolicyConfigSchema {
    properties: Record<string, any>;
    required?: string[];
}

export interface PolicyInfo {
    name: string;
    displayName: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity?: Severity;
    policyType: "resource" | "stack" | "unknown";
    configSchema?: PolicyConfigSchema;
    remediationSteps: string;
    url: string;
    tags: string[];
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    displayName: string;
    description: string;
    readme: string;
    provider: string;
    tags: string[];
    repository: string;
    policies: PolicyInfo[];
    initialConfig: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;
}

/** Per-policy configuration after the engine's reconciliation (what Configure carries). */
export type ReconciledConfig = Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;

/**
 * A `--policy-pack-config` file: `{"all": level, "<policy>": level | {enforcementLevel?, ...}}`.
 */
export type PolicyPackConfigFile = Record<string, unknown>;
